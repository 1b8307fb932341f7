"""The author of a paper a faction or person brings in (PaperType.author_kind), set in the back office's paper form."""

import pytest

from council.models import Organization
from resolutions.changes import changed_fields
from resolutions.models import Paper, PaperType
from tests import factories as f

from .conftest import NEW, form_data, post_new

pytestmark = pytest.mark.django_db


@pytest.fixture
def authors(town):
    """An Antrag (by a faction) and an Anfrage (by a person) type, a faction, a person; a faction of another Body."""
    return {
        "antrag": f.paper_type(town.body, name="Antrag", prefix="A", author_kind=PaperType.AuthorKind.FACTION),
        "anfrage": f.paper_type(town.body, name="Anfrage", prefix="AF", author_kind=PaperType.AuthorKind.PERSON),
        "faction": f.organization(town.body, kind=Organization.Kind.FACTION, name="Fraktion Grün"),
        "person": f.person(town.body, given_name="Petra", family_name="Fragestellerin"),
        "foreign_faction": f.organization(town.stranger_body, kind=Organization.Kind.FACTION, name="Fraktion Fern"),
    }


def saved(town):
    return Paper.objects.get(body=town.body, name="Neubau der Kita „Sonnenschein“")


def test_a_factions_antrag_is_saved_with_its_faction_and_the_history_keeps_it(clerk_client, town, authors):
    response = post_new(clerk_client, town, paper_type=authors["antrag"].pk, author_organization=authors["faction"].pk)
    assert response.status_code == 302
    paper = saved(town)
    assert paper.author_organization == authors["faction"] and paper.author_person is None
    assert paper.history.latest().author_organization_id == authors["faction"].pk


def test_a_persons_anfrage_is_saved_with_its_person(clerk_client, town, authors):
    response = post_new(clerk_client, town, paper_type=authors["anfrage"].pk, author_person=authors["person"].pk)
    assert response.status_code == 302
    assert saved(town).author_person == authors["person"]


@pytest.mark.parametrize(
    ("kind", "author", "field", "message"),
    [
        ("antrag", {}, "author_organization", "„Antrag“ bringt eine Fraktion ein; bitte wählen Sie sie aus."),
        ("antrag", {"author_person": "person"}, "author_person", "bringt eine Fraktion ein, keine Person"),
        ("anfrage", {}, "author_person", "„Anfrage“ bringt eine Person ein; bitte wählen Sie sie aus."),
        (
            "anfrage",
            {"author_organization": "faction"},
            "author_organization",
            "bringt eine Person ein, keine Fraktion",
        ),
        ("antrag", {"author_organization": "foreign_faction"}, "author_organization", "keine gültige Auswahl"),
    ],
)
def test_an_author_that_does_not_fit_the_type_is_a_form_error(
    clerk_client, town, authors, kind, author, field, message
):
    posted = {name: authors[key].pk for name, key in author.items()}
    response = post_new(clerk_client, town, paper_type=authors[kind].pk, **posted)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not Paper.objects.filter(body=town.body, name="Neubau der Kita „Sonnenschein“").exists()


def test_a_committee_is_no_faction(clerk_client, town, authors):
    response = post_new(clerk_client, town, paper_type=authors["antrag"].pk, author_organization=town.committee.pk)
    assert "author_organization" in response.context["form"].errors


def test_an_administration_paper_names_no_author_even_when_one_was_sent_without_javascript(clerk_client, town, authors):
    response = post_new(
        clerk_client, town, author_organization=authors["faction"].pk, author_person=authors["person"].pk
    )
    assert response.status_code == 302
    paper = saved(town)
    assert paper.author_organization is None and paper.author_person is None


def test_the_form_offers_the_bodys_factions_and_people_and_tells_the_script_the_author_kinds(
    clerk_client, town, authors
):
    response = clerk_client.get(NEW)
    form = response.context["form"]
    assert list(form.fields["author_organization"].queryset) == [authors["faction"]]
    assert authors["person"] in form.fields["author_person"].queryset
    assert not form.fields["author_person"].queryset.exclude(body=town.body).exists()
    page = response.content.decode()
    assert f'<option value="{authors["antrag"].pk}" data-author-kind="faction">Antrag</option>' in page
    assert f'<option value="{town.beschlussvorlage.pk}" data-author-kind="administration">' in page
    assert "<legend>Einreicher</legend>" in page and "bei einem Antrag die Fraktion" in page
    assert 'data-author-kind="faction"' in page and 'data-author-kind="person"' in page


def test_editing_keeps_and_changes_the_author_and_the_comparison_names_it(clerk_client, town, authors):
    post_new(clerk_client, town, paper_type=authors["antrag"].pk, author_organization=authors["faction"].pk)
    paper = saved(town)
    url = f"/verwaltung/vorlagen/{paper.pk}/bearbeiten/"
    assert f'<option value="{authors["faction"].pk}" selected>' in clerk_client.get(url).content.decode()
    other = f.organization(town.body, kind=Organization.Kind.FACTION, name="Fraktion Blau")
    response = clerk_client.post(
        url, form_data(town, paper, paper_type=authors["antrag"].pk, author_organization=other.pk)
    )
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.author_organization == other
    assert changed_fields(paper.history.earliest(), paper) == ["Einreichende Fraktion"]  # the version comparison
