"""Prepared statements on Django's PostgreSQL connection, for a statement run on every request.

Django binds parameters on the client: PostgreSQL parses and plans every statement anew. For a
long statement run again and again with other values (the portal's search page), parsing and
planning took longer than a third of running it. A cursor from `prepared_cursor` binds on the
server and has psycopg prepare each statement once per connection (psycopg keeps the names,
deallocates the least used beyond 100 and all of them after a rollback); PostgreSQL then plans
it for the values given, or once for all values when that plan costs no more (its
`plan_cache_mode = auto`).

The cursor goes through Django's wrappers like any other: queries are counted and logged (the
statement as prepared, with `$1`, its values beside it), and errors are Django's. The
connection must allow prepared statements (`prepare_threshold` in the database OPTIONS,
`ratsinfo.settings`); Django's own cursors never prepare.
"""

import psycopg
from django.db import connection as default_connection


class _PreparingCursor(psycopg.Cursor):
    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)

    def _send_query_prepared(self, name, pgq, *, binary=None):
        # psycopg keeps the statement it sent (`_query`, which Django's query log reads) only
        # for statements it does not prepare.
        self._query = pgq
        super()._send_query_prepared(name, pgq, binary=binary)


def prepared_cursor(connection=default_connection):
    """A cursor of `connection` (PostgreSQL) that prepares what it executes; use it as Django's cursor."""
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    cursor = _PreparingCursor(connection.connection)
    return connection.make_debug_cursor(cursor) if connection.queries_logged else connection.make_cursor(cursor)
