"""Papers: the filtered list and the paper page."""

from django.shortcuts import get_object_or_404, render

from audit import records as audit
from council.models import Organization
from lib import per_request
from portal.caching import conditional, latest_modified, public_validators
from portal.forms import PAPER_LIST_PARAMETERS, PaperFilterForm, apply_paper_filters
from portal.views.common import as_seen, get_body, paginate, query_without_page
from resolutions.models import Paper, PaperType
from resolutions.paper_view import paper_view


def _papers_modified(request, body_slug):
    body = get_body(request, body_slug)
    # The filter form lists the Body's paper types and Gremien too.
    return latest_modified(
        body,
        Paper.objects.visible_to(request.user).filter(body=body),
        PaperType.objects.filter(body=body),
        Organization.objects.filter(body=body),
    )


@conditional(_papers_modified, per_body=True, query=PAPER_LIST_PARAMETERS)
def paper_list(request, body_slug):
    body = get_body(request, body_slug)
    form = PaperFilterForm(body, request.GET)
    papers = apply_paper_filters(Paper.objects.visible_to(request.user).filter(body=body), form.filters())
    page = paginate(request, papers.select_related("paper_type").order_by("-date", "-id"))
    page.object_list = as_seen(page.object_list, request.user)
    return render(
        request,
        "portal/paper_list.html",
        {"body": body, "form": form, "papers": page, "query_prefix": query_without_page(request)},
    )


def _public_paper(request, body, pk):
    """The paper page's paper and what the viewer sees of it, found once per request
    (the validator and the view both need them)."""

    def find():
        paper = get_object_or_404(
            Paper.objects.visible_to(request.user).select_related(
                "paper_type", "under_direction_of", "body", "implementation"
            ),
            body=body,
            pk=pk,
        )
        return paper, paper_view(paper, request.user)

    return per_request.once(request, "paper_page", pk, find)


def _paper_modified(request, body_slug, pk):
    """Validators from what the anonymous visitor sees of the paper, and nothing else."""
    body = get_body(request, body_slug)
    paper, view = _public_paper(request, body, pk)
    return public_validators(body, view)


@conditional(_paper_modified)
def paper_detail(request, body_slug, pk):
    body = get_body(request, body_slug)
    paper, view = _public_paper(request, body, pk)
    audit.paper_seen(request, paper, public=view.paper_public)
    return render(
        request,
        "portal/paper_detail.html",
        {"body": body, "paper": paper, "view": view, "surface": "portal"},
    )
