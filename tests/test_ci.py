import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_check(url):
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "scripts/require_postgres.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_test_command_fails_when_postgresql_is_unreachable():
    result = run_check("postgres://postgres@127.0.0.1:1/ratsinfo")
    assert result.returncode != 0
    assert "not reachable" in result.stderr


def test_test_command_refuses_sqlite():
    result = run_check("sqlite:///tmp/x.sqlite3")
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr
