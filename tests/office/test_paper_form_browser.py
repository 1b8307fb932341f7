"""The paper form in Chromium: a three-step Beratungsfolge in one save, a failed save that keeps
the attachments and focuses the error summary, and a posted script that stays inert."""

import re

import pytest
from playwright.sync_api import expect

from resolutions.models import Paper

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW = "/verwaltung/vorlagen/neu/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
XSS = "<img src=x onerror=alert(document.domain)>"


@pytest.fixture
def clerk_page(page, login, town):
    login("clerk", "pw-test-123")
    expect(page.locator(".nav-user")).to_have_text("Clara Klerk")
    return page


def write_text(page, label, text):
    editor = page.get_by_role("textbox", name=label)
    editor.click()
    editor.type(text)


def test_a_clerk_writes_a_paper_with_a_three_step_beratungsfolge_in_one_save(clerk_page, town):
    from tests import factories as f

    bks = f.organization(town.body, name="Ausschuss für Bildung, Kultur und Sport", short_name="BKS")
    page = clerk_page
    page.goto(NEW)
    # Marks this page load: row buttons must work in place, without sending the form.
    page.evaluate("window.sameLoad = true")
    page.get_by_label("Vorlagenart").select_option(label="Beschlussvorlage")
    page.get_by_label("Titel", exact=False).first.fill("Schulentwicklungsplan 2027")
    write_text(page, "Beschlusstext", "Die Stadtverordnetenversammlung beschließt den Plan.")
    fieldset = page.locator("#beratungsfolge")
    expect(fieldset).to_contain_text("braucht ein Gremium mit der Rolle „Entscheidung“")

    page.get_by_label("Gremium, Zeile 1").select_option(label="Stadtverordnetenversammlung")
    page.get_by_label("Rolle, Zeile 1").select_option(label="Entscheidung")
    page.get_by_role("button", name="Gremium hinzufügen").click()
    expect(page.get_by_label("Gremium, Zeile 2")).to_be_focused()
    page.get_by_label("Gremium, Zeile 2").select_option(label="Hauptausschuss")
    page.get_by_role("button", name="Gremium hinzufügen").click()
    page.get_by_label("Gremium, Zeile 3").select_option(label=bks.name)
    # Wrong order typed: STVV, HA, BKS. Move the STVV to the end, then the BKS to the top.
    page.get_by_role("button", name="Zeile 1 nach unten").click()
    page.get_by_role("button", name="Zeile 2 nach unten").click()
    page.get_by_role("button", name="Zeile 2 nach oben").click()
    expect(page.get_by_label("Gremium, Zeile 1")).to_have_value(str(bks.pk))
    expect(page.get_by_label("Gremium, Zeile 2")).to_have_value(str(town.committee.pk))
    expect(page.get_by_label("Gremium, Zeile 3")).to_have_value(str(town.council.pk))
    expect(page.get_by_label("Rolle, Zeile 3")).to_have_value("decision")
    expect(page.get_by_role("button", name="Zeile 1 nach oben")).to_be_hidden()
    expect(page.get_by_role("button", name="Zeile 3 nach unten")).to_be_hidden()
    assert page.evaluate("window.sameLoad") is True
    # The form fits a phone without scrolling sideways.
    page.set_viewport_size({"width": 390, "height": 800})
    wide = page.evaluate("""() => Array.from(document.querySelectorAll('body *'))
        .filter(e => e.getBoundingClientRect().right > 390).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 15)""")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, wide
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("button", name="Speichern").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Schulentwicklungsplan 2027")
    paper = Paper.objects.get(name="Schulentwicklungsplan 2027")
    assert [(c.organization.short_name, c.role) for c in paper.consultations.order_by("position")] == [
        ("BKS", "preliminary"),
        ("HA", "preliminary"),
        ("STVV", "decision"),
    ]


def test_a_failed_save_focuses_the_error_summary_and_keeps_the_chosen_attachments(clerk_page, town):
    page = clerk_page
    page.goto(NEW)
    page.get_by_label("Vorlagenart").select_option(label="Beschlussvorlage")
    page.get_by_label("Gremium, Zeile 1").select_option(label="Stadtverordnetenversammlung")
    page.get_by_label("Rolle, Zeile 1").select_option(label="Entscheidung")
    page.get_by_label("Anlagen hinzufügen").set_input_files(
        [{"name": "kostenschaetzung.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Speichern").click()

    expect(page).to_have_title(re.compile("^Fehler: Neue Vorlage"))
    summary = page.get_by_role("alert").filter(has_text="nicht gespeichert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=re.compile("^Titel:"))).to_be_visible()
    expect(page.get_by_text("Bereits hochgeladen")).to_be_visible()
    expect(page.locator(".staged-uploads")).to_contain_text("kostenschaetzung.pdf")
    # The rich-text field is marked like every other invalid field.
    editor = page.get_by_role("textbox", name="Beschlusstext")
    expect(editor).to_have_attribute("aria-invalid", "true")
    frame_color = page.locator(".richtext").first.evaluate("e => getComputedStyle(e).borderTopColor")
    title_color = page.get_by_label("Titel", exact=False).first.evaluate("e => getComputedStyle(e).borderTopColor")
    assert frame_color == title_color and frame_color != "rgb(0, 0, 0)"

    summary.get_by_role("link", name=re.compile("^Beschlusstext:")).click()
    expect(editor).to_be_focused()
    editor.type("Die Stadt beschließt.")
    summary.get_by_role("link", name=re.compile("^Titel:")).click()
    expect(page.get_by_label("Titel", exact=False).first).to_be_focused()
    page.keyboard.type("Mit Kostenschätzung")
    page.keyboard.press("Enter")  # Enter in the title saves, it does not move a row

    expect(page.get_by_role("heading", level=1)).to_have_text("Mit Kostenschätzung")
    paper = Paper.objects.get(name="Mit Kostenschätzung")
    assert list(paper.files.values_list("name", flat=True)) == ["kostenschaetzung.pdf"]
    assert [c.organization_id for c in paper.consultations.all()] == [town.council.pk]


def test_a_script_in_the_reasoning_stays_inert_after_a_failed_save(clerk_page, town):
    page = clerk_page
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(NEW)
    page.get_by_label("Vorlagenart").select_option(label="Beschlussvorlage")
    write_text(page, "Erläuterung/Begründung", "Begründung")
    # What a browser without the editor (or a forged request) would send: the raw payload.
    page.evaluate(
        """payload => document.querySelector("form.paper-form").addEventListener("submit", () => {
            document.getElementById("id_reasoning").value = "<p>Begründung</p>" + payload;
        })""",
        XSS,
    )
    page.get_by_role("button", name="Speichern").click()  # the title is empty: the save fails

    expect(page).to_have_title(re.compile("^Fehler:"))
    reasoning = page.get_by_role("textbox", name="Erläuterung/Begründung")
    expect(reasoning).to_have_text("Begründung")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert page.locator("img[src='x'], [onerror]").count() == 0
    assert page.evaluate("document.querySelector('.richtext-area img')") is None
    assert dialogs == []
    assert not Paper.objects.exists()


def test_without_javascript_the_row_buttons_rearrange_the_rows_on_the_server(browser, live_server, town):
    context = browser.new_context(base_url=live_server.url, locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/konto/anmelden/")
        page.get_by_label("Benutzername").fill("clerk")
        page.get_by_label("Passwort").fill("pw-test-123")
        page.get_by_role("button", name="Anmelden").click()
        page.goto(NEW)
        page.get_by_label("Vorlagenart").select_option(label="Beschlussvorlage")
        page.get_by_label("Titel", exact=False).first.fill("Ohne Skript")
        page.get_by_label("Gremium, Zeile 1").select_option(label="Stadtverordnetenversammlung")
        page.get_by_label("Rolle, Zeile 1").select_option(label="Entscheidung")
        page.get_by_role("button", name="Gremium hinzufügen").click()
        page.get_by_label("Gremium, Zeile 2").select_option(label="Hauptausschuss")
        page.get_by_role("button", name="Zeile 2 nach oben").click()
        expect(page.get_by_label("Gremium, Zeile 1")).to_have_value(str(town.committee.pk))
        expect(page.get_by_label("Gremium, Zeile 2")).to_have_value(str(town.council.pk))
        expect(page.get_by_label("Titel", exact=False).first).to_have_value("Ohne Skript")
        expect(page.get_by_role("alert")).to_have_count(0)
        page.get_by_label("Beschlusstext").fill("Die Stadt beschließt.")
        page.get_by_role("button", name="Speichern").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Ohne Skript")
    finally:
        context.close()
    paper = Paper.objects.get(name="Ohne Skript")
    assert [c.organization_id for c in paper.consultations.order_by("position")] == [town.committee.pk, town.council.pk]
