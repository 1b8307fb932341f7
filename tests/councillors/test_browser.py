import datetime as dt

import pytest
from django.utils import timezone

from council.models import Meeting
from resolutions.models import Paper

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET_TITLE = "Vergabe der Bauleistungen Feuerwache – Los 3 Dach"


def test_councillor_logs_in_opens_the_next_meeting_and_reads_a_nonpublic_paper(page, login, demo):
    paper = Paper.objects.get(name=SECRET_TITLE)
    assert not paper.public
    # The demo's dates are fixed; put the Hauptausschuss meeting with this paper next, whatever today is.
    meeting = paper.consultations.get().meeting
    start = timezone.now() + dt.timedelta(hours=20)
    Meeting.objects.filter(pk=meeting.pk).update(start=start, end=start + dt.timedelta(hours=2))

    login("stadtverordnete", "ratsinfo-demo")
    assert page.get_by_role("heading", level=1).inner_text() == "Mein Bereich"
    assert (
        page.get_by_role("navigation", name="Bereiche")
        .get_by_role("link", name="Mein Bereich")
        .get_attribute("aria-current")
        == "true"
    )

    next_meeting = page.locator("#sitzungen ~ table tbody tr").first
    assert "Hauptausschuss" in next_meeting.inner_text()
    assert "versandt am" in next_meeting.inner_text()
    next_meeting.get_by_role("link", name="Hauptausschuss").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Hauptausschuss"
    assert "einschließlich des nichtöffentlichen Teils" in page.locator(".councillor-access").inner_text()

    row = page.locator("table.agenda tbody tr", has_text=SECRET_TITLE)
    assert "nichtöffentlich" in row.inner_text()
    row.get_by_role("link", name=paper.reference).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == SECRET_TITLE
    assert "vertraulich zu behandeln" in page.locator("article.paper > header dl.facts").inner_text()
    assert "Vergabe der Bauleistungen Feuerwache" in page.locator(".resolution").inner_text()

    # The public does not get this far.
    page.context.clear_cookies()
    page.goto(f"/luckenwalde/sitzungen/{meeting.pk}/")
    assert SECRET_TITLE not in page.content()
