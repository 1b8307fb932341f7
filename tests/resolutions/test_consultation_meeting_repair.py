"""The data migration that gives a consultation the meeting its agenda item names (issue 16)."""

import datetime as dt
import importlib
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from council.models import Meeting
from tests import factories as f

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")

MIGRATION = ("resolutions", "0006_consultation_meeting_from_agenda_item")
repair = importlib.import_module(f"{MIGRATION[0]}.migrations.{MIGRATION[1]}")


def migration_apps():
    """The models as the migration sees them (without the history signals of the live models)."""
    return MigrationExecutor(connection).loader.project_state(MIGRATION).apps


def test_a_consultation_without_a_meeting_gets_the_latest_meeting_its_agenda_items_name():
    body = f.body()
    committee = f.organization(body)
    first = f.meeting(committee, state=Meeting.State.HELD, start=dt.datetime(2026, 3, 1, 18, tzinfo=BERLIN))
    later = f.meeting(committee, state=Meeting.State.HELD, start=dt.datetime(2026, 5, 1, 18, tzinfo=BERLIN))
    paper = f.paper(body, state="in_consultation")
    waiting = f.consultation(paper, committee)
    f.agenda_item(later, consultation=waiting, result="deferred")
    f.agenda_item(first, consultation=waiting, result="deferred")
    scheduled = f.consultation(f.paper(body), committee, meeting=first)
    f.agenda_item(later, order=2, consultation=scheduled)
    untouched = f.consultation(f.paper(body), committee)
    versions = waiting.history.count()

    repair.fill_meetings(migration_apps(), None)

    waiting.refresh_from_db()
    assert waiting.meeting == later
    assert waiting.history.count() == versions + 1
    assert waiting.history.first().meeting_id == later.pk
    scheduled.refresh_from_db()
    untouched.refresh_from_db()
    assert scheduled.meeting == first and untouched.meeting is None
