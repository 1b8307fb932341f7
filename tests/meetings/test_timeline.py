"""The council office's work shows in the paper's timeline: scheduled, deferred, decided, taken off."""

import datetime as dt

import pytest

from council.models import AgendaItem
from meetings import agenda, planning, results
from resolutions.models import Paper
from tests import factories as f
from tests.meetings.conftest import at
from tests.meetings.test_results import on_agenda

pytestmark = pytest.mark.django_db
R = AgendaItem.Result


def timeline(paper):
    return [
        (step.action, step.by, step.meeting_id, step.from_state, step.to_state)
        for step in paper.transitions.order_by("at", "id")
    ]


def test_putting_on_the_agenda_deferring_and_deciding_are_steps_of_the_paper(world):
    item, paper = on_agenda(world, start=at(2026, 9, 9))
    first = item.meeting
    results.record_result(item, R.DEFERRED, by=world.office)
    later = f.meeting(world.council, start=at(2026, 10, 7))
    new_item = agenda.add_paper(later, paper.consultations.get(), by=world.office)
    agenda.publish_invitation(later, by=world.office, at=later.start - dt.timedelta(days=14))
    results.record_result(new_item, R.ADOPTED, by=world.office, votes_yes=5)

    assert timeline(paper) == [
        ("schedule", world.office, first.pk, "released", "in_consultation"),
        ("defer", world.office, first.pk, "in_consultation", "in_consultation"),
        ("schedule", world.office, later.pk, "in_consultation", "in_consultation"),
        ("decide", world.office, later.pk, "in_consultation", "decided"),
    ]


def test_the_decision_date_is_the_meetings_day_not_the_day_of_recording(world):
    item, paper = on_agenda(world, start=at(2026, 9, 9))
    results.record_result(item, R.ADOPTED, by=world.office)
    paper.refresh_from_db()
    assert paper.decided_at == item.meeting.start


def test_cancelling_a_meeting_takes_its_papers_off_with_the_reason_in_the_timeline(world):
    meeting = f.meeting(world.council, start=at(2026, 12, 9))
    paper = f.paper(world.body, under_direction_of=world.department)
    agenda.add_paper(meeting, f.consultation(paper, world.council), by=world.office)
    planning.cancel_meeting(meeting, "Beschlussunfähigkeit absehbar", by=world.office)
    paper.refresh_from_db()
    assert paper.state == Paper.State.RELEASED
    last = paper.transitions.order_by("id").last()
    assert (last.action, last.meeting, last.comment) == (
        "unschedule",
        meeting,
        "Sitzung abgesagt: Beschlussunfähigkeit absehbar",
    )


def test_removing_an_item_from_a_draft_agenda_takes_the_paper_off(world):
    meeting = f.meeting(world.council, start=at(2026, 12, 9))
    paper = f.paper(world.body, under_direction_of=world.department)
    item = agenda.add_paper(meeting, f.consultation(paper, world.council), by=world.office)
    agenda.remove_item(item, by=world.office)
    assert [(action, to_state) for action, _, _, _, to_state in timeline(paper)] == [
        ("schedule", "in_consultation"),
        ("unschedule", "released"),
    ]
