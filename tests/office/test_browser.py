import re

import pytest
from playwright.sync_api import expect

from resolutions.models import Paper

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_writes_a_paper_in_the_editor_submits_it_and_the_head_of_department_signs(page, login, demo, rich_text):
    login("sachbearbeitung", "ratsinfo-demo")
    # The login fixture may return before the login POST has landed; wait for the name.
    expect(page.locator(".nav-user")).to_have_text("Jana Seidel")
    page.get_by_role("link", name="Verwaltung").click()
    page.get_by_role("link", name="Neue Vorlage schreiben").click()

    page.get_by_label("Vorlagenart").select_option(label="Beschlussvorlage")
    page.get_by_label("Titel", exact=False).first.fill("Anschaffung von Laptops für die Stadtbibliothek")
    editor = rich_text("Beschlusstext")
    editor.click()
    editor.type("Die Stadtverordnetenversammlung beschließt die ")
    page.get_by_role("toolbar", name=re.compile("Beschlusstext")).get_by_role("button", name="Fett").click()
    editor.type("Anschaffung")
    page.get_by_role("toolbar", name=re.compile("Beschlusstext")).get_by_role("button", name="Fett").click()
    editor.type(" von zehn Laptops.")
    editor.press("Enter")
    page.get_by_role("toolbar", name=re.compile("Beschlusstext")).get_by_role("button", name="Aufzählung").click()
    editor.type("für die Ausleihe")
    reasoning = rich_text("Erläuterung/Begründung")
    reasoning.click()
    page.get_by_role("toolbar", name=re.compile("Begründung")).get_by_role("button", name="Aufzählung").click()
    reasoning.type("Die alten Geräte sind defekt.")
    page.get_by_label("Gremium, Zeile 1").select_option(label="Hauptausschuss")
    page.get_by_label("Rolle, Zeile 1").select_option(label="Entscheidung")
    page.get_by_role("button", name="Speichern").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Anschaffung von Laptops für die Stadtbibliothek")
    paper = Paper.objects.get(name="Anschaffung von Laptops für die Stadtbibliothek")
    assert "<strong>Anschaffung</strong>" in paper.resolution_text
    assert "<li>Die alten Geräte sind defekt.</li>" in paper.reasoning
    # A list begun after a paragraph stands after it, not nested in an emptied paragraph.
    assert "Laptops.</p><ul><li>für die Ausleihe</li></ul>" in paper.resolution_text
    assert "<p></p>" not in paper.resolution_text + paper.reasoning
    page.get_by_role("button", name="Zur Mitzeichnung einreichen").click()
    expect(page.locator(".messages")).to_contain_text("zur Mitzeichnung eingereicht")

    login("amtsleitung", "ratsinfo-demo")
    expect(page.locator(".nav-user")).to_have_text("Markus Engel")
    page.goto("/verwaltung/")
    waiting = page.locator("section", has=page.get_by_role("heading", name="Warten auf meine Mitzeichnung"))
    waiting.get_by_role("link", name="Anschaffung von Laptops für die Stadtbibliothek").click()
    page.get_by_role("button", name=re.compile("^Mitzeichnen")).click()
    expect(page.locator(".messages")).to_contain_text("Sie haben die Vorlage mitgezeichnet.")
    expect(page.locator(".timeline")).to_contain_text("Mitgezeichnet")
    expect(page.locator(".timeline")).to_contain_text("Markus Engel")
    paper.refresh_from_db()
    assert [(s.role, s.state) for s in paper.signoffs.order_by("position")] == [
        ("head_of_department", "signed"),
        ("treasurer", "pending"),
        ("mayor", "pending"),
    ]
