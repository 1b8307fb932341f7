import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "SITE_URL", "TRUSTED_PROXIES", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_deploy_check_is_clean_in_production_configuration():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x" * 20 + "-a-long-random-production-secret-0123456789",
        ALLOWED_HOSTS="ratsinfo.example.org",
        SITE_URL="https://ratsinfo.example.org",
        TRUSTED_PROXIES="10.0.0.5,192.168.10.0/24,2001:db8::/64",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr and "issues" not in result.stdout.lower().replace("no issues", "")


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-0123456789",
    "ALLOWED_HOSTS": "ratsinfo.example.org",
}


def test_production_without_site_url_fails_the_check():
    result = run_manage("check", **PRODUCTION)
    assert result.returncode != 0
    assert "ratsinfo.E001" in result.stderr and "SITE_URL must be set" in result.stderr


@pytest.mark.parametrize("url", ["http://ratsinfo.example.org", "ratsinfo.example.org", "https://"])
def test_production_with_a_site_url_that_is_not_https_fails_the_deploy_check(url):
    result = run_manage("check", "--deploy", SITE_URL=url, **PRODUCTION)
    assert result.returncode != 0
    assert "ratsinfo.E002" in result.stderr


def test_development_needs_no_site_url():
    assert run_manage("check", DEBUG="1").returncode == 0


def test_a_trusted_proxy_that_is_no_address_fails_the_check():
    result = run_manage("check", TRUSTED_PROXIES="10.0.0.5,proxy.example.org")
    assert result.returncode != 0
    assert "ratsinfo.E003" in result.stderr and "proxy.example.org" in result.stderr


def test_production_without_secret_key_refuses_to_start():
    result = run_manage("check", DEBUG="0", ALLOWED_HOSTS="ratsinfo.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


PARALLEL_WRITES = """
import threading, time
from django.db import connection, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE counter (n integer)")
    cursor.execute("INSERT INTO counter VALUES (0)")
connection.close()
errors = []

def save_ten_times():
    try:
        for _ in range(10):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT n FROM counter")
                n = cursor.fetchone()[0]
                time.sleep(0.002)
                cursor.execute("UPDATE counter SET n = %s", [n + 1])
    except Exception as error:
        errors.append(repr(error))
    finally:
        connection.close()

threads = [threading.Thread(target=save_ten_times) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT n FROM counter")
    print("saved", cursor.fetchone()[0], "errors", errors)
    cursor.execute("PRAGMA journal_mode")
    print("journal", cursor.fetchone()[0])
"""


def test_parallel_saves_on_the_sqlite_demo_wait_for_each_other_instead_of_failing(tmp_path):
    result = run_manage("shell", "-c", PARALLEL_WRITES, DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    assert result.returncode == 0, result.stderr
    assert "saved 80 errors []" in result.stdout, result.stdout
    assert "journal wal" in result.stdout
