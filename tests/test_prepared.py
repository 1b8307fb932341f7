"""lib.prepared: a statement is prepared once per connection and still counted like any query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lib.prepared import prepared_cursor

pytestmark = pytest.mark.django_db

STATEMENT = "SELECT %(word)s || ' ' || %(number)s::text"


def prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


def test_a_statement_is_prepared_once_and_run_with_other_values(django_assert_num_queries):
    answers = []
    with django_assert_num_queries(2):
        for word, number in (("Vorlage", 1), ("Sitzung", 2)):
            with prepared_cursor() as cursor:
                cursor.execute(STATEMENT, {"word": word, "number": number})
                answers.append(cursor.fetchone()[0])
    assert answers == ["Vorlage 1", "Sitzung 2"]
    assert prepared_statements().count("SELECT $1 || ' ' || $2::text") == 1


def test_the_statement_is_logged_as_prepared():
    with CaptureQueriesContext(connection) as queries:
        for word in ("Vorlage", "Sitzung"):  # prepared, then run as prepared
            with prepared_cursor() as cursor:
                cursor.execute(STATEMENT, {"word": word, "number": 1})
    assert [query["sql"] for query in queries] == ["SELECT $1 || ' ' || $2::text"] * 2


def test_djangos_own_cursors_still_prepare_nothing():
    for _ in range(10):
        with connection.cursor() as cursor:
            cursor.execute("SELECT %s + 1", [41])
    assert not any("+ 1" in statement for statement in prepared_statements())


def test_errors_are_djangos():
    from django.db import ProgrammingError, transaction

    with pytest.raises(ProgrammingError), transaction.atomic(), prepared_cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table WHERE id = %(id)s", {"id": 1})
