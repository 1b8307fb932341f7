"""Papers: the filtered list and the paper page."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from audit import records as audit
from council.models import AgendaItem, Meeting, Organization
from portal.caching import conditional, latest_modified
from portal.forms import PaperFilterForm, apply_paper_filters
from portal.views.common import get_body, paginate, query_without_page
from resolutions.amendments import amended_text
from resolutions.models import Amendment, Consultation, File, Implementation, Paper, PaperType
from resolutions.richtext import sanitize


def _papers_modified(request, body_slug):
    body = get_body(request, body_slug)
    # The filter form lists the Body's paper types and Gremien too.
    return latest_modified(
        body,
        Paper.objects.visible_to(request.user).filter(body=body),
        PaperType.objects.filter(body=body),
        Organization.objects.filter(body=body),
    )


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
        must_exist=True,
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
    audit.paper_seen(request, paper)
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
