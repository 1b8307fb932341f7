"""The meetings calendar (month and list) and the meeting page with its agenda."""

import calendar
import datetime as dt

from django.db.models import Max, Min
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from council.models import Meeting, Organization
from council.visibility import agenda_for
from lib.dates import FIRST_YEAR, LAST_YEAR
from meetings.minutes import minutes_for
from portal.caching import conditional, latest_modified, listed_agendas, this_hour
from portal.forms import MeetingFilterForm
from portal.views.common import MONTH_NAMES, WEEKDAYS, get_body, paginate, query_without_page
from resolutions.models import File, Paper


def parse_month(value):
    """ "2026-11" → date(2026, 11, 1); None for anything else."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if FIRST_YEAR <= year <= LAST_YEAR:
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
    # The list starts today and the month view defaults to this month: both move with the clock.
    shown = latest_modified(
        body,
        Meeting.objects.visible_to(request.user).filter(body=body),
        Organization.objects.filter(body=body),
    )
    return max(shown, this_hour())


@conditional(
    _meetings_modified, per_body=True, query=(*MeetingFilterForm.base_fields, "ansicht", "vergangene", "monat", "seite")
)
def meeting_list(request, body_slug):
    """The meetings calendar: a month (`?monat=2026-11`) or a list (`?ansicht=liste`)."""
    body = get_body(request, body_slug)
    meetings = Meeting.objects.visible_to(request.user).filter(body=body).select_related("organization", "location")
    if request.GET.get("ansicht") == "liste":
        return _list_view(request, body, meetings)
    return _month_view(request, body, meetings)


def _list_view(request, body, meetings):
    """Upcoming meetings first; with a filter or `vergangene=1` all of them, newest first."""
    form = MeetingFilterForm(body, request.GET)
    filters = form.filters()
    if "gremium" in filters:
        meetings = meetings.filter(organization=filters["gremium"])
    if "jahr" in filters:
        meetings = meetings.filter(start__year=filters["jahr"])
    past = bool(filters) or request.GET.get("vergangene") == "1"
    if past:
        meetings = meetings.order_by("-start")
    else:
        today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        meetings = meetings.filter(start__gte=today).order_by("start")
    return render(
        request,
        "portal/meeting_list.html",
        {
            "body": body,
            "form": form,
            "meetings": paginate(request, meetings),
            "query_prefix": query_without_page(request),
            "past": past,
        },
    )


def _month_view(request, body, meetings):
    """A month as a table of weeks; a malformed `monat` shows the current month with a note."""
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
    earliest, latest = _navigable_months(meetings)
    month_meetings = [meeting for day in sorted(by_day) for meeting in by_day[day]]
    return render(
        request,
        "portal/meeting_calendar.html",
        {
            "body": body,
            "weeks": weeks,
            "weekdays": WEEKDAYS,
            "month_name": f"{MONTH_NAMES[first.month]} {first.year}",
            "previous_month": f"{previous:%Y-%m}" if previous >= earliest else None,
            "next_month": f"{following:%Y-%m}" if following <= latest else None,
            "month_meetings": month_meetings,
            "abbreviations": _abbreviations(month_meetings),
            "today": timezone.localdate(),  # the validator moves every hour (this_hour), so past midnight too
            "invalid_month": invalid_month,
        },
    )


def _navigable_months(meetings):
    """The first and last month the previous/next links lead to: from the first to the last
    meeting the viewer may see, and always this month, so that neither a reader nor a crawler
    pages through decades of empty months (any month in range stays reachable by its address)."""
    this_month = timezone.localdate().replace(day=1)
    span = meetings.aggregate(first=Min("start"), last=Max("start"))
    months = [this_month] + [timezone.localtime(span[end]).date().replace(day=1) for end in span if span[end]]
    return min(months), max(months)


def _abbreviations(meetings):
    """The legend of the month grid: each short name shown there, with the organization's full name."""
    organizations = {
        meeting.organization
        for meeting in meetings
        if meeting.organization.short_name and meeting.organization.short_name != meeting.organization.name
    }
    return sorted(
        ((organization.short_name, organization.name) for organization in organizations),
        key=lambda pair: pair[0].casefold(),
    )


def _meeting_modified(request, body_slug, pk):
    """Validators from what the anonymous visitor sees of the meeting, and nothing else.

    The meeting and its agenda items count with what the public sees of them (their
    `public_modified`: of a non-public item only that it exists, its number, place and marks),
    the public items' papers and files too.
    """
    body = get_body(request, body_slug)
    meetings = Meeting.objects.visible_to(None).filter(body=body, pk=pk)
    public_items, items, outline = listed_agendas(meetings)
    files = File.objects.visible_to(None).of_meetings(meetings)
    return latest_modified(
        body,
        meetings,
        items,
        Paper.objects.visible_to(None).filter(consultations__agenda_items__in=public_items),
        files,
        must_exist=True,
        # Removed items and files move no timestamp; the agenda's outline and the file list do.
        shape=[outline, files.order_by("pk").values("pk")],
    )


@conditional(_meeting_modified)
def meeting_detail(request, body_slug, pk):
    body = get_body(request, body_slug)
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("organization", "location"), body=body, pk=pk
    )
    items = agenda_for(meeting, request.user)
    files = list(File.objects.visible_to(request.user).of_meetings([meeting]).order_by("kind", "name"))
    item_files = {}
    for record in files:
        if record.agenda_item_id:
            item_files.setdefault(record.agenda_item_id, []).append(record)
    for item in items:
        item.visible_files = item_files.get(item.pk, []) if item.details_visible else []
    return render(
        request,
        "portal/meeting_detail.html",
        {
            "body": body,
            "meeting": meeting,
            "items": items,
            "meeting_files": [record for record in files if not record.agenda_item_id],
            # The portal shows approved minutes only; members read the draft in their own area.
            "minutes": minutes_for(meeting, request.user, items)
            if meeting.minutes_state == Meeting.MinutesState.APPROVED
            else None,
            "minutes_file": next((record for record in files if record.kind == File.Kind.MINUTES), None),
        },
    )
