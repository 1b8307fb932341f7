"""Facts about a meeting that its letters, its minutes and its Sitzungsmappe all print:
its number in the legislative term, its chair and the place its documents are dated from."""

from django.db.models import Q

from council.models import LegislativeTerm, Meeting, Membership

CHAIR_ROLE = "Vorsitz"  # Membership.role of the chair starts so: "Vorsitzende/r", "Vorsitzender"


def meeting_number(meeting):
    """The meeting's number in the legislative term of its date ("12" for the 12th meeting), or None.

    Counted are the organization's meetings of the term up to this one that were not
    cancelled; a cancelled meeting and a date outside every term have no number.
    """
    if meeting.state == Meeting.State.CANCELLED:
        return None
    date = meeting.date
    term = (
        LegislativeTerm.objects.filter(body_id=meeting.body_id, start_date__lte=date)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=date))
        .order_by("-start_date")
        .first()
    )
    if term is None:
        return None
    return (
        Meeting.objects.filter(organization_id=meeting.organization_id, start__date__gte=term.start_date)
        .filter(Q(start__lt=meeting.start) | Q(pk__lte=meeting.pk, start=meeting.start))
        .exclude(state=Meeting.State.CANCELLED)
        .count()
    )


def chair_of(meeting):
    """The chair's membership in the meeting's organization on its date, or None (memberships are public)."""
    date = meeting.date
    return (
        Membership.objects.filter(organization_id=meeting.organization_id, role__startswith=CHAIR_ROLE)
        .on(date)
        .select_related("person")
        .order_by("start_date", "pk")
        .last()
    )


def place_of(meeting):
    """The place a letter about the meeting is dated from: its locality, else the Body."""
    for location in (meeting.location, meeting.organization.location):
        if location is not None and location.locality:
            return location.locality
    return meeting.body.short_name or meeting.body.name


def chair_of_meeting(meeting):
    """Who chaired the meeting: as recorded, else the organization's chair on its date (or None)."""
    if meeting.chair_id:
        return meeting.chair
    membership = chair_of(meeting)
    return membership.person if membership else None
