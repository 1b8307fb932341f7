"""The root (list of Bodies) and a Body's start page."""

from django.db.models import F, Max
from django.shortcuts import redirect, render
from django.utils import timezone

from council.models import Body, Meeting
from portal.caching import conditional, latest_modified, this_hour
from portal.forms import PaperFilterForm
from portal.views.common import as_seen, get_body
from resolutions.models import Paper


def _bodies_modified(request):
    return Body.objects.aggregate(latest=Max("modified"))["latest"]


@conditional(_bodies_modified)
def body_list(request):
    bodies = list(Body.objects.all())
    if len(bodies) == 1:
        return redirect("portal:start", body_slug=bodies[0].slug)
    return render(request, "portal/body_list.html", {"bodies": bodies})


def _start_modified(request, body_slug):
    body = get_body(request, body_slug)
    shown = latest_modified(
        body,
        Paper.objects.visible_to(request.user).filter(body=body),
        Meeting.objects.visible_to(request.user).filter(body=body),
    )
    return max(shown, this_hour())


@conditional(_start_modified, per_body=True)
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
            "decisions": as_seen(
                papers.filter(state=Paper.State.DECIDED).order_by(
                    F("decided_at").desc(nulls_last=True), "-date", "-id"
                )[:8],
                request.user,
            ),
            "papers": papers.order_by("-date", "-id")[:8],
            "form": PaperFilterForm(body),
        },
    )
