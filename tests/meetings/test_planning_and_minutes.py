import datetime as dt

import pytest
from django.utils import timezone

from council.models import AgendaItem, Attendance, Meeting
from meetings import agenda, minutes, planning, results
from meetings.errors import MeetingsError
from resolutions.models import Paper
from tests import factories as f
from tests.meetings.conftest import at

pytestmark = pytest.mark.django_db


def test_a_series_gives_one_meeting_per_month_on_the_nth_weekday_and_skips_taken_days(world):
    created = planning.create_series(
        world.council, 2027, [2, 4, 6], weekday=1, week=-1, time=dt.time(17), by=world.office,
        duration=dt.timedelta(hours=2),
    )  # fmt: skip
    assert [m.date.isoformat() for m in created] == ["2027-02-23", "2027-04-27", "2027-06-29"]
    assert all(m.state == Meeting.State.PLANNED and m.end - m.start == dt.timedelta(hours=2) for m in created)
    again = planning.create_series(
        world.council, 2027, [2, 4, 6, 8], weekday=1, week=-1, time=dt.time(17), by=world.office
    )
    assert [m.date.isoformat() for m in again] == ["2027-08-31"]


def test_meetings_are_only_for_bodies_that_consult_and_not_twice_at_once(world):
    with pytest.raises(MeetingsError, match="kein Gremium"):
        planning.create_meeting(world.department, at(2027, 1, 5), by=world.office)
    planning.create_meeting(world.council, at(2027, 1, 5), by=world.office)
    with pytest.raises(MeetingsError, match="schon eine Sitzung"):
        planning.create_meeting(world.council, at(2027, 1, 5), by=world.office)


def test_cancelling_puts_the_papers_back_into_their_beratungsfolge(world):
    meeting = f.meeting(world.council)
    consultation = f.consultation(f.paper(world.body), world.council)
    agenda.add_paper(meeting, consultation, by=world.office)
    agenda.publish_invitation(meeting, by=world.office, at=meeting.start - dt.timedelta(days=14))

    planning.cancel_meeting(meeting, "Beschlussunfähigkeit absehbar", by=world.office)

    meeting.refresh_from_db()
    consultation.refresh_from_db()
    assert meeting.state == Meeting.State.CANCELLED and meeting.cancellation_reason == "Beschlussunfähigkeit absehbar"
    assert consultation.meeting is None
    assert consultation.paper.state == Paper.State.RELEASED
    assert meeting.agenda_items.count() == 1  # the cancelled date stays visible
    with pytest.raises(MeetingsError, match="bereits abgesagt"):
        planning.cancel_meeting(meeting, "nochmal", by=world.office)


def test_a_held_meeting_cannot_be_cancelled(world):
    meeting = f.meeting(world.council, state=Meeting.State.HELD)
    with pytest.raises(MeetingsError, match="durchgeführte"):
        planning.cancel_meeting(meeting, "zu spät", by=world.office)


def held_meeting(world, start=None):
    meeting = f.meeting(world.council, start=start or at(2026, 4, 14))
    agenda.add_standing_items(meeting, ["opening"], by=world.office)
    consultation = f.consultation(f.paper(world.body, name="Haushaltssatzung 2027"), world.council)
    item = agenda.add_paper(meeting, consultation, by=world.office)
    agenda.add_item(meeting, "Grundstücksangelegenheit", public=False, by=world.office)
    agenda.publish_invitation(meeting, by=world.office, at=meeting.start - dt.timedelta(days=14))
    results.record_result(item, AgendaItem.Result.ADOPTED, by=world.office, votes_yes=4, votes_no=0, votes_abstention=1)
    meeting.refresh_from_db()
    return meeting


def test_the_draft_lists_attendance_and_results_but_not_the_nonpublic_part(world):
    meeting = held_meeting(world)
    present = {world.members[0].pk, world.members[1].pk, world.members[2].pk}
    minutes.record_attendance(meeting, present, {world.members[3].pk}, by=world.office)
    assert Attendance.objects.filter(meeting=meeting).count() == 6

    minutes.generate_draft(meeting, by=world.office)

    meeting.refresh_from_db()
    assert meeting.minutes_state == Meeting.MinutesState.DRAFT
    text = meeting.minutes_text
    assert "Anwesend (3):" in text and "Entschuldigt (1): Erika Mitglied3" in text
    assert "Unentschuldigt (2):" in text
    assert "Ö 2 Haushaltssatzung 2027" in text
    assert "Ergebnis: beschlossen (4 ja, 0 nein, 1 Enthaltung)" in text
    assert "Grundstücksangelegenheit" not in text and "N 1" in text


def test_minutes_are_approved_in_a_later_meeting_and_then_frozen(world):
    meeting = held_meeting(world)
    minutes.generate_draft(meeting, by=world.office)
    minutes.save_minutes(meeting, "Niederschrift, vom Sitzungsdienst überarbeitet.", by=world.office)
    earlier = f.meeting(world.council, start=at(2026, 1, 10), state=Meeting.State.HELD)
    other_org = f.meeting(world.committee, start=at(2026, 6, 1), state=Meeting.State.INVITED)
    for wrong in (earlier, other_org):
        with pytest.raises(MeetingsError, match="späteren Sitzung desselben Gremiums"):
            minutes.approve_minutes(meeting, wrong, by=world.office)
    later = f.meeting(world.council, start=at(2026, 6, 2), state=Meeting.State.INVITED)

    minutes.approve_minutes(meeting, later, by=world.office)

    meeting.refresh_from_db()
    assert meeting.minutes_state == Meeting.MinutesState.APPROVED and meeting.minutes_approved_in == later
    with pytest.raises(MeetingsError, match="bestätigt"):
        minutes.save_minutes(meeting, "nachträglich", by=world.office)
    with pytest.raises(MeetingsError, match="bestätigt"):
        minutes.generate_draft(meeting, by=world.office)
    with pytest.raises(MeetingsError, match="festgeschrieben"):
        results.record_result(meeting.agenda_items.get(number="Ö 1"), AgendaItem.Result.NOTED, by=world.office)
    assert meeting.minutes_text == "Niederschrift, vom Sitzungsdienst überarbeitet."


def test_minutes_are_not_approved_in_a_meeting_that_is_still_ahead(world):
    meeting = held_meeting(world)
    minutes.generate_draft(meeting, by=world.office)
    ahead = f.meeting(world.council, start=timezone.now() + dt.timedelta(days=14), state=Meeting.State.INVITED)

    assert ahead not in minutes.approving_meetings(meeting)
    with pytest.raises(MeetingsError, match="frühestens an deren Sitzungstag"):
        minutes.approve_minutes(meeting, ahead, by=world.office)
    meeting.refresh_from_db()
    assert meeting.minutes_state == Meeting.MinutesState.DRAFT


def test_no_minutes_before_the_meeting_was_held(world):
    meeting = f.meeting(world.council, state=Meeting.State.INVITED)
    with pytest.raises(MeetingsError, match="stattgefunden"):
        minutes.generate_draft(meeting, by=world.office)
