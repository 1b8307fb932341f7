"""The search page; the search itself lives in portal.search, the index in portal.search_index."""

from contextlib import contextmanager
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from council.models import AgendaItem, Meeting, Organization
from lib.dates import local_day
from lib.url_tag import remembered_reverser
from portal import search
from portal.caching import conditional, latest_modified
from portal.forms import PAPER_LIST_PARAMETERS, PaperFilterForm, apply_paper_filters
from portal.models import SearchDocument
from portal.views.common import PAGE_SIZE, get_body, query_without_page
from resolutions.models import Paper, PaperType

SEARCH_SIDE_RESULTS = 10
Kind = search.Kind


def _search_modified(request, body_slug):
    """The newest change of the index rows (what the search shows) and of the filters' choices.

    A row that leaves the index moves the Body's own `modified` (`portal.search_index`).
    """
    body = get_body(request, body_slug)
    return latest_modified(
        body,
        SearchDocument.objects.filter(body=body),
        Organization.objects.filter(body=body),
        PaperType.objects.filter(body=body),
    )


class _Found:
    """The papers found, as Django's Paginator asks for them: their number and the one page that was read."""

    def __init__(self, found):
        self.found = found

    def count(self):
        return self.found.total

    def __getitem__(self, page):
        return self.found.papers


# The index follows its sources after commit; a row it has not yet dropped is not shown: a
# paper's row only while the paper is the public's, a meeting or agenda item only with its record
# as the public sees it.


def _public_paper():
    return Exists(Paper.objects.visible_to(None).filter(pk=OuterRef("paper_id")))


def _public_meetings():
    return Meeting.objects.visible_to(None)


def _public_agenda_items():
    return AgendaItem.objects.details_visible_to(None)


SHOWN = {Kind.PAPER: _public_paper}
RECORDS = {Kind.MEETING: _public_meetings, Kind.AGENDA_ITEM: _public_agenda_items}


@dataclass
class Shown:
    """What the page shows of a search: the page of papers (Django's `Page`), and on page 1
    without filters the people, meetings and agenda items found beside them (else None)."""

    page: object
    people: list | None = None
    meetings: list | None = None
    agenda_items: list | None = None


@contextmanager
def _search(request, body, text, filters):
    """One statement for the page of papers with their excerpts and attachments found, their number
    and (on page 1 without filters) the side results; a second one only for a page number out of
    range (an empty page carries no count). The block is given `Shown`, read from the database
    where the page first shows a result: the statement runs while the page's head renders."""
    papers = apply_paper_filters(Paper.objects.visible_to(None).filter(body=body), filters) if filters else None

    def asking_for(number):
        others = SEARCH_SIDE_RESULTS if number == 1 and not filters else 0
        offset = (number - 1) * PAGE_SIZE
        return {
            "shown": SHOWN,
            "records": RECORDS,
            "papers": papers,
            "offset": offset,
            "size": PAGE_SIZE,
            "others": others,
        }

    try:
        number = max(int(request.GET.get("seite") or 1), 1)
    except ValueError:
        number = 1
    with search.page_on_its_way(text, body, **asking_for(number)) as sent:

        def shown():
            found = sent()
            if found.total is None:
                found.total = 0 if number == 1 else search.search_papers(text, body=body, papers=papers).count()
            page = Paginator(_Found(found), PAGE_SIZE).get_page(request.GET.get("seite"))
            if page.number != number:
                # Out of range (or not a number): the page Paginator settled on, read again.
                total, found = found.total, search.search_page(text, body, **asking_for(page.number))
                found.total = total
                page.object_list = found.papers
            link = remembered_reverser()
            for paper in page.object_list:
                paper.url = link("portal:paper", [body.slug, paper.paper_id])
            if page.number == 1 and not filters:
                return Shown(page, **_side_results(found.others, body))
            return Shown(page)

        yield SimpleLazyObject(shown)


@dataclass(frozen=True)
class ItemFound:
    """An agenda item found, as the page lists it beside the papers: its link, and its meeting's
    Gremium, date and the result in words. Written out here, as the template would take a
    tenth of a millisecond an item for the link, the date and the result's label."""

    url: str
    number: str
    name: str
    organization: str
    date: str
    result: str

    @classmethod
    def of(cls, item, body, link):
        """From `portal.search.AgendaItemShown`; `link` from `lib.url_tag.remembered_reverser`."""
        return cls(
            url=link("portal:agenda_item", [body.slug, item.meeting_id, item.id]),
            number=item.number,
            name=item.name,
            organization=item.organization,
            date=local_day(item.start),
            result=AgendaItem.result_label(item.result),
        )


def _side_results(found, body):
    link = remembered_reverser()
    return {
        "people": found[Kind.PERSON],
        "meetings": [row.shows for row in found[Kind.MEETING]],
        "agenda_items": [ItemFound.of(row.shows, body, link) for row in found[Kind.AGENDA_ITEM]],
    }


@conditional(_search_modified, per_body=True, query=PAPER_LIST_PARAMETERS)
def search_view(request, body_slug):
    body = get_body(request, body_slug)
    form = PaperFilterForm(body, request.GET)
    text = form.text()
    filters = form.filters()
    context = {"body": body, "form": form, "text": text, "query_prefix": query_without_page(request)}
    if not text:
        return render(request, "portal/search.html", context)
    with _search(request, body, text, filters) as shown:
        return render(request, "portal/search.html", {**context, "shown": shown})
