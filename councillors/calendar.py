"""The personal calendar feed: the meetings of my organizations as iCalendar.

The feed is read by calendar programs that cannot log in, so it sits behind a secret
token in the URL. Only the token's SHA-256 is stored; renewing replaces it, and the old
address answers 404. The feed carries what the public may see of each meeting (date,
place, state, public agenda) plus a link into the councillor area: calendar data ends up
on third-party servers, so non-public titles stay in the app.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from icalendar import Calendar, Event

from council.models import AgendaItem, Meeting
from council.visibility import member_organization_ids
from councillors.models import CouncillorProfile
from lib.urls import absolute_reverse, site_host

PAST = dt.timedelta(days=365)


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def renew_token(profile):
    """Give the profile a new calendar token and return it; the old one stops working."""
    token = secrets.token_urlsafe(32)
    CouncillorProfile.objects.filter(pk=profile.pk).update(
        calendar_token_hash=_hash(token), calendar_token_created=timezone.now()
    )
    profile.calendar_token_hash = _hash(token)
    return token


def profile_for_token(token):
    if not token:
        return None
    return (
        CouncillorProfile.objects.select_related("user")
        .filter(calendar_token_hash=_hash(token), user__is_active=True)
        .first()
    )


def meetings_for(user, now=None):
    now = now or timezone.now()
    public_items = AgendaItem.objects.details_visible_to(None).order_by("order")
    return (
        Meeting.objects.visible_to(user)
        .filter(organization_id__in=member_organization_ids(user), start__gte=now - PAST)
        .select_related("organization", "location")
        .prefetch_related(Prefetch("agenda_items", queryset=public_items, to_attr="public_items"))
        .order_by("start")
    )


def build_feed(user, meetings):
    calendar = Calendar()
    calendar.add("prodid", "-//Ratsinfo//Meine Sitzungen//DE")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Meine Sitzungen")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    host = site_host()
    for meeting in meetings:
        link = absolute_reverse("councillors:meeting", meeting.pk)
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.start)
        event.add("dtend", meeting.end or meeting.start + dt.timedelta(hours=2))
        event.add("summary", meeting.title)
        if meeting.location:
            event.add("location", _place(meeting.location))
        lines = [f"{item.number} {item.name}" for item in meeting.public_items]
        description = "Öffentliche Tagesordnung:\n" + "\n".join(lines) if lines else "Tagesordnung folgt."
        event.add("description", f"{description}\n\nVollständige Unterlagen: {link}")
        event.add("url", link)
        event.add("status", "CANCELLED" if meeting.state == Meeting.State.CANCELLED else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()


def _place(location):
    parts = [location.description, location.street_address, f"{location.postal_code} {location.locality}".strip()]
    return ", ".join(part for part in parts if part)
