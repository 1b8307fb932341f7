"""The Beschlussvorlage as PDF: the seed's text in order, layout, archival metadata."""

import re
import weakref
from decimal import Decimal

import pytest
from pypdf.generic import BooleanObject

from documents import pdf
from resolutions.models import Amendment
from tests import factories as f
from tests.documents.helpers import body_text, normalise, page_texts, reader, seed_lines, xmp

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_pdf(demo):
    return pdf.paper_pdf(demo.seed_paper)


def test_seed_paper_pdf_holds_every_line_of_the_seed_in_order(seed_pdf):
    text = body_text(seed_pdf, running_header="Stadt Luckenwalde Vorlagen-Nr. B-7311/2021")
    position = 0
    for line in seed_lines():
        found = text.find(line, position)
        assert found >= 0, f"not found (in order) in the PDF: {line!r}"
        position = found + len(line)


def test_seed_paper_pdf_is_a4_with_page_numbers_and_the_reference_running_from_page_two(seed_pdf):
    pages = reader(seed_pdf).pages
    assert len(pages) >= 2
    for page in pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)  # A4 in points
    texts = [[normalise(line) for line in text.splitlines()] for text in page_texts(seed_pdf)]
    assert f"Seite 1 von {len(pages)}" in texts[0]
    assert f"Seite 2 von {len(pages)}" in texts[1]
    assert "Stadt Luckenwalde Vorlagen-Nr. B-7311/2021" not in texts[0]
    assert "Stadt Luckenwalde Vorlagen-Nr. B-7311/2021" in texts[1]


def test_amendment_marker_and_footnote_are_set_in_bold(seed_pdf):
    bold_text = []

    def visit(text, cm, tm, font_dict, font_size):
        if font_dict and "Bold" in str(font_dict.get("/BaseFont", "")):
            bold_text.append(text)

    reader(seed_pdf).pages[0].extract_text(visitor_text=visit)
    bold = normalise(" ".join(bold_text))
    assert "zum nächstmöglichen Zeitpunkt. *)" in bold
    assert "*) ergänzt STVV 14.12.2021/jae" in bold
    assert "Die Bürgermeisterin wird beauftragt" not in bold


def test_seed_paper_pdf_declares_pdfa_3a_pdfua_and_its_metadata(seed_pdf):
    document = reader(seed_pdf)
    assert (
        document.metadata.title
        == "Beschlussvorlage B-7311/2021: Aufnahme in den Zweckverband Digitale Kommunen Brandenburg"
    )
    assert document.metadata.subject == "B-7311/2021"
    assert document.metadata.author == "Amt Bildung, Jugend und IT"
    root = document.trailer["/Root"]
    assert root["/Lang"] == "de"
    assert root["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert "/StructTreeRoot" in root and "/OutputIntents" in root
    packet = xmp(seed_pdf)
    assert re.search(r'pdfaid:part="3"', packet) and re.search(r'pdfaid:conformance="A"', packet)
    assert re.search(r'pdfuaid:part="1"', packet)
    assert "<dc:title>" in packet and "Amt Bildung, Jugend und IT" in packet


def embedded_fonts(data):
    fonts = set()
    for page in reader(data).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                if "/DescendantFonts" in font
                else font["/FontDescriptor"]
            )
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor or "/FontFile" in descriptor
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    return fonts


def test_fonts_are_the_shipped_ones_and_embedded(seed_pdf):
    assert embedded_fonts(seed_pdf) <= {"Liberation-Sans", "Liberation-Sans-Bold"}


def test_later_pdfs_of_the_same_process_keep_the_shipped_fonts_loaded_once(seed_pdf):
    body = f.body()
    later = [pdf.paper_pdf(f.paper(body, name=f"Neubau Feuerwache {n}", state="released")) for n in range(2)]
    for data in later:
        assert {"Liberation-Sans"} <= embedded_fonts(data) <= {"Liberation-Sans", "Liberation-Sans-Bold"}
    assert pdf.print_style() is pdf.print_style()


def test_each_render_gives_the_memory_it_freed_back_once_the_layout_is_dropped(demo, monkeypatch):
    """glibc's malloc_trim after each render: without it a worker rendering among pages crept (docs/performance.md)."""
    alive_at_trim = []
    documents = []
    render = pdf.HTML.render

    def remembered(self, *args, **kwargs):
        document = render(self, *args, **kwargs)
        documents.append(weakref.ref(document))
        return document

    monkeypatch.setattr(pdf.HTML, "render", remembered)
    monkeypatch.setattr(pdf, "_malloc_trim", lambda pad: alive_at_trim.append((pad, documents[-1]() is not None)))
    assert pdf.paper_pdf(demo.seed_paper).startswith(b"%PDF")
    assert alive_at_trim == [(0, False)]
    assert pdf._find_malloc_trim() is not None  # this machine's glibc has it


def test_paper_with_financial_impact_prints_amount_budget_line_and_details():
    body = f.body(name="Gemeinde Musterdorf")
    paper = f.paper(
        body,
        financial_impact=True,
        financial_amount=Decimal("186400.00"),
        financial_budget_line="11.1.01/5421000",
        financial_description="Die Mittel stehen im Haushalt 2026 bereit.",
    )
    text = body_text(pdf.paper_pdf(paper))
    assert "Finanzielle Auswirkung: ja" in text
    assert "186.400,00 EUR" in text and "11.1.01/5421000" in text
    assert "Die Mittel stehen im Haushalt 2026 bereit." in text
    assert "Finanzielle Auswirkung: nein" not in text


def test_paper_without_a_statement_about_money_prints_keine_angabe_not_nein():
    paper = f.paper(f.body(), financial_impact=None)
    text = body_text(pdf.paper_pdf(paper))
    assert "Finanzielle Auswirkung: keine Angabe" in text
    assert "Finanzielle Auswirkung: nein" not in text and "Finanzielle Auswirkung: ja" not in text


def test_several_amendments_get_their_own_markers_and_footnotes():
    body = f.body()
    council = f.organization(body, short_name="GV")
    paper = f.paper(body, resolution_text="<p>Erstens gilt A. Zweitens gilt B.</p>")
    meeting = f.meeting(council, state="held")
    consultation = f.consultation(paper, council, meeting=meeting)
    f.agenda_item(meeting, consultation=consultation)
    f.amendment(consultation, Amendment.Kind.CHANGED, "Erstens gilt A.", "Erstens gilt C.", position=1)
    f.amendment(consultation, Amendment.Kind.STRUCK, "Zweitens gilt B.", "", initials="xyz", position=2)
    text = body_text(pdf.paper_pdf(paper))
    # Each amendment its own passage and marker: the old word struck (still readable), the new one bold.
    assert "Erstens gilt A C *). Zweitens gilt B. **)" in text
    assert "*) geändert GV 01.06.2026/jae" in text and "**) gestrichen GV 01.06.2026/xyz" in text


def test_rendering_never_fetches_anything_but_the_shipped_fonts():
    fetcher = pdf._ShippedFontsOnly(allowed_protocols={"file"})
    with pytest.raises(ValueError):
        fetcher.fetch("http://169.254.169.254/latest/meta-data/")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    response = fetcher.fetch((pdf.FONT_DIR / "LiberationSans-Regular.ttf").as_uri())
    response.close()
