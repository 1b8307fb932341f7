"""Subscriptions: iCalendar files of meetings (RFC 5545) and Atom feeds of papers and decisions.

Feeds and calendars always show the public view, whoever fetches them: a feed reader or
calendar app has no session, and a URL that shows everyone the same is safe to cache
and to share.
"""

import datetime as dt
import html

import icalendar
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db.models import F, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from council.models import AgendaItem, Meeting, Organization
from portal.caching import conditional, latest_modified
from portal.views import LISTED_KINDS, get_body
from resolutions.amendments import apply_amendments
from resolutions.models import Amendment, Paper
from resolutions.richtext import sanitize

FEED_SIZE = 50
PUBLIC = AnonymousUser()

EVENT_STATUS = {
    Meeting.State.PLANNED: "TENTATIVE",
    Meeting.State.INVITED: "CONFIRMED",
    Meeting.State.HELD: "CONFIRMED",
    Meeting.State.CANCELLED: "CANCELLED",
}


# --- iCalendar ---------------------------------------------------------------------


def meeting_calendar(request, body, meetings, name):
    """An RFC 5545 calendar of the meetings; times in UTC, so no VTIMEZONE is needed."""
    items = AgendaItem.objects.with_details_flag(PUBLIC).order_by("order")
    meetings = meetings.select_related("organization", "location").prefetch_related(
        Prefetch("agenda_items", queryset=items)
    )
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Ratsinfo//Sitzungskalender//DE")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Berlin")
    host = request.get_host().split(":")[0]
    for meeting in meetings.order_by("start"):
        event = icalendar.Event()
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add("dtstamp", meeting.modified.astimezone(dt.UTC))
        event.add("last-modified", meeting.modified.astimezone(dt.UTC))
        event.add("dtstart", meeting.start.astimezone(dt.UTC))
        if meeting.end:
            event.add("dtend", meeting.end.astimezone(dt.UTC))
        summary = meeting.title
        if meeting.state == Meeting.State.CANCELLED:
            summary = f"Abgesagt: {summary}"
        event.add("summary", summary)
        event.add("status", EVENT_STATUS[meeting.state])
        if meeting.location:
            place = [meeting.location.description, meeting.location.street_address, meeting.location.room]
            event.add("location", ", ".join(part for part in place if part))
        url = request.build_absolute_uri(reverse("portal:meeting", args=[body.slug, meeting.pk]))
        event.add("url", url)
        event.add("description", _agenda_text(meeting, url))
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sitzungen.ics"'
    return response


def _agenda_text(meeting, url):
    lines = []
    if meeting.state == Meeting.State.CANCELLED and meeting.cancellation_reason:
        lines.append(f"Abgesagt: {meeting.cancellation_reason}")
    for item in meeting.agenda_items.all():
        lines.append(f"{item.number} {item.name if item.details_visible else 'nichtöffentlich'}")
    lines.append(url)
    return "\n".join(lines)


def _calendar_modified(request, body_slug):
    body = get_body(request, body_slug)
    meetings = Meeting.objects.visible_to(PUBLIC).filter(body=body)
    return latest_modified(body, meetings, AgendaItem.objects.filter(meeting__in=meetings))


@conditional(_calendar_modified)
def body_calendar(request, body_slug):
    body = get_body(request, body_slug)
    meetings = Meeting.objects.visible_to(PUBLIC).filter(body=body)
    return meeting_calendar(request, body, meetings, f"Sitzungen {body.name}")


def _organization_calendar_modified(request, body_slug, pk):
    body = get_body(request, body_slug)
    meetings = Meeting.objects.visible_to(PUBLIC).filter(body=body, organization_id=pk)
    return latest_modified(
        body,
        Organization.objects.filter(body=body, pk=pk, kind__in=LISTED_KINDS),
        meetings,
        AgendaItem.objects.filter(meeting__in=meetings),
        must_exist=True,
    )


@conditional(_organization_calendar_modified)
def organization_calendar(request, body_slug, pk):
    body = get_body(request, body_slug)
    organization = get_object_or_404(Organization, body=body, pk=pk, kind__in=LISTED_KINDS)
    meetings = Meeting.objects.visible_to(PUBLIC).filter(organization=organization)
    return meeting_calendar(request, body, meetings, f"Sitzungen {organization.name}")


# --- Atom ----------------------------------------------------------------------------


class PaperFeed(Feed):
    """New papers of a Body, newest release first."""

    feed_type = Atom1Feed

    def get_object(self, request, body_slug):
        return get_body(request, body_slug)

    def title(self, body):
        return f"Neue Vorlagen – {body.name}"

    def subtitle(self, body):
        return f"Vorlagen der {body.name}, sobald sie veröffentlicht sind."

    def link(self, body):
        return reverse("portal:papers", args=[body.slug])

    def feed_url(self, body):
        return reverse("portal:papers_feed", args=[body.slug])

    def papers(self, body):
        return Paper.objects.visible_to(PUBLIC).filter(body=body).select_related("paper_type", "body")

    def items(self, body):
        return list(self.papers(body).order_by(F("released_at").desc(nulls_last=True), "-date", "-id")[:FEED_SIZE])

    def item_title(self, paper):
        return f"{paper.reference} {paper.name}" if paper.reference else paper.name

    def item_description(self, paper):
        return sanitize(paper.resolution_text)

    def item_link(self, paper):
        return reverse("portal:paper", args=[paper.body.slug, paper.pk])

    def item_pubdate(self, paper):
        return paper.released_at or _midnight(paper.date) or paper.created

    def item_updateddate(self, paper):
        return paper.modified

    def item_categories(self, paper):
        return [paper.paper_type.name]


class DecisionFeed(PaperFeed):
    """Decided papers of a Body with their decided text (amendments marked), newest first."""

    def title(self, body):
        return f"Beschlüsse – {body.name}"

    def subtitle(self, body):
        return f"Gefasste Beschlüsse der {body.name}."

    def link(self, body):
        return f"/{body.slug}/beschluesse/"

    def feed_url(self, body):
        return reverse("portal:decisions_feed", args=[body.slug])

    def items(self, body):
        papers = list(
            self.papers(body)
            .filter(state=Paper.State.DECIDED)
            .order_by(F("decided_at").desc(nulls_last=True), "-date", "-id")[:FEED_SIZE]
        )
        amendments = {}
        for amendment in (
            Amendment.objects.filter(consultation__paper__in=[paper.pk for paper in papers])
            .select_related("consultation__organization", "consultation__meeting", "meeting")
            .order_by("consultation__position", "position", "id")
        ):
            amendments.setdefault(amendment.consultation.paper_id, []).append(amendment)
        for paper in papers:
            paper.decided_text = apply_amendments(sanitize(paper.resolution_text), amendments.get(paper.pk, []))
        return papers

    def item_title(self, paper):
        return f"{super().item_title(paper)} – {paper.get_result_display()}"

    def item_description(self, paper):
        text = paper.decided_text
        footnotes = "".join(f"<p>{html.escape(str(footnote))}</p>" for footnote in text.footnotes)
        return f"<p>Ergebnis: {paper.get_result_display()}</p>{text.marked}{footnotes}"

    def item_pubdate(self, paper):
        return paper.decided_at or super().item_pubdate(paper)


def _midnight(day):
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def _papers_feed_modified(request, body_slug):
    body = get_body(request, body_slug)
    return latest_modified(body, Paper.objects.visible_to(PUBLIC).filter(body=body))


def _decisions_feed_modified(request, body_slug):
    body = get_body(request, body_slug)
    papers = Paper.objects.visible_to(PUBLIC).filter(body=body, state=Paper.State.DECIDED)
    return latest_modified(body, papers, Amendment.objects.filter(consultation__paper__in=papers))


papers_feed = conditional(_papers_feed_modified)(PaperFeed())
decisions_feed = conditional(_decisions_feed_modified)(DecisionFeed())
