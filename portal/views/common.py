"""Helpers shared by the portal's views: the Body of the URL, pagination, constants."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404

from council.models import Body, Organization
from lib import per_request
from portal import memo
from resolutions.paper_view import paper_views

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

    def find():
        body = memo.of_body(slug, "body", lambda: Body.objects.filter(slug=slug).first())
        if body is None:
            raise Http404
        return body

    return per_request.once(request, "portal_body", slug, find)


def paginate(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("seite"))


def query_without_page(request):
    """The query string minus `seite`, for the pagination links."""
    return urlencode([(key, value) for key, value in request.GET.items() if key != "seite" and value])


def as_seen(papers, user):
    """The papers of a list, each with `view`: what `user` sees of it (`resolutions.paper_view`),
    so a list says "in nichtöffentlicher Sitzung entschieden" where the page does, and shows
    the state in the public's words. A fixed number of queries for the whole list."""
    papers = list(papers)
    views = paper_views(papers, user if user.is_authenticated else None, text=False)
    for paper in papers:
        paper.view = views[paper.pk]
    return papers
