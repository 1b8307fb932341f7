"""The printed paper per paper type (PaperType.print_*), its Anlagen, and its heading by state (issue 13)."""

import importlib

import pytest
from django.apps import apps

from accounts import roles
from documents import pdf
from resolutions.files import store_file
from resolutions.models import File, Paper, PaperType
from resolutions.paper_view import paper_view
from tests import factories as f
from tests.documents.helpers import all_text, reader
from tests.documents.worlds import attachment_pdf

pytestmark = pytest.mark.django_db

ADMINISTRATION_BLOCKS = [
    "Finanzielle Auswirkung",
    "Bestätigung Kämmerin/Abt.-Ltr. Haushalts- und Geschäftsbuchhaltung:",
    "Bürgermeisterin",
    "Amtsleiter",
]


def text_of(paper, viewer=None):
    paper = pdf.papers_for_print(Paper.objects.filter(pk=paper.pk)).get()
    view = paper_view(paper, viewer, related=False) if viewer else None
    return all_text(pdf.paper_pdf(paper, view))


def test_administration_paper_prints_department_financial_impact_and_every_signoff_block():
    body = f.body()
    paper = f.paper(body, under_direction_of=f.department(body, name="Amt für Schulen"))
    text = text_of(paper)
    assert "Amt für Schulen" in text
    for block in ADMINISTRATION_BLOCKS:
        assert block in text
    assert "Einreicher" not in text


def test_faction_antrag_names_the_faction_and_prints_no_administration_blocks():
    body = f.body()
    antrag = f.paper_type(
        body,
        name="Antrag",
        prefix="A",
        author_kind=PaperType.AuthorKind.FACTION,
        print_department=False,
        print_author=True,
        print_signoff_lines=False,
        print_treasurer_confirmation=False,
    )
    faction = f.organization(body, kind="faction", name="Fraktion Grüne Mitte")
    paper = f.paper(
        body, paper_type=antrag, author_organization=faction, under_direction_of=f.department(body, name="Bauamt")
    )
    text = text_of(paper)
    assert "Einreicher: Fraktion Grüne Mitte" in text
    assert "Bauamt" not in text
    assert "Finanzielle Auswirkung" in text
    for block in ADMINISTRATION_BLOCKS[1:]:
        assert block not in text
    assert reader(pdf.paper_pdf(paper)).metadata.author == "Fraktion Grüne Mitte"


def test_each_block_follows_its_own_switch():
    body = f.body()
    kind = f.paper_type(body, print_financial_impact=False, print_signoff_lines=False)
    text = text_of(f.paper(body, paper_type=kind))
    assert "Bestätigung Kämmerin" in text
    assert "Finanzielle Auswirkung" not in text and "Bürgermeisterin" not in text and "Amtsleiter" not in text


def test_a_councillors_anfrage_names_the_person():
    body = f.body()
    anfrage = f.paper_type(body, name="Anfrage", author_kind="person", print_author=True, print_department=False)
    person = f.person(body, given_name="Katrin", family_name="Vogelsang")
    text = text_of(f.paper(body, paper_type=anfrage, author_person=person))
    assert "Einreicher: Katrin Vogelsang" in text


def test_migration_sets_the_layout_of_existing_types_by_their_names():
    migration = importlib.import_module("resolutions.migrations.0010_paper_type_layout_by_name")
    body = f.body()
    types = {name: f.paper_type(body, name=name) for name in ("Beschlussvorlage", "Antrag", "Anfrage", "Mitteilung")}
    migration.set_layouts(apps, None)
    for paper_type in types.values():
        paper_type.refresh_from_db()
    assert types["Beschlussvorlage"].print_signoff_lines and types["Beschlussvorlage"].print_treasurer_confirmation
    assert types["Antrag"].author_kind == "faction" and types["Antrag"].print_author
    assert not types["Antrag"].print_department and not types["Antrag"].print_signoff_lines
    assert not types["Anfrage"].print_financial_impact
    assert not types["Mitteilung"].print_treasurer_confirmation and types["Mitteilung"].print_signoff_lines


def test_demo_types_print_as_their_authors_send_them(demo):
    papers = Paper.objects.filter(body=demo.luckenwalde).exclude(reference=None).select_related("paper_type")
    antrag = papers.filter(paper_type__prefix="A", name__contains="Fraktion SPD").get()
    anfrage = papers.filter(paper_type__prefix="AF", name="Anfrage: Wartezeiten im Bürgeramt").get()
    information = papers.filter(paper_type__prefix="I").first()
    assert antrag.author_organization.name == "Fraktion SPD"
    text = text_of(antrag)
    assert "Einreicher: Fraktion SPD" in text and "Bürgermeisterin" not in text and "Amt Bildung" not in text
    assert anfrage.author_person is not None
    assert f"Einreicher: {anfrage.author_person.name}" in text_of(anfrage)
    text = text_of(information)
    assert "Bestätigung Kämmerin" not in text and "Bürgermeisterin" in text
    assert information.under_direction_of.name in text


def test_anlagen_are_listed_numbered_and_only_as_the_viewer_may_see_them():
    body = f.body()
    paper = f.paper(body)
    for name in ("Lageplan", "Baubeschreibung"):
        store_file(attachment_pdf(name), file_name=f"{name}.pdf", name=name, paper=paper)
    store_file(attachment_pdf("geheim"), file_name="k.pdf", name="Kostenschätzung", paper=paper, public=False)
    pdf.freeze_paper_pdf(paper)  # a frozen copy is no Anlage
    text = text_of(paper)
    assert "Anlagen: Anlage 1: Baubeschreibung Anlage 2: Lageplan" in text
    assert "Kostenschätzung" not in text and File.objects.filter(paper=paper, kind="paper_pdf").exists()
    member = f.user(body, roles.COUNCIL_OFFICE)
    member_text = text_of(paper, member)
    assert "Anlage 2: Kostenschätzung" in member_text and "Anlage 3: Lageplan" in member_text


def test_paper_without_annexes_has_no_anlagen_section():
    assert "Anlagen" not in text_of(f.paper(f.body()))


def test_paper_page_numbers_the_annexes_as_the_pdf(client):
    body = f.body()
    paper = f.paper(body)
    store_file(attachment_pdf("B"), file_name="b.pdf", name="Lageplan", paper=paper)
    store_file(attachment_pdf("A"), file_name="a.pdf", name="Baubeschreibung", paper=paper)
    pdf.freeze_paper_pdf(paper)
    html = client.get(f"/{body.slug}/vorlagen/{paper.pk}/").content.decode()
    first, second = html.index("Anlage 1:</span>"), html.index("Anlage 2:</span>")
    assert first < html.index("Baubeschreibung</a>") < second < html.index("Lageplan</a>")
    assert "Weitere Dokumente" in html
    assert html.index("Weitere Dokumente") > html.index("Lageplan</a>")


@pytest.mark.parametrize(
    ("state", "heading", "not_heading"),
    [
        (Paper.State.RELEASED, "Beschlussvorschlag:", "Beschluss:"),
        (Paper.State.IN_CONSULTATION, "Beschlussvorschlag:", "Beschluss:"),
        (Paper.State.DECIDED, "Beschluss:", "Beschlussvorschlag:"),
    ],
)
def test_heading_of_the_text_follows_the_state(state, heading, not_heading):
    text = text_of(f.paper(f.body(), state=state))
    assert heading in text and not_heading not in text


def test_a_supplement_names_its_original_under_the_reference_where_the_public_may_see_it():
    body = f.body()
    original = f.paper(body, reference="B-7311/2021")
    supplement = f.paper(body, superordinate=original, subordination=Paper.Subordination.SUPPLEMENT)
    assert "Ergänzt B-7311/2021" in " ".join(text_of(supplement).split())
    Paper.objects.filter(pk=original.pk).update(public=False)
    text = text_of(supplement, f.user(body, roles.COUNCIL_OFFICE))
    assert "B-7311/2021" not in text and "Ergänzt" not in text
