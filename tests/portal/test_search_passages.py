"""Excerpts of long texts: a paper's or an annex's text is kept in passages, and the search cuts
its excerpt from the passage the words are found in (`portal.search_index.passage_starts`,
`portal.search._passage`), so that it parses one passage, not the whole text."""

import pytest
from django.db import connection

from portal import search_index
from portal.models import SearchDocument
from resolutions.files import store_file
from tests import factories as f
from tests.portal.conftest import content
from tests.portal.world import pdf_with

pytestmark = pytest.mark.django_db

FILLER = "Die Verwaltung berichtet über den Stand der Arbeiten im Gemeindegebiet und die nächsten Schritte. "


def search(client, world, text):
    return content(client.get(f"/{world.body.slug}/suche/", {"q": text}))


def excerpts(html):
    import re

    return re.findall(r'<p class="snippet">(.*?)</p>', html, flags=re.S)


def passages_of(kind, object_id):
    """(start, passage text, vector as text) of the index row's passages, as PostgreSQL cuts them."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT p.start, substr({search_index.excerpt_source_sql("d")}, p.start + 1, p.stop - p.start),
                       d.passages[p.i]::text
                FROM portal_searchdocument AS d, LATERAL ({search_index.passage_rows("d.passage_starts")}) AS p
                WHERE d.kind = %s AND d.object_id = %s ORDER BY p.i""",
            [kind, object_id],
        )
        return cursor.fetchall()


def test_passages_cover_the_text_and_are_cut_after_sentences():
    text = FILLER * 40 + "x" * 2000
    starts = search_index.passage_starts(text)
    ends = [*starts[1:], len(text)]
    assert starts[0] == 0 and len(starts) > 5
    assert all(0 < end - start <= search_index.PASSAGE for start, end in zip(starts, ends, strict=True))
    # Where a sentence ends in the second half of a passage the next one starts after it; a word
    # longer than a passage is cut where the passage is full.
    assert all(text[start - 2 : start] == ". " for start in starts[1:] if start < 40 * len(FILLER))
    assert starts[-1] - starts[-2] == search_index.PASSAGE
    assert search_index.passage_starts("") == [0] and search_index.passage_starts("kurz") == [0]


def test_the_passages_are_cut_from_the_text_the_python_side_sees(world, committed):
    with committed():
        paper = f.paper(world.body, name="Lange Vorlage", reasoning=f"<p>{FILLER * 30}</p><p>Der Glockenturm.</p>")
    row = SearchDocument.objects.get(kind="paper", object_id=paper.pk)
    source = search_index.excerpt_source(row.kind, row.text, row.details)
    passages = passages_of("paper", paper.pk)
    assert [start for start, _, _ in passages] == search_index.passage_starts(source)
    assert "".join(text for _, text, _ in passages) == source
    assert "'glockenturm'" in passages[-1][2] and "'glockenturm'" not in passages[0][2]


@pytest.mark.parametrize(
    ("reasoning", "text", "marked"),
    [
        # A word deep in a long text: marked in the excerpt of its passage, not the text's first words.
        (
            f"Eingangsbemerkung. {FILLER * 60} Der Glockenturm wird saniert. {FILLER * 60}",
            "Glockenturm",
            "<mark>Glockenturm</mark> wird saniert",
        ),
        # Words in different passages: marked where the first of them stands.
        (f"{FILLER * 10} Der Glockenturm ist alt. {FILLER * 30} Am Kirchplatz fehlen Bänke.", "Kirchplatz Glockenturm",
         "<mark>Glockenturm</mark>"),
        # A phrase: marked in the passage that holds it, not where one of its words stands alone.
        (f"Die alte Turnhalle bleibt. {FILLER * 20} Die alte Schule wird verkauft. {FILLER * 5}", '"alte Schule"',
         "<mark>alte</mark> <mark>Schule</mark> wird verkauft"),
    ],
)  # fmt: skip
def test_the_excerpt_of_a_long_reasoning_is_cut_where_the_words_stand(
    client, world, committed, reasoning, text, marked
):
    with committed():
        f.paper(world.body, name="Bericht zur Sanierung", reasoning=f"<p>{reasoning}</p>")
    [excerpt] = excerpts(search(client, world, text))
    assert marked in excerpt
    assert "Eingangsbemerkung" not in excerpt and "Turnhalle" not in excerpt


def test_a_long_annex_is_excerpted_where_its_word_stands(client, world, committed):
    text = FILLER * 1000 + "Das Gutachten bewertet die Holzbeschaffenheit der Balken. " + FILLER * 100
    with committed():
        store_file(pdf_with("x"), file_name="gutachten.pdf", paper=world.decided_paper, text=text)
    html = search(client, world, "Holzbeschaffenheit")
    assert ">gutachten.pdf</a>" in html
    assert "<mark>Holzbeschaffenheit</mark> der Balken" in html


def test_passages_filled_afterwards_are_those_written_with_the_row(world, committed):
    """The migration that brought passages fills the rows there were (`fill_passages`)."""
    with committed():
        paper = f.paper(world.body, name="Nachgetragen", reasoning=f"<p>{FILLER * 25}</p>")
        store_file(pdf_with("x"), file_name="anlage.pdf", paper=paper, text=FILLER * 20)
    rows = SearchDocument.objects.filter(paper=paper).order_by("kind")
    assert sorted(rows.values_list("kind", flat=True)) == ["file", "paper"]
    written = [passages_of(row.kind, row.object_id) for row in rows]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE portal_searchdocument SET passage_starts = NULL, passages = NULL WHERE id = ANY(%s)",
            [[row.pk for row in rows]],
        )
    assert [passages_of(row.kind, row.object_id) for row in rows] == [[], []]
    search_index.fill_passages(rows.values_list("pk", "kind", "text", "details"))
    assert [passages_of(row.kind, row.object_id) for row in rows] == written


def test_a_row_without_passages_is_excerpted_from_all_of_its_text(client, world, committed):
    with committed():
        paper = f.paper(world.body, name="Ohne Abschnitte", reasoning=f"<p>{FILLER * 20} Der Glockenturm.</p>")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE portal_searchdocument SET passage_starts = NULL, passages = NULL WHERE kind = 'paper' AND object_id = %s",
            [paper.pk],
        )
    [excerpt] = excerpts(search(client, world, "Glockenturm"))
    assert "<mark>Glockenturm</mark>" in excerpt
