"""The Sitzungsmappe in one document (issue 13.4, 13.7): contents with page numbers, "Seite n von N",
"TOP Ö 2" on a paper's pages, "Anlage n zu TOP …", confidential pages marked with the recipient,
and PDF/A-3a with tags and embedded fonts."""

import re

import pytest
from pypdf.generic import BooleanObject

from documents import pdf
from tests.documents.helpers import normalise, outline_titles, page_texts, reader, xmp
from tests.documents.test_paper_pdf import embedded_fonts
from tests.documents.worlds import SECRET, council_with_secret_item

pytestmark = pytest.mark.django_db
TOC_LINE = re.compile(r"^(?P<title>.+?)\s*(?:\.\s*)+\s*(?P<page>\d+)$")


@pytest.fixture
def town():
    return council_with_secret_item()


def read_bundle(meeting, user):
    """The bundle's bytes and the normalised text of each page."""
    data = pdf.bundle_pdf(meeting, user)
    return data, [normalise(text) for text in page_texts(data)]


def contents(data):
    """{title: page number} as the contents page gives them, in order."""
    raw = page_texts(data)
    toc = next(text for text in raw if text.lstrip().startswith("Inhalt"))
    entries = {}
    for line in toc.splitlines():
        match = TOC_LINE.match(line.strip())
        if match:
            entries[normalise(match["title"])] = int(match["page"])
    return entries


def test_contents_give_the_page_each_part_starts_on_and_pages_count_on(town):
    data, pages = read_bundle(town.meeting, town.member)
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Seite {number} von {total}" in text
    entries = contents(data)
    assert list(entries) == [
        "Einladung und Tagesordnung",
        "Ö 2 Radweg an der Dorfstraße",
        "Anlage 1 zu TOP Ö 2: Kostenschätzung",
        "Anlage 2 zu TOP Ö 2: Lageplan",
        f"N 1 Grundstücksangelegenheit {SECRET}",
    ]
    assert "Einladung zur Sitzung" in pages[entries["Einladung und Tagesordnung"] - 1]
    assert "Titel: Radweg an der Dorfstraße" in pages[entries["Ö 2 Radweg an der Dorfstraße"] - 1]
    assert "Lageplan Radweg" in pages[entries["Anlage 2 zu TOP Ö 2: Lageplan"] - 1]
    assert f"Kaufpreis {SECRET}" in pages[entries[f"N 1 Grundstücksangelegenheit {SECRET}"] - 1]
    assert entries[f"N 1 Grundstücksangelegenheit {SECRET}"] == total
    assert outline_titles(data) == ["Einladung und Tagesordnung", "Ö 1 Eröffnung der Sitzung", *list(entries)[1:]]


def test_paper_and_annex_pages_carry_their_top_and_annexes_their_label(town):
    data, pages = read_bundle(town.meeting, None)
    entries = contents(data)
    paper_page = pages[entries["Ö 2 Radweg an der Dorfstraße"] - 1]
    annex_page = pages[entries["Anlage 1 zu TOP Ö 2: Lageplan"] - 1]
    assert "TOP Ö 2" in paper_page
    assert "Anlage 1 zu TOP Ö 2: Lageplan" in annex_page and "Lageplan Radweg" in annex_page


def test_members_copy_marks_every_nonpublic_page_with_the_recipient_and_no_public_one(town):
    name = town.member.person.name
    data, pages = read_bundle(town.meeting, town.member)
    entries = contents(data)
    public_pages = {entries["Ö 2 Radweg an der Dorfstraße"], entries["Anlage 2 zu TOP Ö 2: Lageplan"]}
    for number, text in enumerate(pages, start=1):
        marked = f"nichtöffentlich – vertraulich – Exemplar für {name}" in text
        assert marked == (number not in public_pages), (number, text[:200])
        if SECRET in text:
            assert marked
    assert f"Exemplar für {name}" in pages[0]


def test_public_bundle_holds_no_nonpublic_text_mark_or_name(town):
    data, pages = read_bundle(town.meeting, None)
    text = " ".join(pages)
    assert SECRET not in text and "Kostenschätzung" not in text
    assert "vertraulich" not in text and "Exemplar für" not in text
    assert "Öffentliche Fassung" in pages[0]


def test_bundle_is_pdfa_3a_tagged_with_embedded_fonts(town):
    data, _ = read_bundle(town.meeting, town.member)
    document = reader(data)
    root = document.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert "/StructTreeRoot" in root and "/OutputIntents" in root and root["/Lang"] == "de"
    packet = xmp(data)
    assert re.search(r'pdfaid:part="3"', packet) and re.search(r'pdfaid:conformance="A"', packet)
    assert document.metadata.title == f"Sitzungsmappe: {town.meeting.title}"
    assert embedded_fonts(data) <= {"Liberation-Sans", "Liberation-Sans-Bold"}
