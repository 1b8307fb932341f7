import datetime as dt

import pytest
from django.utils import timezone

from council.models import AgendaItem, Attendance, Meeting, Vote
from meetings import agenda, minutes, planning, results
from meetings.errors import MeetingsError
from meetings.forms import ApproveMinutesForm
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
    results.record_result(item, AgendaItem.Result.ADOPTED, by=world.office, votes_yes=2, votes_no=0, votes_abstention=1)
    meeting.refresh_from_db()
    return meeting


def test_the_draft_is_built_from_attendance_results_and_notes_and_shows_the_nonpublic_part_to_insiders(world):
    meeting = held_meeting(world)
    present = {world.members[0].pk, world.members[1].pk, world.members[2].pk}
    minutes.record_attendance(meeting, present, {world.members[3].pk}, by=world.office)
    assert Attendance.objects.filter(meeting=meeting).count() == 6
    secret = meeting.agenda_items.get(public=False)
    minutes.save_notes(meeting, {secret.pk: "<p>Kaufpreis 84.000 Euro</p><script>x()</script>"}, by=world.office)

    minutes.open_draft(meeting, by=world.office)

    meeting.refresh_from_db()
    assert meeting.minutes_state == Meeting.MinutesState.DRAFT
    secret.refresh_from_db()
    assert secret.minutes_note == "<p>Kaufpreis 84.000 Euro</p>"  # sanitised on save
    record = minutes.minutes_for(meeting, world.office)
    assert [row.person for row in record.present] == world.members[:3]
    assert [row.person for row in record.excused] == [world.members[3]]
    assert len(record.absent) == 2
    public = {entry.item.number: entry for entry in record.public_items}
    assert (
        public["Ö 2"].result_label == "beschlossen" and public["Ö 2"].item.votes_summary == "2 ja, 0 nein, 1 Enthaltung"
    )
    assert record.full_version and record.nonpublic_items[0].note == "<p>Kaufpreis 84.000 Euro</p>"
    assert minutes.minutes_for(meeting, None) is None  # a draft is not public


def test_minutes_are_approved_in_a_later_meeting_and_then_frozen(world):
    meeting = held_meeting(world)
    minutes.open_draft(meeting, by=world.office)
    minutes.save_head(meeting, chair=None, minute_taker="Frau Jäger", remarks="Vom Sitzungsdienst.", by=world.office)
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
        minutes.save_head(meeting, chair=None, minute_taker="", remarks="nachträglich", by=world.office)
    with pytest.raises(MeetingsError, match="bestätigt"):
        minutes.save_notes(meeting, {meeting.agenda_items.first().pk: "nachträglich"}, by=world.office)
    with pytest.raises(MeetingsError, match="bestätigt"):
        minutes.record_attendance(meeting, set(), set(), by=world.office)
    with pytest.raises(MeetingsError, match="festgeschrieben"):
        results.record_result(meeting.agenda_items.get(number="Ö 1"), AgendaItem.Result.NOTED, by=world.office)
    assert meeting.minutes_text == "Vom Sitzungsdienst." and meeting.minute_taker == "Frau Jäger"


def test_a_substitute_counts_as_present_and_guests_are_kept_in_order(world):
    meeting = held_meeting(world)
    member, substitute = world.members[4], f.person(world.body, family_name="Ersatz")
    f.membership(substitute, world.committee)  # holds a mandate, but is no member of the council
    assert substitute in minutes.substitute_candidates(meeting, minutes.members_for_attendance(meeting))
    present = {m.pk for m in world.members[:4]}
    guests = [("Herr Dr. Weber", "Planungsbüro Nord"), ("Frau Klein", "")]

    minutes.record_attendance(
        meeting, present, {member.pk}, by=world.office, substitutes={member.pk: substitute.pk}, guests=guests
    )

    row = Attendance.objects.get(meeting=meeting, person=substitute)
    assert row.present and row.represents == member
    assert results.members_present(meeting) == 5  # four members and the substitute of the fifth
    assert substitute in results.voters(meeting)
    assert [str(guest) for guest in meeting.guests.all()] == ["Herr Dr. Weber, Planungsbüro Nord", "Frau Klein"]
    assert substitute not in minutes.members_for_attendance(meeting)  # not listed as a member of its own
    record = minutes.minutes_for(meeting, world.office)
    assert record.excused[0].substitute == substitute and row in record.present
    for wrong, message in (
        ({world.members[0].pk: substitute.pk}, "anwesendes Mitglied"),
        ({member.pk: world.members[1].pk}, "kein anderes Mitglied"),
    ):
        with pytest.raises(MeetingsError, match=message):
            minutes.record_attendance(meeting, present, {member.pk}, by=world.office, substitutes=wrong)

    minutes.record_attendance(meeting, present | {member.pk}, set(), by=world.office, substitutes={}, guests=guests[1:])

    assert not Attendance.objects.filter(meeting=meeting, person=substitute).exists()
    assert [guest.name for guest in meeting.guests.all()] == ["Frau Klein"]
    assert Attendance.history.filter(person=substitute, history_type="-").exists()  # the history keeps it


def test_attendance_recorded_after_the_votes_must_still_hold_them(world):
    meeting = held_meeting(world)  # three votes recorded at Ö 2
    two = {world.members[0].pk, world.members[1].pk}

    with pytest.raises(MeetingsError, match="3 Stimmen erfasst.*nur 2"):
        minutes.record_attendance(meeting, two, set(), by=world.office)

    assert not Attendance.objects.filter(meeting=meeting).exists()  # nothing of the refused list is kept
    minutes.record_attendance(meeting, two | {world.members[2].pk}, set(), by=world.office)
    assert results.members_present(meeting) == 3


def test_attendance_must_hold_the_votes_by_name(world):
    meeting = held_meeting(world)
    item = meeting.agenda_items.get(number="Ö 2")
    voters = list(results.voters(meeting))[:3]
    results.record_result(
        item,
        AgendaItem.Result.ADOPTED,
        by=world.office,
        named_votes={person.pk: Vote.Choice.YES for person in voters},
    )
    others = {m.pk for m in world.members if m not in voters}

    with pytest.raises(MeetingsError, match="namentlich"):
        minutes.record_attendance(meeting, others | {voters[0].pk, voters[1].pk}, set(), by=world.office)


def test_a_withdrawn_item_is_abgesetzt_in_the_minutes_without_wording(world):
    meeting = held_meeting(world)
    AgendaItem.objects.filter(meeting=meeting, number="Ö 2").update(withdrawn=True)

    entry = next(e for e in minutes.minutes_for(meeting, world.office).public_items if e.item.number == "Ö 2")

    assert entry.result_label == "abgesetzt" and entry.text is None


def test_minutes_are_not_approved_in_a_meeting_that_is_still_ahead(world):
    meeting = held_meeting(world)
    minutes.open_draft(meeting, by=world.office)
    ahead = f.meeting(world.council, start=timezone.now() + dt.timedelta(days=14), state=Meeting.State.INVITED)

    assert ahead not in minutes.approving_meetings(meeting)
    with pytest.raises(MeetingsError, match="frühestens an deren Sitzungstag"):
        minutes.approve_minutes(meeting, ahead, by=world.office)
    meeting.refresh_from_db()
    assert meeting.minutes_state == Meeting.MinutesState.DRAFT


def test_no_minutes_before_the_meeting_was_held(world):
    meeting = f.meeting(world.council, state=Meeting.State.INVITED)
    with pytest.raises(MeetingsError, match="stattgefunden"):
        minutes.open_draft(meeting, by=world.office)


def test_the_minutes_give_the_wording_as_it_stood_after_their_meeting_not_later_changes(world):
    from resolutions.models import Amendment
    from tests.minutes_world import minutes_town

    town = minutes_town()
    item = town.public_item
    # Taken up again in the later meeting, which changes the wording once more.
    AgendaItem.objects.create(
        meeting=town.later, consultation=item.consultation, number="Ö 9", order=90, name=item.name
    )
    f.amendment(
        item.consultation,
        Amendment.Kind.CHANGED,
        "Der Radweg wird gebaut.",
        "Der Radweg wird verbreitert.",
        meeting=town.later,
        position=2,
    )

    entry = next(e for e in minutes.minutes_for(town.meeting, town.office).public_items if e.item == item)

    assert "Der Radweg wird gebaut." in entry.text.decided and "verbreitert" not in entry.text.marked


def test_the_meetings_to_approve_minutes_in_are_named_by_their_local_day(world):
    """A meeting at half past midnight in Berlin is on the previous day in UTC: the label gives the local one."""
    late = f.meeting(world.council, start=dt.datetime(2026, 12, 14, 0, 30, tzinfo=f.TZ))
    form = ApproveMinutesForm(meetings=Meeting.objects.filter(pk=late.pk))
    assert [label for _value, label in form.fields["approved_in"].choices][1:] == ["14.12.2026 (geplant)"]
