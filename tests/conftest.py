import pytest
from django.db import connection


@pytest.fixture(autouse=True, scope="session")
def _runs_on_postgresql(django_db_setup, django_db_blocker):
    """The suite is about the production database; a silent fallback to SQLite would hide bugs."""
    with django_db_blocker.unblock():
        assert connection.vendor == "postgresql", "Tests run on PostgreSQL: set DATABASE_URL=postgres://…"


@pytest.fixture
def demo(db):
    from council.demo import load_demo

    return load_demo()
