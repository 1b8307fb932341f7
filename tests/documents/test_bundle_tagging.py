"""The whole Sitzungsmappe is PDF/A-3a (issue 13.7): the annex pages laid on it are tagged Figures
with alternative text, every font on every page is embedded, the identification and the tags stay."""

import re

import pytest
from pypdf.generic import BooleanObject

from documents import pdf
from tests.documents.helpers import reader, xmp
from tests.documents.worlds import council_with_secret_item

pytestmark = pytest.mark.django_db
FONT_FILES = {"/FontFile", "/FontFile2", "/FontFile3"}


@pytest.fixture
def members_bundle():
    town = council_with_secret_item()
    return reader(pdf.bundle_pdf(town.meeting, town.member))


def structure_elements(document):
    """Every element of the structure tree, depth first."""
    pending = [document.trailer["/Root"]["/StructTreeRoot"]["/K"]]
    while pending:
        node = pending.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, dict) and "/S" in node:
            yield node
            pending.append(node.get("/K", []))


def fonts(resources):
    """The font dictionaries of a resource dictionary and of the Form XObjects it draws, recursively."""
    resources = resources.get_object() if resources is not None else {}
    for font in resources.get("/Font", {}).values():
        yield font.get_object()
    for xobject in resources.get("/XObject", {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            yield from fonts(xobject.get("/Resources"))


def descriptor(font):
    if font["/Subtype"] == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    return font["/FontDescriptor"].get_object()


def test_each_annex_page_is_a_figure_with_its_alternative_text(members_bundle):
    figures = [element for element in structure_elements(members_bundle) if element["/S"] == "/Figure"]
    alts = sorted(str(figure["/Alt"]) for figure in figures)
    assert alts == [
        "Anlage 1 zu TOP Ö 2: Kostenschätzung, Seite 1 von 1",
        "Anlage 2 zu TOP Ö 2: Lageplan, Seite 1 von 1",
    ]
    parent_tree = members_bundle.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    by_page = {parent_tree[i]: parent_tree[i + 1] for i in range(0, len(parent_tree), 2)}
    pages = {page.indirect_reference.idnum: page for page in members_bundle.pages}
    for figure in figures:
        page = pages[figure.raw_get("/Pg").idnum]
        mcid = figure["/K"]
        assert by_page[page["/StructParents"]][mcid].get_object() == figure
        assert f"/Figure <</MCID {mcid}>> BDC".encode() in page.get_contents().get_data()
        assert figure["/P"].get_object()["/S"] == "/Div"


def test_the_bundle_keeps_identification_tags_and_embeds_every_font_of_every_page(members_bundle):
    root = members_bundle.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == BooleanObject(True)
    packet = xmp(members_bundle.stream.getvalue())
    assert re.search(r'pdfaid:part="3"', packet) and re.search(r'pdfaid:conformance="A"', packet)
    assert members_bundle.outline
    seen = 0
    for page in members_bundle.pages:
        for font in fonts(page.get("/Resources")):
            assert FONT_FILES & set(descriptor(font)), font.get("/BaseFont")
            seen += 1
    assert seen


def test_annex_content_claims_no_structure_element_of_its_own(members_bundle):
    """The annexes are tagged PDFs themselves: their MCIDs are dropped inside the bundle's Figure."""
    for page in members_bundle.pages:
        for xobject in page["/Resources"].get("/XObject", {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form" and "/StructParents" not in xobject:
                assert b"/MCID" not in xobject.get_data()
