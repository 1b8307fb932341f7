"""The public portal: start page, papers, meetings, organizations, people and search of a Body.

Everything shown goes through council.visibility, so the same page shows a councillor
the non-public part of their own meetings and the public nothing of it. Each page names
the records it shows in a `*_modified` function; `portal.caching` turns that into
ETag/Last-Modified for anonymous visitors.
"""

import calendar
import datetime as dt
from calendar import timegm
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

from council.models import AgendaItem, Body, Meeting, Organization, Person
from council.visibility import people_visible_to, public_memberships
from portal import search
from portal.caching import conditional, latest_modified, this_hour
from portal.forms import MeetingFilterForm, PaperFilterForm, apply_paper_filters
from resolutions.amendments import amended_text
from resolutions.models import Amendment, Consultation, File, Implementation, Paper
from resolutions.richtext import sanitize

PAGE_SIZE = 20
PEOPLE_PAGE_SIZE = 50
# Organizations the portal lists: those that hold meetings, and the factions and parties.
LISTED_KINDS = (*Organization.CONSULTING_KINDS, Organization.Kind.FACTION, Organization.Kind.PARTY)
MONTH_NAMES = [
    "",
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]


def get_body(request, slug):
    """The Body of the URL, looked up once per request (the cache check needs it too)."""
    body = getattr(request, "_portal_body", None)
    if body is None or body.slug != slug:
        body = get_object_or_404(Body, slug=slug)
        request._portal_body = body
    return body


def paginate(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("seite"))


def query_without_page(request):
    """The query string minus `seite`, for the pagination links."""
    return urlencode([(key, value) for key, value in request.GET.items() if key != "seite" and value])


def body_list(request):
    bodies = list(Body.objects.all())
    if len(bodies) == 1:
        return redirect("portal:start", body_slug=bodies[0].slug)
    return render(request, "portal/body_list.html", {"bodies": bodies})


# --- start page --------------------------------------------------------------------


def _start_modified(request, body_slug):
    body = get_body(request, body_slug)
    shown = latest_modified(
        body,
        Paper.objects.visible_to(request.user).filter(body=body),
        Meeting.objects.visible_to(request.user).filter(body=body),
    )
    return max(shown, this_hour())


@conditional(_start_modified)
def start(request, body_slug):
    body = get_body(request, body_slug)
    now = timezone.now()
    meetings = Meeting.objects.visible_to(request.user).filter(body=body).select_related("organization", "location")
    papers = Paper.objects.visible_to(request.user).filter(body=body).select_related("paper_type")
    return render(
        request,
        "portal/start.html",
        {
            "body": body,
            "upcoming_meetings": meetings.filter(start__gte=now).order_by("start")[:8],
            "recent_meetings": meetings.filter(start__lt=now).order_by("-start")[:5],
            "decisions": papers.filter(state=Paper.State.DECIDED).order_by("-decided_at", "-date", "-id")[:8],
            "papers": papers.order_by("-date", "-id")[:8],
            "form": PaperFilterForm(body),
        },
    )


# --- papers ------------------------------------------------------------------------


def _papers_modified(request, body_slug):
    body = get_body(request, body_slug)
    return latest_modified(body, Paper.objects.visible_to(request.user).filter(body=body))


@conditional(_papers_modified)
def paper_list(request, body_slug):
    body = get_body(request, body_slug)
    form = PaperFilterForm(body, request.GET)
    papers = apply_paper_filters(Paper.objects.visible_to(request.user).filter(body=body), form.filters())
    page = paginate(request, papers.select_related("paper_type").order_by("-date", "-id"))
    return render(
        request,
        "portal/paper_list.html",
        {"body": body, "form": form, "papers": page, "query_prefix": query_without_page(request)},
    )


def _paper_modified(request, body_slug, pk):
    body = get_body(request, body_slug)
    papers = Paper.objects.visible_to(request.user).filter(body=body, pk=pk)
    return latest_modified(
        body,
        papers,
        Consultation.objects.filter(paper__in=papers),
        AgendaItem.objects.filter(consultation__paper__in=papers),
        Meeting.objects.filter(consultations__paper__in=papers),
        Amendment.objects.filter(consultation__paper__in=papers),
        File.objects.visible_to(request.user).filter(paper__in=papers),
        Implementation.objects.filter(paper__in=papers),
        Paper.objects.visible_to(request.user).filter(related_papers__in=papers),
    )


@conditional(_paper_modified)
def paper_detail(request, body_slug, pk):
    body = get_body(request, body_slug)
    paper = get_object_or_404(
        Paper.objects.visible_to(request.user).select_related(
            "paper_type", "under_direction_of", "body", "implementation"
        ),
        body=body,
        pk=pk,
    )
    agenda_items = (
        AgendaItem.objects.with_details_flag(request.user).select_related("meeting").order_by("meeting__start")
    )
    consultations = list(
        Consultation.objects.filter(paper=paper)
        .select_related("organization", "meeting")
        .prefetch_related(Prefetch("agenda_items", queryset=agenda_items))
        .order_by("position")
    )
    files = File.objects.visible_to(request.user).filter(paper=paper).order_by("kind", "name")
    related = (
        Paper.objects.visible_to(request.user)
        .filter(related_papers=paper)
        .select_related("paper_type")
        .order_by("reference")
    )
    try:
        implementation = paper.implementation if paper.state == Paper.State.DECIDED else None
    except Implementation.DoesNotExist:
        implementation = None
    return render(
        request,
        "portal/paper_detail.html",
        {
            "body": body,
            "paper": paper,
            "consultations": consultations,
            "text": amended_text(paper),
            "reasoning": sanitize(paper.reasoning),
            "files": files,
            "related_papers": related,
            "implementation": implementation,
        },
    )


# --- meetings ----------------------------------------------------------------------


def parse_month(value):
    """ "2026-11" → date(2026, 11, 1); None for anything else."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if 1990 <= year <= 2100:
            return dt.date(year, month, 1)
    except ValueError:
        pass
    return None


def _month_bounds(first):
    following = (first + dt.timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(first, dt.time.min, tzinfo=tz),
        dt.datetime.combine(following, dt.time.min, tzinfo=tz),
        following,
    )


def _meetings_modified(request, body_slug):
    body = get_body(request, body_slug)
    return latest_modified(body, Meeting.objects.visible_to(request.user).filter(body=body))


@conditional(_meetings_modified)
def meeting_list(request, body_slug):
    """The meetings calendar: a month (`?monat=2026-11`) or a list (`?ansicht=liste`)."""
    body = get_body(request, body_slug)
    meetings = Meeting.objects.visible_to(request.user).filter(body=body).select_related("organization", "location")
    if request.GET.get("ansicht") == "liste":
        form = MeetingFilterForm(body, request.GET)
        filters = form.filters()
        if "gremium" in filters:
            meetings = meetings.filter(organization=filters["gremium"])
        if "jahr" in filters:
            meetings = meetings.filter(start__year=filters["jahr"])
        if not filters and request.GET.get("vergangene") != "1":
            meetings = meetings.filter(start__gte=timezone.localtime().replace(hour=0, minute=0, second=0))
            ordering = ["start"]
        else:
            ordering = ["-start"]
        return render(
            request,
            "portal/meeting_list.html",
            {
                "body": body,
                "form": form,
                "meetings": paginate(request, meetings.order_by(*ordering)),
                "query_prefix": query_without_page(request),
                "past": bool(filters) or request.GET.get("vergangene") == "1",
            },
        )

    requested = request.GET.get("monat")
    first = parse_month(requested)
    invalid_month = bool(requested) and first is None
    if first is None:
        first = timezone.localdate().replace(day=1)
    start, end, following = _month_bounds(first)
    by_day = {}
    for meeting in meetings.filter(start__gte=start, start__lt=end).order_by("start"):
        by_day.setdefault(timezone.localtime(meeting.start).date(), []).append(meeting)
    weeks = [
        [{"date": day, "in_month": day.month == first.month, "meetings": by_day.get(day, [])} for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    return render(
        request,
        "portal/meeting_calendar.html",
        {
            "body": body,
            "weeks": weeks,
            "weekdays": WEEKDAYS,
            "month_name": f"{MONTH_NAMES[first.month]} {first.year}",
            "previous_month": f"{previous:%Y-%m}" if previous.year >= 1990 else None,
            "next_month": f"{following:%Y-%m}" if following.year <= 2100 else None,
            "month_meetings": [meeting for day in sorted(by_day) for meeting in by_day[day]],
            "invalid_month": invalid_month,
        },
    )


def _meeting_modified(request, body_slug, pk):
    body = get_body(request, body_slug)
    meetings = Meeting.objects.visible_to(request.user).filter(body=body, pk=pk)
    return latest_modified(
        body,
        meetings,
        AgendaItem.objects.filter(meeting__in=meetings),
        Paper.objects.visible_to(request.user).filter(consultations__agenda_items__meeting__in=meetings),
        File.objects.visible_to(request.user).filter(Q(meeting__in=meetings) | Q(agenda_item__meeting__in=meetings)),
    )


@conditional(_meeting_modified)
def meeting_detail(request, body_slug, pk):
    body = get_body(request, body_slug)
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("organization", "location"), body=body, pk=pk
    )
    visible_papers = Paper.objects.visible_to(request.user)
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .with_details_flag(request.user)
        .select_related("consultation__paper")
        .order_by("order")
    )
    visible_paper_ids = set(
        visible_papers.filter(consultations__agenda_items__meeting=meeting).values_list("pk", flat=True)
    )
    files = list(
        File.objects.visible_to(request.user)
        .filter(Q(meeting=meeting) | Q(agenda_item__meeting=meeting))
        .order_by("kind", "name")
    )
    item_files = {}
    for record in files:
        if record.agenda_item_id:
            item_files.setdefault(record.agenda_item_id, []).append(record)
    for item in items:
        paper = item.consultation.paper if item.consultation_id else None
        item.visible_paper = paper if paper is not None and paper.pk in visible_paper_ids else None
        item.visible_files = item_files.get(item.pk, []) if item.details_visible else []
    return render(
        request,
        "portal/meeting_detail.html",
        {
            "body": body,
            "meeting": meeting,
            "items": items,
            "meeting_files": [record for record in files if not record.agenda_item_id],
        },
    )


# --- organizations and people ------------------------------------------------------


def _organizations_modified(request, body_slug):
    body = get_body(request, body_slug)
    return latest_modified(body, Organization.objects.filter(body=body, kind__in=LISTED_KINDS))


@conditional(_organizations_modified)
def organization_list(request, body_slug):
    body = get_body(request, body_slug)
    organizations = Organization.objects.filter(body=body, kind__in=LISTED_KINDS).order_by("name")
    groups = {kind: [] for kind in LISTED_KINDS}
    for organization in organizations:
        groups[organization.kind].append(organization)
    labels = dict(Organization.Kind.choices)
    return render(
        request,
        "portal/organization_list.html",
        {
            "body": body,
            "groups": [
                (kind, GROUP_HEADINGS.get(kind, labels[kind]), members) for kind, members in groups.items() if members
            ],
        },
    )


GROUP_HEADINGS = {
    Organization.Kind.COUNCIL: "Vertretung",
    Organization.Kind.COMMITTEE: "Ausschüsse",
    Organization.Kind.ADVISORY: "Beiräte und Ortsbeiräte",
    Organization.Kind.FACTION: "Fraktionen",
    Organization.Kind.PARTY: "Parteien",
}


def _current(memberships, today):
    return [m for m in memberships if m.is_active(today)]


def _organization_modified(request, body_slug, pk):
    body = get_body(request, body_slug)
    organizations = Organization.objects.filter(body=body, pk=pk)
    return max(
        latest_modified(
            body,
            organizations,
            public_memberships().filter(organization__in=organizations),
            Person.objects.filter(memberships__organization__in=organizations),
            Meeting.objects.visible_to(request.user).filter(organization__in=organizations),
        ),
        this_hour(),
    )


@conditional(_organization_modified)
def organization_detail(request, body_slug, pk):
    body = get_body(request, body_slug)
    organization = get_object_or_404(Organization, body=body, pk=pk, kind__in=LISTED_KINDS)
    today = timezone.localdate()
    memberships = list(
        public_memberships()
        .filter(organization=organization)
        .select_related("person", "on_behalf_of")
        .order_by("person__family_name", "person__given_name")
    )
    current = _current(memberships, today)
    meetings = Meeting.objects.visible_to(request.user).filter(organization=organization).select_related("location")
    now = timezone.now()
    return render(
        request,
        "portal/organization_detail.html",
        {
            "body": body,
            "organization": organization,
            "memberships": current,
            "upcoming_meetings": meetings.filter(start__gte=now).order_by("start")[:5],
            "recent_meetings": meetings.filter(start__lt=now).order_by("-start")[:5],
        },
    )


def _people_modified(request, body_slug):
    body = get_body(request, body_slug)
    return latest_modified(
        body,
        people_visible_to(request.user).filter(body=body),
        public_memberships().filter(body=body),
        Organization.objects.filter(body=body),
    )


@conditional(_people_modified)
def person_list(request, body_slug):
    body = get_body(request, body_slug)
    factions = public_memberships().filter(organization__kind=Organization.Kind.FACTION).select_related("organization")
    people = (
        people_visible_to(request.user)
        .filter(body=body)
        .only("pk", "title", "given_name", "family_name", "party", "body_id")
        .prefetch_related(Prefetch("memberships", queryset=factions, to_attr="faction_memberships"))
        .order_by("family_name", "given_name")
    )
    return render(
        request,
        "portal/person_list.html",
        {
            "body": body,
            "people": paginate(request, people, PEOPLE_PAGE_SIZE),
            "query_prefix": query_without_page(request),
        },
    )


def _person_modified(request, body_slug, pk):
    body = get_body(request, body_slug)
    people = people_visible_to(request.user).filter(body=body, pk=pk)
    return latest_modified(
        body,
        people,
        public_memberships().filter(person__in=people),
        Organization.objects.filter(memberships__person__in=people),
    )


@conditional(_person_modified)
def person_detail(request, body_slug, pk):
    body = get_body(request, body_slug)
    person = get_object_or_404(
        people_visible_to(request.user).only("pk", "title", "given_name", "family_name", "party", "body_id"),
        body=body,
        pk=pk,
    )
    today = timezone.localdate()
    memberships = list(
        public_memberships()
        .filter(person=person)
        .select_related("organization", "on_behalf_of")
        .order_by("organization__name", "-start_date")
    )
    return render(
        request,
        "portal/person_detail.html",
        {
            "body": body,
            "person": person,
            "current_memberships": _current(memberships, today),
            "past_memberships": [m for m in memberships if not m.is_active(today)],
        },
    )


# --- search ------------------------------------------------------------------------

SEARCH_SIDE_RESULTS = 10


def _search_modified(request, body_slug):
    body = get_body(request, body_slug)
    return latest_modified(
        body,
        Paper.objects.visible_to(request.user).filter(body=body),
        File.objects.visible_to(request.user).filter(body=body),
        Meeting.objects.visible_to(request.user).filter(body=body),
        AgendaItem.objects.details_visible_to(request.user).filter(body=body),
    )


@conditional(_search_modified)
def search_view(request, body_slug):
    body = get_body(request, body_slug)
    form = PaperFilterForm(body, request.GET)
    text = form.text()
    filters = form.filters()
    context = {"body": body, "form": form, "text": text, "query_prefix": query_without_page(request)}
    if text:
        papers = apply_paper_filters(Paper.objects.visible_to(request.user).filter(body=body), filters)
        files = File.objects.visible_to(request.user).filter(body=body)
        page = paginate(request, search.search_papers(papers.select_related("paper_type"), files, text))
        for paper in page:
            paper.snippet = search.snippet(paper, text)
        context["papers"] = page
        if page.number == 1 and not filters:
            meetings = Meeting.objects.visible_to(request.user).filter(body=body).select_related("organization")
            items = (
                AgendaItem.objects.details_visible_to(request.user)
                .filter(body=body)
                .select_related("meeting__organization")
            )
            context["meetings"] = list(search.search_meetings(meetings, text)[:SEARCH_SIDE_RESULTS])
            context["agenda_items"] = list(search.search_agenda_items(items, text)[:SEARCH_SIDE_RESULTS])
    return render(request, "portal/search.html", context)


# --- files -------------------------------------------------------------------------


def file_download(request, body_slug, pk, file_name):
    """Every file download, for every surface, goes through the visibility rules here."""
    body = get_object_or_404(Body, slug=body_slug)
    record = get_object_or_404(File.objects.visible_to(request.user), body=body, pk=pk)
    if record.file_name != file_name:
        return redirect("portal:file", body_slug=body.slug, pk=record.pk, file_name=record.file_name)
    is_public = File.objects.visible_to(None).filter(pk=record.pk).exists()
    etag = quote_etag(record.sha512_checksum[:32])
    last_modified = timegm(record.modified.utctimetuple())
    if is_public:
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            patch_cache_control(not_modified, public=True, max_age=3600)
            return not_modified
    try:
        handle = record.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("Die Datei ist nicht mehr vorhanden.") from missing
    response = FileResponse(handle, content_type=record.mime_type, as_attachment=False, filename=record.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    if is_public:
        response["Cache-Control"] = "public, max-age=3600"
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
    else:
        response["Cache-Control"] = "private, no-store"
    return response
