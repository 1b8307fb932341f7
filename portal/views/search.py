"""The search page; the search itself lives in portal.search."""

from django.shortcuts import render

from council.models import AgendaItem, Meeting, Organization
from portal import search
from portal.caching import conditional, latest_modified
from portal.forms import PaperFilterForm, apply_paper_filters
from portal.views.common import get_body, paginate, query_without_page
from resolutions.models import File, Paper, PaperType

SEARCH_SIDE_RESULTS = 10


def _search_modified(request, body_slug):
    body = get_body(request, body_slug)
    return latest_modified(
        body,
        Paper.objects.visible_to(request.user).filter(body=body),
        File.objects.visible_to(request.user).filter(body=body),
        Meeting.objects.visible_to(request.user).filter(body=body),
        AgendaItem.objects.details_visible_to(request.user).filter(body=body),
        Organization.objects.filter(body=body),
        PaperType.objects.filter(body=body),
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
