"""Rows built once per test database and put back into each test's own transaction.

Loading the demo takes seconds; dozens of tests start from it. `take(build)` runs `build`
once in a transaction, copies every table's rows out with PostgreSQL's `COPY` (binary),
and rolls back, so the test database stays as empty as migrations left it and tests that
need no demo never see one. `restore(snapshot)` copies the rows back inside the current
test's transaction (a few milliseconds), so each test sees the data exactly as built and
its own changes are rolled back (or flushed, for transactional tests) afterwards.

Tables migrations fill (content types, permissions, the role groups) are replaced by the
snapshot's copy on restore: a transactional test's flush re-creates them with new ids,
and the snapshot's rows point at the old ones.
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

SKIPPED = {MigrationRecorder.Migration._meta.db_table}


@dataclass
class Snapshot:
    result: object  # what `build` returned
    rows: dict  # table -> COPY data (binary format)
    prefilled: list  # tables that held rows before `build` ran (filled by migrations)
    sequences_sql: str  # moves each filled table's id sequence past the copied ids


def _tables():
    return [name for name in connection.introspection.table_names() if name not in SKIPPED]


def _has_rows(cursor, table):
    cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {connection.ops.quote_name(table)})")
    return cursor.fetchone()[0]


def _copy_out(cursor, table):
    with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT (FORMAT BINARY)") as copy:
        return b"".join(bytes(block) for block in copy)


def _sequences_sql(tables):
    models = [model for model in apps.get_models(include_auto_created=True) if model._meta.db_table in tables]
    return "\n".join(connection.ops.sequence_reset_sql(no_style(), models))


def take(build):
    """Run `build()`, keep a copy of every row it left in the database, and undo it."""
    with transaction.atomic(), connection.cursor() as cursor:
        prefilled = [table for table in _tables() if _has_rows(cursor, table)]
        result = build()
        rows = {table: _copy_out(cursor, table) for table in _tables() if _has_rows(cursor, table)}
        # Nothing `build` queued for after commit (mails, PDFs) runs: a test's transaction never commits either.
        transaction.set_rollback(True)
    ContentType.objects.clear_cache()
    return Snapshot(result=result, rows=rows, prefilled=prefilled, sequences_sql=_sequences_sql(rows))


def restore(snapshot):
    """Put the snapshot's rows back, in the current transaction (or one of its own in autocommit)."""
    with transaction.atomic(), connection.cursor() as cursor:
        # Django's foreign keys are checked at commit (INITIALLY DEFERRED): the tables fill in any order.
        for table in snapshot.prefilled:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        for table, data in snapshot.rows.items():
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} FROM STDIN (FORMAT BINARY)") as copy:
                copy.write(data)
        if snapshot.sequences_sql:
            cursor.execute(snapshot.sequences_sql)
    ContentType.objects.clear_cache()
