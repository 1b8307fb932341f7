"""Full-text search: German stemming, ranking, snippets that cannot inject markup, filters.

What the index holds and how it follows changes: tests/portal/test_search_index.py.
"""

import pytest

from resolutions.files import store_file
from tests import factories as f
from tests.portal.conftest import content
from tests.portal.world import PUBLIC_WORD, pdf_with

pytestmark = pytest.mark.django_db


def search(client, world, **params):
    return content(client.get(f"/{world.body.slug}/suche/", params))


def result_titles(html):
    import re

    return re.findall(r'<h3 class="result-title"><a href="[^"]+">([^<]*)</a>', html)


def test_search_finds_inflected_german_words(client, world):
    # "Bäume" in the reasoning is found by "Baum" (German stemming), not only by substring.
    html = search(client, world, q="Baum")
    assert world.public_paper.name in html


def test_reference_search_puts_the_exact_paper_first(client, world, committed):
    # Another paper mentions the reference in its text; the paper with that reference wins.
    with committed():
        f.paper(
            world.body,
            name="Bezug auf die frühere Vorlage",
            resolution_text=f"<p>Siehe {world.public_paper.reference} und {world.public_paper.reference}.</p>",
            reasoning=f"<p>{world.public_paper.reference}</p>",
        )
    titles = result_titles(search(client, world, q=world.public_paper.reference))
    assert titles[0].strip() == f"{world.public_paper.reference} {world.public_paper.name}"


def test_better_matches_rank_higher(client, world, committed):
    with committed():
        weak = f.paper(world.body, name="Allgemeine Grünpflege", reasoning=f"<p>Auch der {PUBLIC_WORD}.</p>")
    titles = result_titles(search(client, world, q=PUBLIC_WORD))
    names = [title.split(" ", 1)[-1] for title in titles]
    assert names.index(world.public_paper.name) < names.index(weak.name)


def test_snippet_marks_the_word_found_and_escapes_the_text(client, world, committed):
    with committed():
        f.paper(
            world.body,
            name="Vorlage mit Sonderzeichen",
            resolution_text="<p>Der Wasserturm &lt;b&gt; &lt;script&gt;alert(1)&lt;/script&gt; wird saniert &amp; gestrichen.</p>",
        )
    html = search(client, world, q="Wasserturm")
    assert "<mark>Wasserturm</mark>" in html
    assert "<script>alert(1)" not in html and "<b>" not in html
    # The text is escaped once (ts_headline leaves out what looks like a tag).
    assert "wird saniert &amp; gestrichen" in html


def test_query_text_is_never_markup(client, world):
    html = search(client, world, q='"><script>alert(2)</script>')
    assert "<script>alert(2)" not in html


def test_attachment_text_finds_the_paper_and_names_the_attachment(client, world, committed):
    with committed():
        store_file(
            pdf_with("x"), file_name="gutachten.pdf", paper=world.decided_paper, text="Gutachten zur Holzbeschaffenheit"
        )
    html = search(client, world, q="Holzbeschaffenheit")
    assert world.decided_paper.name in html
    assert "gefunden in Anlage:" in html and ">gutachten.pdf</a>" in html
    assert "<mark>Holzbeschaffenheit</mark>" in html


def test_filters_narrow_the_results(client, world):
    html = search(client, world, q=PUBLIC_WORD, stand="decided")
    assert world.public_paper.name not in html
    html = search(client, world, q=PUBLIC_WORD, stand="in_consultation", jahr="2026", gremium=world.committee.pk)
    assert world.public_paper.name in html
    assert world.public_paper.name not in search(client, world, q=PUBLIC_WORD, jahr="2019")
    assert world.public_paper.name not in search(client, world, q=PUBLIC_WORD, gremium=world.council.pk)
    other_type = f.paper_type(world.body, name="Anfrage")
    assert world.public_paper.name not in search(client, world, q=PUBLIC_WORD, art=other_type.pk)


def test_search_covers_meetings_and_visible_agenda_items(client, world):
    html = search(client, world, q="Stadtentwicklung")
    assert "Keine Sitzungen gefunden." not in html and world.committee.name in html
    html = search(client, world, q="Neugestaltung")
    assert f"{world.public_item.number} {world.public_item.name}" in html


def test_the_portal_search_is_the_publics_also_for_members(client, world):
    # The portal's search reads the public index; members find their non-public items in the councillor area.
    client.force_login(world.councillor_user)
    html = search(client, world, q="Geheimprojekt")
    assert world.secret_item.name not in html
    assert "nur öffentliche Inhalte" in html


def test_papers_pages_are_numbered(client, world, committed):
    with committed():
        for n in range(25):
            f.paper(world.body, name=f"Serie {PUBLIC_WORD} {n}", paper_type=world.public_paper.paper_type)
    first = search(client, world, q=PUBLIC_WORD)
    second = search(client, world, q=PUBLIC_WORD, seite=2)
    assert "Seite 1 von 2" in first and "Seite 2 von 2" in second
    assert set(result_titles(first)).isdisjoint(result_titles(second))
    assert "seite=2" in first and "q=Stadtpark" in first
    # A page number out of range or not a number: the last page, or the first, as Django's Paginator settles.
    assert result_titles(search(client, world, q=PUBLIC_WORD, seite=99)) == result_titles(second)
    assert result_titles(search(client, world, q=PUBLIC_WORD, seite=0)) == result_titles(second)
    assert result_titles(search(client, world, q=PUBLIC_WORD, seite="x")) == result_titles(first)
    # The people, meetings and agenda items found are shown beside the first page only.
    assert "Tagesordnungspunkte" in first and "Tagesordnungspunkte" not in second


def test_fallback_snippet_for_sqlite_marks_and_escapes():
    from portal.search import _fallback_snippet

    snippet = _fallback_snippet("Vorne " * 40 + "der Wasserturm <b>wird</b> saniert & gestrichen", "wasserturm")
    assert "<mark>Wasserturm</mark>" in snippet
    assert "&lt;b&gt;wird&lt;/b&gt;" in snippet and "&amp;" in snippet
    assert snippet.startswith("… Vorne")


def test_the_sqlite_fallback_understands_quoted_phrases_and_words_in_any_order(client, world, monkeypatch, committed):
    monkeypatch.setattr("portal.search.uses_postgres", lambda: False)
    with committed():
        paper = f.paper(world.body, name="Aufnahme in den Zweckverband Digitale Kommunen Brandenburg")
    for query in ('"Digitale Kommunen"', "„Digitale Kommunen“", "Kommunen Digitale", "zweckverband brandenburg"):
        assert f"{paper.reference} {paper.name}" in result_titles(search(client, world, q=query)), query
    assert f"{paper.reference} {paper.name}" not in result_titles(search(client, world, q='"Kommunen Digitale"'))


def test_headline_markup_is_rebuilt_from_escaped_text():
    from portal.search import _START, _STOP, _snippet

    raw = f"Der {_START}Turm{_STOP} <img src=x onerror=alert(1)> &amp; steht"
    assert _snippet(raw) == "Der <mark>Turm</mark> &lt;img src=x onerror=alert(1)&gt; &amp;amp; steht"


def test_the_sqlite_fallback_names_the_attachment_and_cuts_an_excerpt(client, world, monkeypatch, committed):
    monkeypatch.setattr("portal.search.uses_postgres", lambda: False)
    with committed():
        store_file(pdf_with("x"), file_name="baumkataster.pdf", paper=world.decided_paper, text="Das Baumkataster 2026")
    html = search(client, world, q="baumkataster")
    assert result_titles(html) == [f"{world.decided_paper.reference} {world.decided_paper.name}"]
    assert "gefunden in Anlage:" in html and ">baumkataster.pdf</a>" in html
    assert "<mark>Baumkataster</mark>" in html
    assert "<mark>Stadtpark</mark>" in search(client, world, q="stadtpark")


@pytest.fixture(params=["postgresql", "sqlite fallback"])
def backend(request, monkeypatch):
    if request.param != "postgresql":
        monkeypatch.setattr("portal.search.uses_postgres", lambda: False)
    return request.param


def test_the_side_results_show_meetings_and_items_as_the_portal_lists_them(client, world, backend):
    from django.utils import timezone

    from council.models import Meeting

    item = world.public_item
    meeting = item.meeting
    start = timezone.localtime(meeting.start)
    html = search(client, world, q="Neugestaltung")
    line = f'<a href="/{world.body.slug}/sitzungen/{meeting.pk}/top/{item.pk}/">{item.number} {item.name}</a>'
    assert line in html
    assert f"– {meeting.organization.name}, {start:%d.%m.%Y}" in html
    if item.result:
        assert item.get_result_display() in html
    html = search(client, world, q="Stadtentwicklung")
    listed = html.split('id="treffer-sitzungen"')[1].split("</section>")[0]
    found = [meeting for meeting in Meeting.objects.filter(body=world.body) if f"/sitzungen/{meeting.pk}/" in listed]
    assert found and all(meeting.organization.name in listed for meeting in found)
    for meeting in found:
        assert f'datetime="{timezone.localtime(meeting.start).isoformat()}"' in listed
        assert not meeting.location or f"– {meeting.location.description}" in listed


def test_a_side_row_the_index_has_not_yet_dropped_is_not_shown(client, world, backend):
    from django.core.cache import cache

    from council.models import AgendaItem

    item = world.public_item
    assert f"{item.number} {item.name}" in search(client, world, q="Neugestaltung")
    # An update that bypasses the signals leaves the index row: the page asks the rules again.
    AgendaItem.objects.filter(pk=item.pk).update(public=False)
    cache.clear()  # nor does it tell the page store
    html = search(client, world, q="Neugestaltung")
    assert f"{item.number} {item.name}" not in html and "Keine Tagesordnungspunkte gefunden." in html


def test_the_public_conditions_compile_to_the_same_sql_at_any_moment(monkeypatch):
    # portal.search compiles them once per process: a rule that named the moment would go stale.
    import datetime as dt

    from django.utils import timezone

    from portal import search as searching
    from portal.models import SearchDocument
    from portal.views.search import RECORDS, SHOWN

    def compiled_at(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        conditions = {
            kind: searching._condition_sql(SearchDocument.objects.filter(shown())) for kind, shown in SHOWN.items()
        }
        records = {kind: searching._record_sql(kind, listed()) for kind, listed in RECORDS.items()}
        return conditions, records

    assert compiled_at(dt.datetime(2021, 12, 14, tzinfo=dt.UTC)) == compiled_at(dt.datetime(2031, 1, 1, tzinfo=dt.UTC))


def test_the_search_statement_is_prepared_once_per_body_for_every_term_and_not_with_filters(client, world):
    from django.db import connection

    def prepared():
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s", ["%websearch%"])
            return len(cursor.fetchall())

    for term in ("Neugestaltung", "Stadtentwicklung", "B-7311/2021"):
        search(client, world, q=term)
    assert prepared() == 1
    # The filters' shapes and values are many: such a search is planned for itself.
    assert world.public_paper.name in search(client, world, q=PUBLIC_WORD, gremium=world.committee.pk)
    assert prepared() == 1
    # Each Body's statement has its own plan.
    other = f.body(name="Gemeinde Nuthetal", slug="nuthetal")
    assert client.get(f"/{other.slug}/suche/", {"q": "Neugestaltung"}).status_code == 200
    assert prepared() == 2


def test_the_page_renders_its_head_while_postgresql_answers_the_search(client, world, monkeypatch):
    """The statement is sent before the page renders and read where the page first shows a
    result: the navigation and the form are rendered in between."""
    from django.db import connection

    from portal import search as searching
    from portal.forms import PaperFilterForm

    happened = []

    def watch(execute, sql, params, many, context):
        happened.append("sent" if "websearch_to_tsquery" in sql else "query")
        return execute(sql, params, many, context)

    filter_fields, found_in = PaperFilterForm.filter_fields, searching._found_in
    monkeypatch.setattr(PaperFilterForm, "filter_fields", lambda form: happened.append("head") or filter_fields(form))
    monkeypatch.setattr(searching, "_found_in", lambda *args: happened.append("read") or found_in(*args))
    with connection.execute_wrapper(watch):
        html = search(client, world, q=PUBLIC_WORD)
    assert [event for event in happened if event != "query"] == ["sent", "head", "read"]
    assert world.public_paper.name in result_titles(html)[0]
    # A query asked meanwhile (a member's page reads their areas as it renders) waits its turn.
    happened.clear()
    client.force_login(world.councillor_user)
    with connection.execute_wrapper(watch):
        html = search(client, world, q=PUBLIC_WORD)
    assert [event for event in happened if event != "query"] == ["sent", "head", "read"]
    assert "query" in happened[happened.index("sent") : happened.index("read")]
    assert world.public_paper.name in result_titles(html)[0]


def test_a_page_that_fails_while_the_search_is_on_its_way_leaves_the_connection_as_it_was(client, world, monkeypatch):
    from django.db import connection
    from psycopg import pq

    from portal.forms import PaperFilterForm
    from portal.models import SearchDocument

    def failing(form):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(PaperFilterForm, "filter_fields", failing)
    with pytest.raises(RuntimeError, match="kaputt"):
        search(client, world, q=PUBLIC_WORD)
    # The statement sent was never read; the pipeline is closed and the connection answers as before.
    assert connection.connection.pgconn.pipeline_status == pq.PipelineStatus.OFF
    assert SearchDocument.objects.filter(body=world.body).exists()
    monkeypatch.undo()
    assert world.public_paper.name in result_titles(search(client, world, q=PUBLIC_WORD))[0]
