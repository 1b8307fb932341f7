"""The public portal: start page, papers and meetings of a Body.

Everything shown goes through the querysets of council.visibility, so the same page
shows a councillor the non-public part of their own meetings and the public nothing of it.
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from council.models import AgendaItem, Body, Meeting
from resolutions.amendments import amended_text
from resolutions.models import Consultation, File, Paper
from resolutions.richtext import sanitize

PAGE_SIZE = 20


def body_list(request):
    bodies = list(Body.objects.all())
    if len(bodies) == 1:
        return redirect("portal:start", body_slug=bodies[0].slug)
    return render(request, "portal/body_list.html", {"bodies": bodies})


def start(request, body_slug):
    body = get_object_or_404(Body, slug=body_slug)
    now = timezone.now()
    papers = (
        Paper.objects.visible_to(request.user)
        .filter(body=body)
        .select_related("paper_type", "under_direction_of")
        .order_by("-date", "-id")
    )
    page = Paginator(papers, PAGE_SIZE).get_page(request.GET.get("seite"))
    upcoming = (
        Meeting.objects.visible_to(request.user)
        .filter(body=body, start__gte=now)
        .select_related("organization", "location")
        .order_by("start")[:10]
    )
    recent = (
        Meeting.objects.visible_to(request.user)
        .filter(body=body, start__lt=now)
        .select_related("organization", "location")
        .order_by("-start")[:5]
    )
    return render(
        request,
        "portal/start.html",
        {"body": body, "papers": page, "upcoming_meetings": upcoming, "recent_meetings": recent},
    )


def paper_detail(request, body_slug, pk):
    body = get_object_or_404(Body, slug=body_slug)
    paper = get_object_or_404(
        Paper.objects.visible_to(request.user).select_related("paper_type", "under_direction_of", "body"),
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
        },
    )


def meeting_detail(request, body_slug, pk):
    body = get_object_or_404(Body, slug=body_slug)
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
    for item in items:
        paper = item.consultation.paper if item.consultation_id else None
        item.visible_paper = paper if paper is not None and paper.pk in visible_paper_ids else None
    return render(request, "portal/meeting_detail.html", {"body": body, "meeting": meeting, "items": items})


def file_download(request, body_slug, pk, file_name):
    """Every file download, for every surface, goes through the visibility rules here."""
    body = get_object_or_404(Body, slug=body_slug)
    record = get_object_or_404(File.objects.visible_to(request.user), body=body, pk=pk)
    if record.file_name != file_name:
        return redirect("portal:file", body_slug=body.slug, pk=record.pk, file_name=record.file_name)
    try:
        handle = record.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("Die Datei ist nicht mehr vorhanden.") from missing
    response = FileResponse(handle, content_type=record.mime_type, as_attachment=False, filename=record.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    if File.objects.visible_to(None).filter(pk=record.pk).exists():
        response["Cache-Control"] = "public, max-age=3600"
    else:
        response["Cache-Control"] = "private, no-store"
    return response
