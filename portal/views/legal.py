"""The legal pages: Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit, per Body
and for the installation. Public to everyone; which text a page shows is decided in `portal.legal`."""

from django.db.models import Max
from django.http import Http404
from django.shortcuts import render

from council.models import Body
from portal.caching import conditional, latest_modified
from portal.legal import PAGES, legal_page
from portal.models import LegalPages, sanitize_legal
from portal.views.common import get_body


def _body_legal_modified(request, body_slug, kind):
    body = get_body(request, body_slug)
    return latest_modified(body, LegalPages.objects.filter(body=body), LegalPages.objects.filter(body__isnull=True))


@conditional(_body_legal_modified)
def body_legal_page(request, body_slug, kind):
    body = get_body(request, body_slug)
    page = legal_page(kind, body)
    if page is None:
        raise Http404("Für diese Kommune sind keine Angaben hinterlegt.")
    return render(
        request,
        "portal/legal_page.html",
        {"body": body, "kind": kind, "title": page.title, "page": page, "text": sanitize_legal(page.text)},
    )


def _site_legal_modified(request, kind):
    latest = [
        LegalPages.objects.aggregate(latest=Max("modified"))["latest"],
        Body.objects.aggregate(latest=Max("modified"))["latest"],
    ]
    return max((value for value in latest if value is not None), default=None)


@conditional(_site_legal_modified)
def site_legal_page(request, kind):
    """The installation's page, with links to the pages of the Bodies that wrote their own."""
    page = legal_page(kind)
    bodies = list(Body.objects.filter(legal_pages__isnull=False).order_by("name"))
    if page is None and not bodies:
        raise Http404("Für diese Installation sind keine Angaben hinterlegt.")
    return render(
        request,
        "portal/legal_page.html",
        {
            "kind": kind,
            "title": PAGES[kind][1],
            "page": page,
            "text": sanitize_legal(page.text) if page else "",
            "bodies": bodies,
            "body_page": f"portal:{kind}",
        },
    )
