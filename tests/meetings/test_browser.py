import pytest

from council.models import AgendaItem
from resolutions.models import Amendment, Paper

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_records_the_seed_amendment_and_the_paper_shows_its_footnote(page, login, demo, rich_text):
    paper = demo.seed_paper
    # Back to the evening of 14.12.2021, before the result was recorded (the seed is Ö 6, after the standing items).
    Amendment.objects.filter(consultation__paper=paper).delete()
    item = AgendaItem.objects.get(consultation__paper=paper)
    AgendaItem.objects.filter(pk=item.pk).update(result="", votes_yes=None, votes_no=None, votes_abstention=None)
    Paper.objects.filter(pk=paper.pk).update(state=Paper.State.IN_CONSULTATION, result="", decided_at=None)

    login("sitzungsdienst", "ratsinfo-demo")
    page.get_by_role("link", name="Sitzungsdienst").first.click()
    page.goto(f"/sitzungsdienst/sitzungen/{item.meeting_id}/")
    page.get_by_role("link", name="Ergebnis erfassen zu Ö 6").click()
    page.get_by_role("combobox", name="Ergebnis").select_option(label="geändert beschlossen")
    page.get_by_label("Ja-Stimmen").fill("24")
    page.get_by_label("Nein-Stimmen").fill("2")
    page.get_by_label("Enthaltungen").fill("1")
    # The decided text is edited in the rich-text editor: the caret at the end of the first paragraph.
    editor = rich_text("Beschlusstext wie beschlossen")
    editor.click()
    editor.evaluate(
        """area => {
            const paragraph = area.querySelector("p");
            const range = document.createRange();
            range.selectNodeContents(paragraph);
            range.collapse(false);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }"""
    )
    page.keyboard.press("Backspace")
    page.keyboard.type(" zum nächstmöglichen Zeitpunkt.")
    page.get_by_role("button", name="Ergebnis speichern").click()

    # First the preview: the amendment with its kind, the text as it will read; nothing saved yet.
    preview = page.locator(".amendment-preview")
    assert "Vorschau der Änderungen" in preview.inner_text()
    assert page.get_by_label("Art der Änderung 1").input_value() == "added"
    assert "zum nächstmöglichen Zeitpunkt. *)" in preview.locator(".resolution").inner_text()
    assert "*) ergänzt STVV 14.12.2021/jae" in preview.locator(".footnotes").inner_text()
    assert not Amendment.objects.filter(consultation__paper=paper).exists()
    page.get_by_role("button", name="Ergebnis speichern").click()
    assert "Das Ergebnis zu Ö 6 ist erfasst" in page.locator(".messages").inner_text()

    page.goto(f"/luckenwalde/vorlagen/{paper.pk}/")
    assert "*) ergänzt STVV 14.12.2021/jae" in page.locator(".footnotes").inner_text()
    assert "zum nächstmöglichen Zeitpunkt. *)" in page.locator(".resolution").inner_text()
    assert "fett: ergänzt/geändert, durchgestrichen: gestrichen" in page.content()
    # The marker leads to its footnote.
    page.locator(".resolution .amendment-marker").click()
    assert page.evaluate("location.hash") == f"#fn-{paper.pk}-1"
    assert "geändert beschlossen (24 ja, 2 nein, 1 Enthaltung)" in page.content()


def test_the_agenda_builder_reorders_and_toggles_without_reloading_the_page(page, login, world):
    import datetime as dt

    from django.utils import timezone
    from playwright.sync_api import expect

    from meetings import agenda
    from tests import factories as f

    start = (timezone.now() + dt.timedelta(days=30)).replace(microsecond=0)
    meeting = f.meeting(world.council, start=start)
    agenda.add_item(meeting, "Bericht der Bürgermeisterin", public=True, by=world.office)
    agenda.add_item(meeting, "Anfragen der Stadtverordneten", public=True, by=world.office)

    login(world.office.username, "pw-test-123")
    page.goto(f"/sitzungsdienst/sitzungen/{meeting.pk}/")
    page.evaluate("window.notReloaded = true")
    rows = page.locator("#agenda-rows tr")
    assert rows.nth(0).inner_text().startswith("Ö 1\tBericht")

    page.get_by_role("button", name="runter (Ö 1)").click()
    expect(rows.nth(0)).to_contain_text("Anfragen der Stadtverordneten")
    assert "ist verschoben" in page.locator("#agenda-status").inner_text()
    assert page.evaluate("window.notReloaded") is True
    assert list(meeting.agenda_items.order_by("order").values_list("number", "name")) == [
        ("Ö 1", "Anfragen der Stadtverordneten"),
        ("Ö 2", "Bericht der Bürgermeisterin"),
    ]
    # The keyboard stays on the moved item's button.
    assert page.evaluate("document.activeElement.textContent").startswith("runter")

    page.get_by_role("button", name="nichtöffentlich machen (Ö 2)").click()
    expect(page.locator("#agenda-rows")).to_contain_text("N 1")
    assert page.evaluate("window.notReloaded") is True
    assert meeting.agenda_items.get(name="Bericht der Bürgermeisterin").number == "N 1"
    assert "nichtöffentlich" in rows.nth(1).inner_text()

    # A refused move is said in place, the page stays.
    page.get_by_role("button", name="hoch (Ö 1)").click()
    expect(page.locator("#agenda-status")).to_contain_text("Rand")
    assert page.evaluate("window.notReloaded") is True
