"""The test command's services (scripts/services.py): the configured PostgreSQL, or a throwaway one."""

import os
import socket
import subprocess
import sys
from pathlib import Path

from scripts.services import DEFAULT_DATABASE_URL, choose_postgres

ROOT = Path(__file__).resolve().parents[1]

# What the command sees: where PostgreSQL and Redis answer, checked from inside.
PROBE = """
import os, socket, dj_database_url, psycopg, redis
config = dj_database_url.parse(os.environ["DATABASE_URL"])
with psycopg.connect(host=config["HOST"], port=config["PORT"], user=config["USER"], dbname=config["NAME"]) as db:
    db.execute("SELECT 1")
assert redis.Redis.from_url(os.environ["TEST_REDIS_URL"]).ping()
print(config["PORT"], redis.Redis.from_url(os.environ["TEST_REDIS_URL"]).connection_pool.connection_kwargs["port"])
"""


def run_services(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TEST_REDIS_URL"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "scripts/services.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def answers(port):
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_test_command_fails_when_the_configured_postgresql_is_unreachable():
    result = run_services("--", "true", DATABASE_URL="postgres://postgres@127.0.0.1:1/ratsinfo")
    assert result.returncode != 0
    assert "not reachable" in result.stderr


def test_test_command_refuses_sqlite():
    result = run_services("--", "true", DATABASE_URL="sqlite:///tmp/x.sqlite3")
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_without_database_url_the_local_server_is_used_when_it_answers_else_a_throwaway_one():
    def answering(url):
        return None

    def silent(url):
        return "connection refused"

    assert choose_postgres("", answering) == DEFAULT_DATABASE_URL
    assert choose_postgres("", silent) is None  # a throwaway cluster
    assert choose_postgres("postgres://u@db.example.org/x", answering) == "postgres://u@db.example.org/x"


def test_a_throwaway_postgresql_and_redis_serve_the_command_and_are_gone_afterwards():
    result = run_services("--throwaway", "--", sys.executable, "-c", PROBE)
    assert result.returncode == 0, result.stderr
    postgres_port, redis_port = (int(port) for port in result.stdout.split())
    assert postgres_port != 5432
    assert not answers(postgres_port) and not answers(redis_port)
    assert "Throwaway PostgreSQL" in result.stderr
    folder = result.stderr.split("Throwaway PostgreSQL on ", 1)[1].split("(", 1)[1].split(")", 1)[0]
    assert not Path(folder).exists()


def test_the_command_s_exit_status_is_passed_on():
    result = run_services("--no-redis", "--", sys.executable, "-c", "raise SystemExit(3)")
    assert result.returncode == 3
