"""The register of decisions (Beschlussbuch): one page for everyone, and its CSV export."""

import csv

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, render

from council.models import Body
from lib.urls import absolute_reverse
from meetings import register
from meetings.forms import RegisterFilterForm

PAGE_SIZE = 25
CSV_COLUMNS = [
    "Datum", "Gremium", "TOP", "Vorlagen-Nr.", "Betreff", "Ergebnis",
    "Ja", "Nein", "Enthaltungen", "einstimmig", "Adresse",
]  # fmt: skip


def _filtered(request, body):
    form = RegisterFilterForm(
        request.GET or None, organizations=register.organizations(body), years=register.years(body)
    )
    form.is_valid()  # a bad value becomes an error next to its field; the valid filters still apply
    filters = form.cleaned_data if form.is_bound else {}
    items = register.decisions(
        request.user,
        body,
        organization=filters.get("organization"),
        year=filters.get("year"),
        query=filters.get("q", ""),
    )
    return form, items


def register_list(request, body_slug):
    body = get_object_or_404(Body, slug=body_slug)
    form, items = _filtered(request, body)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "meetings/register.html",
        {"body": body, "form": form, "page": page, "query_prefix": query.urlencode()},
    )


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(text):
    """Text as a spreadsheet shows it: a leading =, +, -, @ would start a formula, so it is quoted."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value):
        return value


def register_csv(request, body_slug):
    body = get_object_or_404(Body, slug=body_slug)
    _, items = _filtered(request, body)
    writer = csv.writer(_Echo(), delimiter=";")

    def rows():
        yield "\ufeff" + writer.writerow(CSV_COLUMNS)
        for item in items.iterator(chunk_size=500):
            paper = item.consultation.paper
            yield writer.writerow(
                [
                    f"{item.meeting.date:%d.%m.%Y}",
                    _cell(item.meeting.organization.name),
                    item.number,
                    _cell(paper.reference or ""),
                    _cell(item.name),
                    item.get_result_display(),
                    "" if item.votes_yes is None else item.votes_yes,
                    "" if item.votes_no is None else item.votes_no,
                    "" if item.votes_abstention is None else item.votes_abstention,
                    "ja" if item.unanimous else "",
                    absolute_reverse("portal:paper", body.slug, paper.pk),
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="beschluesse-{body.slug}.csv"'
    return response
