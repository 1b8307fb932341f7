"""What the paper pages call things: "Beschlussvorschlag" until decided, "Beschluss" after,
plain public state names outside the back office, the decision date of the meeting, the
financial statement as one line, files described for people."""

import io
import re

import pytest
from pypdf import PdfWriter

from resolutions.files import describe, size_in_words, store_file
from tests import factories as f
from tests.paperpage.conftest import html_of, pages, tell

pytestmark = pytest.mark.django_db


def two_page_pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_released_paper_is_a_proposal_in_plain_words_and_the_back_office_keeps_its_terms(client, town):
    paper = f.paper(town.body, under_direction_of=town.department, financial_impact=None)
    f.consultation(paper, town.committee, meeting=f.meeting(town.committee))
    urls = pages(town, paper)
    for user, url in ((None, urls["portal"]), (town.outsider, urls["councillors"])):
        html = html_of(client, user, url)
        assert '<h2 id="beschluss">Beschlussvorschlag</h2>' in html
        assert "<dt>Stand</dt><dd>noch nicht beraten</dd>" in html
        assert "freigegeben" not in html and "Entschieden am" not in html
    office = f.user(town.body, "clerk", department=town.department)
    html = html_of(client, office, urls["office"])
    assert '<span class="state state-released">freigegeben</span>' in html
    assert '<h2 id="beschluss">Beschlussvorschlag</h2>' in html


def test_a_decided_paper_shows_its_decision_and_the_date_of_the_deciding_meeting(client, town):
    story = tell(town, council_item_public=True)
    html = html_of(client, None, pages(town, story.paper)["portal"])
    assert '<h2 id="beschluss">Beschluss</h2>' in html
    assert "<dt>Stand</dt><dd>geändert beschlossen</dd>" in html
    assert "<dt>Entschieden am</dt><dd>01.06.2026</dd>" in html
    html = html_of(client, town.office, pages(town, story.paper)["office"])
    assert "entschieden</span> – geändert beschlossen" in html


def test_the_financial_statement_is_one_line_and_unknown_is_no_statement(client, town):
    unknown = f.paper(town.body, financial_impact=None)
    html = html_of(client, None, pages(town, unknown)["portal"])
    assert "<p>Finanzielle Auswirkung: keine Angabe</p>" in html
    assert html.count("Finanzielle Auswirkung") == 1 and not re.search(r"<h\d[^>]*>[^<]*Finanz", html)
    costly = f.paper(
        town.body,
        financial_impact=True,
        financial_amount=1250,
        financial_budget_line="1.2.3",
        financial_description="Aus dem laufenden Haushalt.",
    )
    html = html_of(client, None, pages(town, costly)["portal"])
    assert "<p>Finanzielle Auswirkung: ja</p>" in html and "<dt>Haushaltsstelle</dt><dd>1.2.3</dd>" in html
    assert html.count("Finanzielle Auswirkung") == 1 and not re.search(r"<h\d[^>]*>[^<]*Finanz", html)


def test_files_are_described_for_people_on_paper_and_meeting_pages(client, town):
    story = tell(town, council_item_public=True)
    data = two_page_pdf()
    annex = store_file(data, file_name="lageplan.pdf", paper=story.paper)
    store_file(data, file_name="einladung.pdf", meeting=story.council_meeting)
    assert annex.page_count == 2
    expected = f"PDF, 2 Seiten, {size_in_words(len(data))}"
    for url in (pages(town, story.paper)["portal"], f"/{town.body.slug}/sitzungen/{story.council_meeting.pk}/"):
        html = html_of(client, None, url)
        assert f"({expected})" in html, url
        assert "(application/pdf," not in html, url


def test_file_descriptions():
    assert [size_in_words(size) for size in (0, 1, 753, 771_072, 1_300_000, 5 * 1024**3)] == [
        "0 Bytes",
        "1 Byte",
        "753 Bytes",
        "753 KB",
        "1,2 MB",
        "5 GB",
    ]
    file = type("F", (), {"mime_type": "application/pdf", "page_count": 1, "size": 771_072})()
    assert describe(file) == "PDF, 1 Seite, 753 KB"
    file.mime_type, file.page_count = "image/png", None
    assert describe(file) == "PNG-Bild, 753 KB"
    file.mime_type = "application/x-unknown-thing"
    assert describe(file) == "Datei, 753 KB"
