"""Back-office pages: the list with filters, history and comparison, and their query budgets."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from office import diffs
from resolutions import workflow
from resolutions.models import Paper
from tests import factories as f

from .conftest import draft, form_data

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def many_papers(town, count):
    for n in range(count):
        paper = draft(town, name=f"Vorlage Nummer {n}")
        if n % 3 == 0:
            workflow.submit(paper, by=town.clerk)


@pytest.mark.parametrize(
    "url", ["/verwaltung/", "/verwaltung/vorlagen/", "/verwaltung/vorlagen/?state=draft&q=Vorlage"]
)
@pytest.mark.parametrize("who", ["clerk", "head", "office"])
def test_lists_keep_their_query_budget_as_data_grows(client, town, url, who):
    client.force_login(getattr(town, who))
    many_papers(town, 3)
    few = queries_for(client, url)
    many_papers(town, 30)
    many = queries_for(client, url)
    assert many <= few <= 20


def test_paper_detail_and_history_keep_their_query_budget(client, town):
    client.force_login(town.office)
    paper = draft(town)
    workflow.submit(paper, by=town.clerk)
    workflow.return_to_draft(paper, by=town.head, comment="Nochmal.")
    few = queries_for(client, f"/verwaltung/vorlagen/{paper.pk}/")
    history_few = queries_for(client, f"/verwaltung/vorlagen/{paper.pk}/verlauf/")
    for _ in range(5):
        workflow.submit(paper, by=town.clerk)
        workflow.sign(paper, by=town.head)
        workflow.return_to_draft(paper, by=town.treasurer, comment="Nochmal.")
    assert queries_for(client, f"/verwaltung/vorlagen/{paper.pk}/") <= few <= 25
    assert queries_for(client, f"/verwaltung/vorlagen/{paper.pk}/verlauf/") <= history_few <= 15


def test_the_list_filters_by_state_type_department_and_search(client, town):
    client.force_login(town.office)
    school = draft(town, name="Neubau der Schule")
    f.paper(
        town.body,
        name="Straßenreinigung",
        state=Paper.State.RELEASED,
        reference="B-77/2026",
        under_direction_of=town.other_department,
        paper_type=town.info,
    )

    def names(query):
        return {p.name for p in client.get(f"/verwaltung/vorlagen/?{query}").context["papers"]}

    assert names("q=schule") == {"Neubau der Schule"}
    assert names("q=B-77") == {"Straßenreinigung"}
    assert names("state=released") == {"Straßenreinigung"}
    assert names(f"paper_type={town.info.pk}") == {"Straßenreinigung"}
    assert names(f"department={town.department.pk}") == {school.name}
    assert client.get("/verwaltung/vorlagen/?state=bogus&department=abc").status_code == 200

    # One invalid value keeps the valid filters and is marked at its own field.
    response = client.get("/verwaltung/vorlagen/?q=schule&state=bogus")
    assert {p.name for p in response.context["papers"]} == {"Neubau der Schule"}
    assert list(response.context["form"].errors) == ["state"]
    html = response.content.decode()
    assert 'name="state" aria-invalid="true"' in html and 'value="schule"' in html
    assert names("q=schule&department=abc") == {"Neubau der Schule"}


def test_the_list_is_paginated(client, town):
    client.force_login(town.office)
    many_papers(town, 30)
    first = client.get("/verwaltung/vorlagen/").content.decode()
    assert "Seite 1 von 2" in first
    assert len(client.get("/verwaltung/vorlagen/?seite=2").context["papers"].object_list) == 5


def test_history_lists_versions_with_who_and_which_transition_and_compares_two(client, town):
    client.force_login(town.clerk)
    client.post("/verwaltung/vorlagen/neu/", form_data(town, resolution_text="<p>Die Stadt baut eine Schule.</p>"))
    paper = Paper.objects.get()
    client.post(
        f"/verwaltung/vorlagen/{paper.pk}/bearbeiten/",
        form_data(town, paper, resolution_text="<p>Die Stadt baut eine neue Schule am Markt.</p>"),
    )
    client.post(f"/verwaltung/vorlagen/{paper.pk}/einreichen/")
    html = client.get(f"/verwaltung/vorlagen/{paper.pk}/verlauf/").content.decode()
    for reason in ("Angelegt", "Bearbeitet", "Zur Mitzeichnung eingereicht"):
        assert reason in html
    assert "Clara Klerk" in html
    response = client.get(f"/verwaltung/vorlagen/{paper.pk}/vergleich/?a=2&b=1")
    html = response.content.decode()
    assert "Die Stadt baut eine <ins>neue</ins> Schule <ins>am Markt</ins>." in html
    assert "Fassung 1" in html and "Fassung 2" in html


def test_compare_with_a_version_of_another_paper_or_garbage_is_not_a_500(client, town):
    client.force_login(town.clerk)
    paper = draft(town)
    base = f"/verwaltung/vorlagen/{paper.pk}/vergleich/"
    assert client.get(f"{base}?a=1&b=2").status_code == 404  # the paper has one version only
    assert client.get(f"{base}?a=x&b=1").status_code == 302
    assert client.get(f"{base}?a=1").status_code == 302
    assert client.get(base).status_code == 302  # nothing to compare yet
    assert client.get(f"{base}?a=1&b=99999999999999999999").status_code == 404
    assert client.get(f"{base}?a=-1&b=1").status_code == 404


def test_compared_amounts_read_as_german_amounts(town):
    paper = draft(town)
    paper.financial_amount = Decimal("120000.50")
    assert diffs.display(paper, "financial_amount", "amount") == "120.000,50"
    assert [row.new for row in diffs.compare(paper, paper) if row.field == "financial_amount"] == ["120.000,50"]


def test_marked_diff_escapes_markup_and_marks_deletions():
    import html
    import re

    marked = str(diffs.marked_diff("a <b> c", "a c d"))
    assert "<del>&lt;b&gt;</del>" in marked and "<b>" not in marked

    def read(text):
        return " ".join(html.unescape(re.sub(r"</?(ins|del)>", "", text)).split())

    without_deletions = read(re.sub(r"<del>.*?</del>", "", marked))
    without_insertions = read(re.sub(r"<ins>.*?</ins>", "", marked))
    assert (without_insertions, without_deletions) == ("a <b> c", "a c d")
    assert diffs.rich_to_text("<p>Eins &amp; zwei</p><ul><li>drei</li></ul>") == "Eins & zwei\ndrei"


@pytest.mark.parametrize(
    "old, new, marked",
    [
        ("in Mitzeichnung", "freigegeben", "<del>in Mitzeichnung</del> <ins>freigegeben</ins>"),
        ("eine neue Schule", "eine Schule", "eine <del>neue</del> Schule"),
        ("neue Schule", "Schule", "<del>neue</del> Schule"),
        ("Schule", "Schule am Markt.", "Schule <ins>am Markt.</ins>"),
        ("Betrag 120.000,50 EUR", "Betrag 130.000,50 EUR", "Betrag <del>120.000,50</del> <ins>130.000,50</ins> EUR"),
        ("Zeile eins\nZeile zwei", "Zeile eins\nZeile drei", "Zeile eins<br>\nZeile <del>zwei</del> <ins>drei</ins>"),
        ("Brandenburg“. Die", "Brandenburg“. Der", "Brandenburg“. <del>Die</del> <ins>Der</ins>"),
    ],
)
def test_marked_diff_keeps_whole_words_and_the_spaces_between_them(old, new, marked):
    assert str(diffs.marked_diff(old, new)) == marked
