import pytest

from council.models import AgendaItem
from demo.record import GRANT_TITLE

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


def test_beratungsfolge_and_agenda_fit_a_phone_screen_as_stacked_rows(page, demo):
    page.set_viewport_size({"width": 375, "height": 740})
    meeting = demo.seed_paper.consultations.get().meeting
    for url in (f"/luckenwalde/vorlagen/{demo.seed_paper.pk}/", f"/luckenwalde/sitzungen/{meeting.pk}/"):
        page.goto(url)
        assert page.locator("main table").first.evaluate("table => table.getBoundingClientRect().right") <= 375, url
    page.goto(f"/luckenwalde/vorlagen/{demo.seed_paper.pk}/")
    assert page.get_by_text("Stadtverordnetenversammlung", exact=True).is_visible()


def test_no_public_page_is_wider_than_a_phone(page, demo):
    page.set_viewport_size({"width": 375, "height": 740})
    meeting = demo.seed_paper.consultations.get().meeting
    items = [  # the seed's decision, and a namentliche Abstimmung with neighbouring amendments
        AgendaItem.objects.get(consultation__paper=demo.seed_paper),
        AgendaItem.objects.get(consultation__paper__name=GRANT_TITLE),
    ]
    for url in (
        *(f"/luckenwalde/sitzungen/{item.meeting_id}/top/{item.pk}/" for item in items),
        "/luckenwalde/",
        "/luckenwalde/vorlagen/",
        "/luckenwalde/sitzungen/",
        f"/luckenwalde/sitzungen/?monat={meeting.start:%Y-%m}",
        "/luckenwalde/sitzungen/?ansicht=liste&jahr=abc",
        f"/luckenwalde/sitzungen/{meeting.pk}/",
        "/luckenwalde/beschluesse/",
        "/luckenwalde/gremien/",
        "/luckenwalde/personen/",
        "/luckenwalde/suche/?q=Haushalt",
        "/luckenwalde/suche/?q=Becker",  # people, papers with excerpts and the side results
        "/luckenwalde/suche/?q=Zweckverband",
        "/luckenwalde/impressum/",
        "/luckenwalde/datenschutz/",
        "/luckenwalde/barrierefreiheit/",
        "/impressum/",
        "/datenschutz/",
        "/barrierefreiheit/",
        f"/luckenwalde/abo/vorlage/{demo.seed_paper.pk}/",
        f"/luckenwalde/abo/gremium/{meeting.organization_id}/",
        "/luckenwalde/abo/suche/?q=Haushalt",
        "/luckenwalde/abo/angefragt/",
    ):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, url


# Each line box of a cell's text, as the browser laid it out: a word broken inside gives two.
CELL_LINES = """cells => cells.map(cell => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    return [cell.textContent.trim(), new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size];
})"""


def test_the_paper_list_keeps_the_kind_of_paper_whole_on_a_desktop_and_fits_narrower_screens(page, demo):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/luckenwalde/vorlagen/")
    kinds = page.locator("main td[data-label=Art]").evaluate_all(CELL_LINES)
    assert ["Informationsvorlage", 1] in kinds
    assert all(lines == 1 for _kind, lines in kinds), kinds
    title = page.locator("main th", has_text="Titel").evaluate("th => th.getBoundingClientRect().width")
    assert title >= 0.45 * page.locator("main table").evaluate("table => table.getBoundingClientRect().width")
    for width in (900, 700, 375):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width
