"""The data migration that dates existing decisions on their deciding meeting."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from council.models import Organization
from resolutions.models import Consultation, Paper
from tests import factories as f

pytestmark = pytest.mark.django_db
repair = importlib.import_module("resolutions.migrations.0004_decision_date_is_the_meetings").repair


def test_decided_papers_take_the_date_of_the_meeting_that_decided_them():
    body = f.body()
    council = f.organization(body, kind=Organization.Kind.COUNCIL)
    committee = f.organization(body)
    paper = f.paper(body, state=Paper.State.DECIDED, decided_at=dt.datetime(2026, 8, 14, 10, tzinfo=dt.UTC))
    preliminary = f.consultation(paper, committee, position=1, role=Consultation.Role.PRELIMINARY)
    deciding = f.consultation(paper, council, position=2, role=Consultation.Role.DECISION)
    early = f.meeting(committee, start=dt.datetime(2026, 8, 20, 17, tzinfo=f.TZ))
    meeting = f.meeting(council, start=dt.datetime(2026, 9, 9, 18, tzinfo=f.TZ))
    f.agenda_item(early, consultation=preliminary, result="adopted")
    f.agenda_item(meeting, consultation=deciding, result="adopted")
    undated = f.paper(body, state=Paper.State.DECIDED)
    f.agenda_item(meeting, order=2, consultation=f.consultation(undated, council), result="rejected")
    without_meeting = f.paper(body, state=Paper.State.DECIDED)

    repair(apps, None)

    assert Paper.objects.get(pk=paper.pk).decided_at == meeting.start
    assert Paper.objects.get(pk=undated.pk).decided_at == meeting.start
    assert Paper.objects.get(pk=without_meeting.pk).decided_at is None
