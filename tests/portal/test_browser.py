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
