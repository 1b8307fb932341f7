"""The failed logins of the old lock-out (councillors) move to accounts, keyed on the account."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("councillors", "0001_councillor_area"), ("accounts", "0003_failed_login_per_account")]
AFTER = [("councillors", "0002_move_failed_logins_to_accounts")]


def test_old_failed_logins_are_carried_over_to_their_accounts(django_user_model):
    member = django_user_model.objects.create_user("Mitglied", password="pw-test-123")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("councillors", "FailedLogin")
    when = timezone.now() - dt.timedelta(minutes=3)
    old.objects.create(username="mitglied", ip_address="203.0.113.5", attempted=when)
    old.objects.create(username="ｎｉｅｍａｎｄ", ip_address=None, attempted=when)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    from accounts.models import FailedLogin

    moved = {(row.user_id, row.username, row.ip_address, row.attempted) for row in FailedLogin.objects.all()}
    assert moved == {(member.pk, "mitglied", "203.0.113.5", when), (None, "niemand", None, when)}


@pytest.fixture(autouse=True)
def _back_to_the_latest_migrations():
    """Leave the test database as every other test expects it: all migrations applied
    (going back to BEFORE unapplied what came later, e.g. councillors' later tables)."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
