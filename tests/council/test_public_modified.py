"""`Meeting.public_modified` moves with what the public sees of a meeting, and with nothing else."""

import datetime as dt

import pytest

from council.models import Meeting
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


def public_modified(meeting):
    return Meeting.objects.values_list("public_modified", flat=True).get(pk=meeting.pk)


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
