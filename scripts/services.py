"""PostgreSQL and Redis for the test command: the configured servers, or throwaway ones.

    python scripts/services.py [--throwaway] [--no-redis] -- COMMAND [ARG ...]

Runs COMMAND with `DATABASE_URL` and `TEST_REDIS_URL` set, passes its exit status on,
and leaves no server behind:

- `DATABASE_URL` set: it must name a reachable PostgreSQL server (otherwise exit 1), and
  is used as it is.
- `DATABASE_URL` not set: PostgreSQL at 127.0.0.1:5432 (user postgres) when it answers;
  otherwise Debian's `postgresql` is installed when missing (apt-get) and a throwaway
  cluster is started in a temporary folder on a free port, with durability switched off
  (it only lives for the run), and removed afterwards. `--throwaway` always does that.
- `TEST_REDIS_URL` set: used as it is. Otherwise `redis-server` (installed when missing)
  runs on a free port for the command (not with `--no-redis`). Tests never use `REDIS_URL`: a shared cache would
  couple them.

The named database is created when missing (pytest makes its own `test_…` databases;
`makemigrations --check` and the benchmarks use the named one).
"""

import argparse
import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dj_database_url
import psycopg
import psycopg.sql

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ratsinfo"
DATABASE_NAME = "ratsinfo"


class ServiceError(Exception):
    """A service that cannot be used; the message says why."""


# --- PostgreSQL ----------------------------------------------------------------------------


def postgres_config(url):
    config = dj_database_url.parse(url) if url else {}
    if "postgresql" not in config.get("ENGINE", ""):
        raise ServiceError(f"The test suite runs on PostgreSQL; DATABASE_URL is {url!r}.")
    return config


def connect(url, dbname="postgres"):
    config = postgres_config(url)
    return psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname=dbname,
        connect_timeout=5,
        autocommit=True,
    )


def postgres_problem(url):
    """None when PostgreSQL answers at `url`, else what went wrong."""
    try:
        connect(url).close()
    except psycopg.OperationalError as error:
        return str(error).strip()
    return None


def choose_postgres(configured, problem_at):
    """The URL to use, or None for a throwaway cluster.

    `configured` is DATABASE_URL (or empty); `problem_at(url)` says why a server does not
    answer (None when it does). A configured server that does not answer is an error:
    the run was meant for that server.
    """
    if configured:
        config = postgres_config(configured)
        problem = problem_at(configured)
        if problem:
            raise ServiceError(f"PostgreSQL is not reachable at {config['HOST']}:{config['PORT']}: {problem}")
        return configured
    return DEFAULT_DATABASE_URL if problem_at(DEFAULT_DATABASE_URL) is None else None


def ensure_database(url):
    name = postgres_config(url)["NAME"]
    with connect(url) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))


def apt_install(*packages):
    """Debian's packages, as `make demo` installs Pango: sudo unless root, `apt-get update` when needed."""
    apt = ["apt-get"] if os.geteuid() == 0 else ["sudo", "apt-get"]
    install = [*apt, "install", "-y", "--no-install-recommends", *packages]
    print(f"Installing {' '.join(packages)} (Debian) …", file=sys.stderr)
    if subprocess.run(install, stdout=subprocess.DEVNULL).returncode != 0:
        subprocess.run([*apt, "update"], stdout=subprocess.DEVNULL, check=True)
        subprocess.run(install, stdout=subprocess.DEVNULL, check=True)


def postgres_bindir():
    """The newest installed server's binaries (Debian keeps them out of PATH)."""

    def version(path):
        return [int(part) for part in Path(path).parts[-3].split(".") if part.isdigit()]

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=version)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user(folder):
    """PostgreSQL refuses to run as root: then the cluster belongs to the `postgres` user."""
    if os.geteuid() != 0:
        return []
    user = pwd.getpwnam("postgres")
    os.chown(folder, user.pw_uid, user.pw_gid)
    return ["runuser", "-u", "postgres", "--"]


@contextlib.contextmanager
def throwaway_postgres():
    """A PostgreSQL cluster in a temporary folder on a free port; yields its URL; stopped and removed after."""
    bindir = postgres_bindir()
    if bindir is None:
        apt_install("postgresql")
        bindir = postgres_bindir()
    folder = Path(tempfile.mkdtemp(prefix="ratsinfo-postgres-"))
    data, port = folder / "data", free_port()
    run_as = _as_server_user(folder)
    pg_ctl = [*run_as, str(bindir / "pg_ctl"), "-D", str(data)]
    started = False
    try:
        subprocess.run(
            [*run_as, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
            + ["--no-locale", "--no-sync"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        options = (
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        subprocess.run(
            [*pg_ctl, "-o", options, "-l", str(folder / "server.log"), "-w", "start"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        started = True
        print(f"Throwaway PostgreSQL on 127.0.0.1:{port} ({folder}).", file=sys.stderr)
        yield f"postgres://postgres@127.0.0.1:{port}/{DATABASE_NAME}"
    finally:
        if started:
            subprocess.run([*pg_ctl, "-m", "fast", "-w", "stop"], stdout=subprocess.DEVNULL)
        shutil.rmtree(folder, ignore_errors=True)


# --- Redis -----------------------------------------------------------------------------------


@contextlib.contextmanager
def throwaway_redis():
    """A redis-server on a free port, keeping nothing on disk; yields its URL; stopped after."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(binary).exists():
        apt_install("redis-server")
    port = free_port()
    folder = tempfile.mkdtemp(prefix="ratsinfo-redis-")
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", folder],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            if server.poll() is not None or time.monotonic() > deadline:
                raise ServiceError(f"redis-server did not start on port {port}")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


# --- the command -----------------------------------------------------------------------------


def _stop_on_sigterm():
    """Turn SIGTERM into SystemExit, so the servers are stopped as on Ctrl-C."""

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--throwaway", action="store_true", help="always start a throwaway PostgreSQL cluster")
    parser.add_argument("--no-redis", action="store_true", help="the command needs no Redis")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND [ARG ...]")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")
    _stop_on_sigterm()
    with contextlib.ExitStack() as services:
        try:
            url = None if args.throwaway else choose_postgres(os.environ.get("DATABASE_URL", ""), postgres_problem)
        except ServiceError as problem:
            sys.exit(str(problem))
        if url is None:
            url = services.enter_context(throwaway_postgres())
        ensure_database(url)
        environment = {**os.environ, "DATABASE_URL": url}
        if not environment.get("TEST_REDIS_URL") and not args.no_redis:
            environment["TEST_REDIS_URL"] = services.enter_context(throwaway_redis())
        environment.pop("REDIS_URL", None)
        return subprocess.call(command, env=environment)


if __name__ == "__main__":
    sys.exit(main())
