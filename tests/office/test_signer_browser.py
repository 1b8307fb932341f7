"""A signer's flow in Chromium: the treasurer reads the paper first, then confirms the
financial impact with her own button; the mayor signs; the PDF preview is marked draft."""

import pytest
from playwright.sync_api import expect

from resolutions.models import Paper, SignOff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Einführung eines digitalen Ratsinformationssystems"


def _signer(page, login, username, name):
    page.context.clear_cookies()
    login(username, "ratsinfo-demo")
    expect(page.locator(".nav-user")).to_have_text(name)


def test_the_treasurer_reads_first_confirms_the_financial_impact_and_the_mayor_signs(page, login, demo):
    paper = Paper.objects.get(name=TITLE)
    assert paper.state == "in_signoff"

    _signer(page, login, "kaemmerin", "Gabriele Haas")
    expect(page.get_by_role("navigation", name="Bereiche").locator("[aria-current]")).to_have_text("Verwaltung")
    page.get_by_role("link", name=TITLE).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    # Content first, the decision after it.
    content_top = page.locator(".resolution").first.bounding_box()["y"]
    actions_top = page.locator("#aktionen").bounding_box()["y"]
    assert content_top < actions_top
    actions = page.locator("section.actions")
    expect(actions.get_by_role("button", name="Finanzielle Auswirkungen bestätigen")).to_be_visible()
    expect(actions.get_by_role("button", name="Mitzeichnen", exact=True)).to_have_count(0)
    expect(page.locator("#mitzeichnung ~ table")).to_contain_text("2. Kämmerin")

    # The way past the text to the decision, by keyboard.
    page.get_by_role("link", name="Zu den nächsten Schritten (nach dem Inhalt)").focus()
    page.keyboard.press("Enter")
    assert page.url.endswith("#aktionen")

    # The preview is a PDF, marked draft, before release.
    preview = page.get_by_role("link", name="PDF-Vorschau (Entwurf, Fassung 1)")
    response = page.request.get(preview.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    page.get_by_label("Kommentar zur Bestätigung der finanziellen Auswirkungen (freiwillig)").fill("Mittel sind da.")
    actions.get_by_role("button", name="Finanzielle Auswirkungen bestätigen").click()
    expect(page.locator(".messages")).to_contain_text("Sie haben die finanziellen Auswirkungen der Vorlage bestätigt.")
    assert SignOff.objects.get(paper=paper, role="treasurer", state="signed").comment == "Mittel sind da."

    _signer(page, login, "buergermeisterin", "Christiane Albrecht")
    page.goto(f"/verwaltung/vorlagen/{paper.pk}/")
    actions = page.locator("section.actions")
    expect(actions.get_by_role("button", name="Unterzeichnen")).to_be_visible()
    actions.get_by_role("button", name="Unterzeichnen").click()
    expect(page.locator(".messages")).to_contain_text("Sie haben die Vorlage unterzeichnet.")
    table = page.locator("#mitzeichnung ~ table")
    expect(table).to_contain_text("3. Bürgermeisterin")
    expect(table).to_contain_text("Mittel sind da.")
    assert not SignOff.objects.filter(paper=paper, state="pending").exists()
