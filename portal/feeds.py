"""Subscriptions: iCalendar files of meetings (RFC 5545) and Atom feeds of papers and decisions.

Feeds and calendars always show the public view, whoever fetches them: a feed reader or
calendar app has no session, and a URL that shows everyone the same is safe to cache
and to share. Their links go to `SITE_URL` (`lib.urls`), whichever host they were asked
by: the page store keeps one copy for every visitor. What a feed says of a paper is its
public PaperView (`resolutions.paper_view.paper_views`): the text with the amendments of
public agenda items only, "Beschlussvorschlag" for a paper decided in a non-public session,
and the decision date of the deciding meeting.
"""

import datetime as dt
import html

import icalendar
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db.models import Exists, F, OuterRef, Prefetch
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from council.models import AgendaItem, Meeting, Organization
from lib.urls import absolute_reverse, site_host
from portal.caching import conditional, latest_modified, listed_agendas, shown_modified
from portal.views import LISTED_KINDS, get_body
from resolutions.models import Amendment, Paper
from resolutions.paper_view import paper_views

FEED_SIZE = 50
PUBLIC = AnonymousUser()

EVENT_STATUS = {
    Meeting.State.PLANNED: "TENTATIVE",
    Meeting.State.INVITED: "CONFIRMED",
    Meeting.State.HELD: "CONFIRMED",
    Meeting.State.CANCELLED: "CANCELLED",
}


# --- iCalendar ---------------------------------------------------------------------


def meeting_calendar(body, meetings, name):
    """An RFC 5545 calendar of the meetings; times in UTC, so no VTIMEZONE is needed. Each event is
    dated by the meeting's `public_modified`: its minutes in the making, chair and minute-taker
    date none."""
    items = AgendaItem.objects.listed_to(PUBLIC).with_details_flag(PUBLIC).order_by("order")
    meetings = meetings.select_related("organization", "location")
    meetings = meetings.prefetch_related(Prefetch("agenda_items", queryset=items))
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Ratsinfo//Sitzungskalender//DE")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Berlin")
    host = site_host()
    for meeting in meetings.order_by("start"):
        event = icalendar.Event()
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add("dtstamp", meeting.public_modified.astimezone(dt.UTC))
        event.add("last-modified", meeting.public_modified.astimezone(dt.UTC))
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
        url = absolute_reverse("portal:meeting", body.slug, meeting.pk)
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


def _calendar_validators(body, meetings, *more, must_exist=False):
    """Validators from what the calendar shows: the meetings and their agendas as the public sees
    them (`listed_agendas`: an edit of a non-public item moves nothing)."""
    _public_items, items, outline = listed_agendas(meetings)
    return latest_modified(body, *more, meetings, items, must_exist=must_exist, shape=[outline])


def _calendar_modified(request, body_slug):
    body = get_body(request, body_slug)
    return _calendar_validators(body, Meeting.objects.visible_to(PUBLIC).filter(body=body))


@conditional(_calendar_modified, per_body=True)
def body_calendar(request, body_slug):
    body = get_body(request, body_slug)
    meetings = Meeting.objects.visible_to(PUBLIC).filter(body=body)
    return meeting_calendar(body, meetings, f"Sitzungen {body.name}")


def _organization_calendar_modified(request, body_slug, pk):
    body = get_body(request, body_slug)
    meetings = Meeting.objects.visible_to(PUBLIC).filter(body=body, organization_id=pk)
    organization = Organization.objects.filter(body=body, pk=pk, kind__in=LISTED_KINDS)
    return _calendar_validators(body, meetings, organization, must_exist=True)


@conditional(_organization_calendar_modified)
def organization_calendar(request, body_slug, pk):
    body = get_body(request, body_slug)
    organization = get_object_or_404(Organization, body=body, pk=pk, kind__in=LISTED_KINDS)
    meetings = Meeting.objects.visible_to(PUBLIC).filter(organization=organization)
    return meeting_calendar(body, meetings, f"Sitzungen {organization.name}")


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
        return absolute_reverse("portal:papers", body.slug)

    def feed_url(self, body):
        return absolute_reverse("portal:papers_feed", body.slug)

    def papers(self, body):
        return Paper.objects.visible_to(PUBLIC).filter(body=body).select_related("paper_type", "body")

    def newest(self, body):
        """The feed's papers, newest first (an index of that order: `resolutions.Paper`'s Meta)."""
        return self.papers(body).order_by(F("released_at").desc(nulls_last=True), "-date", "-id")

    def items(self, body):
        return _with_public_views(list(self.newest(body)[:FEED_SIZE]))

    def item_title(self, paper):
        return f"{paper.reference} {paper.name}" if paper.reference else paper.name

    def item_description(self, paper):
        return _text_html(paper.view)

    def item_link(self, paper):
        return absolute_reverse("portal:paper", paper.body.slug, paper.pk)

    def item_pubdate(self, paper):
        return paper.released_at or _midnight(paper.date) or paper.created

    def item_updateddate(self, paper):
        # As the paper page's Last-Modified: the newest change the public sees (a result
        # corrected after a decision in private is not one).
        return shown_modified(paper.view)

    def item_categories(self, paper):
        return [paper.paper_type.name]


class DecisionFeed(PaperFeed):
    """Decided papers of a Body with their decided text (amendments marked), newest first."""

    def title(self, body):
        return f"Beschlüsse – {body.name}"

    def subtitle(self, body):
        return f"Gefasste Beschlüsse der {body.name}."

    def link(self, body):
        return absolute_reverse("register:list", body.slug)

    def feed_url(self, body):
        return absolute_reverse("portal:decisions_feed", body.slug)

    def newest(self, body):
        return (
            self.papers(body)
            .filter(state=Paper.State.DECIDED)
            .order_by(F("decided_at").desc(nulls_last=True), "-date", "-id")
        )

    def item_title(self, paper):
        return f"{super().item_title(paper)} – {paper.view.public_state}"

    def item_description(self, paper):
        return f"<p>Ergebnis: {html.escape(paper.view.public_state)}</p>{_text_html(paper.view)}"

    def item_pubdate(self, paper):
        # The day of the deciding meeting; a decision in a non-public session gives no date away.
        return paper.view.decision_date or super().item_pubdate(paper)


def _with_public_views(papers):
    views = paper_views(papers, None)
    for paper in papers:
        paper.view = views[paper.pk]
    return papers


def _text_html(view):
    """ "Beschlussvorschlag"/"Beschluss", the text with its marked amendments and their footnotes."""
    text = view.text
    footnotes = "".join(f"<p>{html.escape(str(footnote))}</p>" for footnote in text.footnotes)
    return f"<p>{view.text_heading}:</p>{text.marked}{footnotes}"


def _midnight(day):
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def _papers_feed_modified(request, body_slug):
    body = get_body(request, body_slug)
    papers = Paper.objects.visible_to(PUBLIC).filter(body=body)
    return latest_modified(body, papers, public_amendments(papers, body))


def public_amendments(papers, body):
    """Amendments of `papers` (of `body`) made in agenda items whose details the public sees (as
    `visible_amendments` keeps them).

    An amendment belongs to its paper's Body (`BodyScoped`); asking for the Body too lets
    PostgreSQL read the Body's newest amendments first (index on body, modified) instead of
    joining every amendment to its consultation (40 ms at 50 Bodies of 2 000 papers)."""
    public_items = AgendaItem.objects.details_visible_to(PUBLIC).filter(
        consultation=OuterRef("consultation"), meeting=OuterRef("made_in")
    )
    return (
        Amendment.objects.filter(body=body, consultation__paper__in=papers)
        .annotate(made_in=Coalesce("meeting", "consultation__meeting"))
        .filter(Exists(public_items))
    )


def _decisions_feed_modified(request, body_slug):
    body = get_body(request, body_slug)
    papers = Paper.objects.visible_to(PUBLIC).filter(body=body, state=Paper.State.DECIDED)
    # Only what the feed shows: an amendment in a non-public item must not change the validators.
    return latest_modified(body, papers, public_amendments(papers, body))


papers_feed = conditional(_papers_feed_modified)(PaperFeed())
decisions_feed = conditional(_decisions_feed_modified)(DecisionFeed())
