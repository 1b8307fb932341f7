"""The author fields of the paper form in Chromium: only the one the chosen paper type asks for is shown."""

import pytest
from playwright.sync_api import expect

from council.models import Organization
from resolutions.models import Paper, PaperType
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choosing_the_type_shows_its_author_field_and_the_faction_is_saved(page, login, town):
    f.paper_type(town.body, name="Antrag", prefix="A", author_kind=PaperType.AuthorKind.FACTION)
    f.paper_type(town.body, name="Anfrage", prefix="AF", author_kind=PaperType.AuthorKind.PERSON)
    faction = f.organization(town.body, kind=Organization.Kind.FACTION, name="Fraktion Grün")
    login("clerk", "pw-test-123")
    page.goto("/verwaltung/vorlagen/neu/")
    authors = page.get_by_role("group", name="Einreicher")
    faction_field, person_field = page.get_by_label("Einreichende Fraktion"), page.get_by_label("Einreichende Person")
    page.get_by_label("Vorlagenart").select_option(label="Beschlussvorlage")
    expect(authors).to_be_hidden()
    page.get_by_label("Vorlagenart").select_option(label="Anfrage")
    expect(person_field).to_be_visible()
    expect(faction_field).to_be_hidden()
    page.get_by_label("Vorlagenart").select_option(label="Antrag")
    expect(faction_field).to_be_visible()
    expect(person_field).to_be_hidden()
    expect(authors.locator("[data-author-hint]")).to_be_hidden()
    faction_field.select_option(label="Fraktion Grün")
    page.get_by_label("Titel", exact=False).first.fill("Mehr Bäume am Markt")
    editor = page.get_by_role("textbox", name="Beschlusstext")
    editor.click()
    editor.type("Die Stadtverordnetenversammlung beschließt die Pflanzung.")
    page.get_by_label("Gremium, Zeile 1").select_option(label="Stadtverordnetenversammlung")
    page.get_by_label("Rolle, Zeile 1").select_option(label="Entscheidung")
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mehr Bäume am Markt")
    assert Paper.objects.get(name="Mehr Bäume am Markt").author_organization == faction
