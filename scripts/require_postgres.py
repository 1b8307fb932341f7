"""Fail loudly (exit 1) when the test database is not a reachable PostgreSQL server."""

import os
import sys

import dj_database_url
import psycopg
import psycopg.sql

url = os.environ.get("DATABASE_URL", "")
config = dj_database_url.parse(url) if url else {}
if "postgresql" not in config.get("ENGINE", ""):
    sys.exit(f"The test suite runs on PostgreSQL; DATABASE_URL is {url!r}.")
try:
    connection = psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        connect_timeout=5,
        autocommit=True,
    )
except psycopg.OperationalError as error:
    sys.exit(f"PostgreSQL is not reachable at {config['HOST']}:{config['PORT']}: {error}")
with connection:
    # The named database itself is only used by `makemigrations --check`; pytest makes its own.
    if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone():
        connection.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(config["NAME"])))
print(f"PostgreSQL reachable at {config['HOST']}:{config['PORT']}.")
