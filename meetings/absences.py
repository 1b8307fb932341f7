"""Withdrawing a reported absence ("Verhinderung zurücknehmen"), the counterpart of
`meetings.minutes.report_absence`.

A member who reported that they cannot attend may change their mind until the meeting
starts; afterwards only the council office records attendance.
"""

from django.db import transaction
from django.utils import timezone

from council.models import Attendance, Meeting
from lib.history import delete_as
from meetings.errors import MeetingsError


@transaction.atomic
def withdraw_absence(meeting, person, by, at=None):
    """Remove the member's reported absence, so they count as expected again.

    Before the meeting the attendance row of a member exists only because of the report,
    so it is deleted (with the acting user in its history) rather than turned into
    "absent, not excused".
    """
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    if meeting.start <= (at or timezone.now()):
        raise MeetingsError("Die Sitzung hat schon begonnen; bitte wenden Sie sich an den Sitzungsdienst.")
    attendance = Attendance.objects.filter(meeting=meeting, person=person, present=False, excused=True).first()
    if attendance is None:
        raise MeetingsError("Für diese Sitzung ist keine Verhinderung von Ihnen gemeldet.")
    delete_as(attendance, by, at=at, reason="Verhinderung zurückgenommen")
