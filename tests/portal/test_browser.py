import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_reads_the_seed_paper_in_chromium(page, demo):
    page.goto("/luckenwalde/")
    page.get_by_role("link", name="Zum Inhalt springen").focus()
    page.goto(f"/luckenwalde/vorlagen/{demo.seed_paper.pk}/")
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Aufnahme in den Zweckverband Digitale Kommunen Brandenburg"
    )
    assert "*) ergänzt STVV 14.12.2021/jae" in page.locator(".footnotes").inner_text()
