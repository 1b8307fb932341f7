"""Meeting planning: a meeting, a series for a year, cancelling.

A meeting is planned, then invited (the invitation is published, see `meetings.agenda`),
then held (its first result is recorded, see `meetings.results`), or cancelled.
"""

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from council.models import Meeting
from lib.history import save_as
from meetings.errors import MeetingsError


def _check_organization(organization):
    if not organization.consults:
        raise MeetingsError(f"„{organization.name}“ ist kein Gremium und hält keine Sitzungen ab.")


@transaction.atomic
def create_meeting(organization, start, by, end=None, location=None, name="", at=None):
    _check_organization(organization)
    if end is not None and end < start:
        raise MeetingsError("Das Ende der Sitzung liegt vor ihrem Beginn.")
    if Meeting.objects.filter(organization=organization, start=start).exclude(state=Meeting.State.CANCELLED).exists():
        raise MeetingsError(f"Für „{organization.name}“ ist zu diesem Zeitpunkt schon eine Sitzung geplant.")
    meeting = Meeting(organization=organization, start=start, end=end, location=location, name=name)
    return save_as(meeting, by, at=at)


@transaction.atomic
def update_meeting(meeting, start, by, end=None, location=None, name=""):
    """Move a planned or invited meeting, or change its place; the organization stays."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state in (Meeting.State.HELD, Meeting.State.CANCELLED):
        raise MeetingsError("Eine durchgeführte oder abgesagte Sitzung kann nicht mehr verlegt werden.")
    if end is not None and end < start:
        raise MeetingsError("Das Ende der Sitzung liegt vor ihrem Beginn.")
    clash = (
        Meeting.objects.filter(organization_id=meeting.organization_id, start=start)
        .exclude(pk=meeting.pk)
        .exclude(state=Meeting.State.CANCELLED)
    )
    if clash.exists():
        raise MeetingsError("Zu diesem Zeitpunkt ist schon eine Sitzung des Gremiums geplant.")
    meeting.start, meeting.end, meeting.location, meeting.name = start, end, location, name
    return save_as(meeting, by)


def set_invitation_text(organization, text, by):
    """The organization's own salutation and text of its printed invitations; empty: the standard text."""
    organization.invitation_text = text.replace("\r\n", "\n").strip()
    return save_as(organization, by)


def nth_weekday(year, month, weekday, week):
    """The `week`-th (1–4, or -1 for the last) `weekday` (0 = Monday) of a month."""
    days = [
        day
        for day in calendar.Calendar().itermonthdates(year, month)
        if day.month == month and day.weekday() == weekday
    ]
    return days[-1] if week == -1 else days[week - 1]


@transaction.atomic
def create_series(organization, year, months, weekday, week, time, by, duration=None, location=None):
    """One meeting in each of `months` of `year`, on the n-th weekday at `time`.

    Months that already have a (not cancelled) meeting of the organization on that day are
    skipped, so the series can be created again after adding a month. Returns the new meetings.
    """
    _check_organization(organization)
    if not months:
        raise MeetingsError("Bitte mindestens einen Monat für die Sitzungsreihe wählen.")
    zone = ZoneInfo(settings.TIME_ZONE)
    created = []
    for month in sorted(set(months)):
        day = nth_weekday(year, month, weekday, week)
        start = dt.datetime.combine(day, time, tzinfo=zone)
        taken = (
            Meeting.objects.filter(organization=organization, start__date=day)
            .exclude(state=Meeting.State.CANCELLED)
            .exists()
        )
        if taken:
            continue
        meeting = Meeting(
            organization=organization,
            start=start,
            end=start + duration if duration else None,
            location=location or organization.location,
        )
        created.append(save_as(meeting, by))
    return created


@transaction.atomic
def cancel_meeting(meeting, reason, by, at=None):
    """Cancel a planned or invited meeting; its papers go back into their Beratungsfolge.

    The agenda items stay (the cancelled date remains visible on the paper), but the
    consultations no longer point to this meeting and can be put on another agenda.
    """
    from meetings.agenda import release_consultation

    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state == Meeting.State.HELD:
        raise MeetingsError("Eine durchgeführte Sitzung kann nicht mehr abgesagt werden.")
    if meeting.state == Meeting.State.CANCELLED:
        raise MeetingsError("Die Sitzung ist bereits abgesagt.")
    if not reason.strip():
        raise MeetingsError("Bitte einen Grund für die Absage angeben.")
    meeting.state = Meeting.State.CANCELLED
    meeting.cancellation_reason = reason.strip()
    save_as(meeting, by, at=at)
    for consultation in meeting.consultations.select_related("paper"):
        release_consultation(consultation, by, comment=f"Sitzung abgesagt: {meeting.cancellation_reason}", at=at)
    return meeting
