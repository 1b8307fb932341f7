"""`public_modified` of a meeting or an agenda item moves with what the public sees of it, and with nothing else."""

import datetime as dt

import pytest

from council.models import AgendaItem, Meeting, Person
from meetings import minutes, planning
from tests import factories as f

pytestmark = pytest.mark.django_db

LONG_AGO = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def meeting():
    body = f.body()
    meeting = f.meeting(f.organization(body), state="held", location=f.location(body))
    Meeting.objects.filter(pk=meeting.pk).update(public_modified=LONG_AGO)
    return Meeting.objects.get(pk=meeting.pk)


def public_modified(record):
    return type(record).objects.values_list("public_modified", flat=True).get(pk=record.pk)


def test_a_new_meeting_is_dated_when_it_was_created():
    meeting = f.meeting(f.organization(f.body()))
    assert meeting.public_modified == Meeting.objects.get(pk=meeting.pk).public_modified
    assert meeting.public_modified > LONG_AGO


def test_minutes_in_the_making_do_not_move_it(meeting):
    person = f.person(meeting.body)
    minutes.save_head(meeting, chair=person, minute_taker="Frau Protokoll", remarks="Entwurf", by=None)
    minutes.open_draft(meeting, by=None)
    meeting.refresh_from_db()
    assert meeting.minutes_state == Meeting.MinutesState.DRAFT and meeting.minute_taker == "Frau Protokoll"
    assert public_modified(meeting) == LONG_AGO
    meeting.save()  # unchanged
    assert public_modified(meeting) == LONG_AGO


def test_approving_the_minutes_moves_it_and_so_does_every_later_edit_of_them(meeting):
    minutes.save_head(meeting, chair=None, minute_taker="Frau Protokoll", remarks="Entwurf", by=None)
    approved_in = f.meeting(meeting.organization, start=meeting.start + dt.timedelta(days=7), state="held")
    minutes.approve_minutes(meeting, approved_in, by=None, at=approved_in.start)
    approved = public_modified(meeting)
    assert approved > LONG_AGO
    Meeting.objects.filter(pk=meeting.pk).update(public_modified=LONG_AGO)
    corrected = Meeting.objects.get(pk=meeting.pk)  # as the admin corrects approved minutes
    corrected.minutes_text = "Berichtigt"
    corrected.save()
    assert public_modified(meeting) > LONG_AGO


def test_a_change_the_public_sees_moves_it(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.PLANNED)
    planning.update_meeting(meeting, meeting.start + dt.timedelta(hours=1), by=None, location=meeting.location)
    assert public_modified(meeting) > LONG_AGO


def test_saving_named_fields_moves_it_only_for_a_public_one(meeting):
    meeting.minute_taker = "Herr Protokoll"
    meeting.save(update_fields=["minute_taker"])
    assert public_modified(meeting) == LONG_AGO
    meeting.cancellation_reason = "Keine Themen"
    meeting.save(update_fields=["cancellation_reason"])
    assert public_modified(meeting) > LONG_AGO


def test_a_meeting_loaded_in_part_is_compared_with_its_stored_row(meeting):
    partial = Meeting.objects.only("id", "organization", "minutes_state").get(pk=meeting.pk)
    partial.minutes_text = "Entwurf"
    partial.save(update_fields=["minutes_text"])
    assert public_modified(meeting) == LONG_AGO
    partial = Meeting.objects.only("id", "organization").get(pk=meeting.pk)
    partial.location = None
    partial.save(update_fields=["location"])
    assert public_modified(meeting) > LONG_AGO


def test_an_items_course_of_the_consultation_counts_once_the_minutes_are_approved(meeting):
    item = f.agenda_item(meeting, order=1, name="Bänke im Stadtgarten", result="adopted")
    AgendaItem.objects.filter(pk=item.pk).update(public_modified=LONG_AGO)
    minutes.save_notes(meeting, {item.pk: "<p>Frau A. fragt nach den Kosten.</p>"}, by=None)
    assert public_modified(item) == LONG_AGO
    AgendaItem.objects.filter(pk=item.pk).update(public=False)
    item = AgendaItem.objects.get(pk=item.pk)
    item.public = True
    item.save()  # public again: the public sees the item change
    assert public_modified(item) > LONG_AGO

    AgendaItem.objects.filter(pk=item.pk).update(public_modified=LONG_AGO)
    approved_in = f.meeting(meeting.organization, start=meeting.start + dt.timedelta(days=7), state="held")
    minutes.approve_minutes(meeting, approved_in, by=None, at=approved_in.start)
    assert public_modified(item) == LONG_AGO  # the approval moves the meeting
    item = AgendaItem.objects.get(pk=item.pk)
    item.minutes_note = "<p>Berichtigt.</p>"
    item.save()
    assert public_modified(item) > LONG_AGO


def test_of_a_non_public_item_only_its_place_and_marks_count(meeting):
    item = f.agenda_item(meeting, order=1, public=False, name="Grundstücksangelegenheit")
    AgendaItem.objects.filter(pk=item.pk).update(public_modified=LONG_AGO)
    item.name, item.result, item.resolution_text = "Verkauf Flurstück 12", "adopted", "Verkauft."
    item.save()
    assert public_modified(item) == LONG_AGO
    item.withdrawn = True
    item.save()
    assert public_modified(item) > LONG_AGO


def test_renumbering_an_agenda_moves_the_items_it_renumbers(meeting):
    from meetings import agenda

    planned = f.meeting(meeting.organization, start=meeting.start + dt.timedelta(days=30))
    first = f.agenda_item(planned, order=1, name="Erster Punkt")
    second = f.agenda_item(planned, order=2, name="Zweiter Punkt")
    AgendaItem.objects.filter(meeting=planned).update(public_modified=LONG_AGO)
    agenda.move_item(first, 1, by=None)
    assert public_modified(first) > LONG_AGO and public_modified(second) > LONG_AGO


def test_a_persons_contact_data_and_login_do_not_move_it():
    person = f.person(f.body(), given_name="Rita", family_name="Rätin")
    Person.objects.filter(pk=person.pk).update(public_modified=LONG_AGO)
    person = Person.objects.get(pk=person.pk)
    person.email, person.phone = "rita@example.org", "03371 12345"
    person.user = f.user(person.body)
    person.save()
    assert public_modified(person) == LONG_AGO
    person.party = "Grüne"
    person.save()
    assert public_modified(person) > LONG_AGO
