"""The council office reads the audit trail on a phone: no horizontal scroll at 390 px, no
axe-core violation, the filters work without JavaScript."""

import pytest
from django.test import Client

from accounts.models import User
from audit.models import AccessRecord
from tests.portal.test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_trail_on_a_phone(page, login, demo):
    # A councillor reads the members' bundle of a meeting: that is recorded.
    councillor = Client()
    councillor.force_login(User.objects.get(username="stadtverordnete"))
    item = demo.seed_paper.consultations.filter(meeting__isnull=False).first()
    assert (
        councillor.get(f"/dokumente/{demo.luckenwalde.slug}/sitzungen/{item.meeting_id}/sitzungsmappe.pdf").status_code
        == 200
    )
    assert AccessRecord.objects.filter(username="stadtverordnete").exists()

    page.set_viewport_size({"width": 390, "height": 800})
    login("sitzungsdienst", "ratsinfo-demo")
    page.goto("/sitzungsdienst/")
    page.get_by_role("link", name="Zugriffsprotokoll").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Zugriffsprotokoll").is_visible()
    assert "stadtverordnete" in page.locator("table").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    page.get_by_label("Benutzername").fill("niemand")
    page.get_by_role("button", name="Filtern").click()
    page.wait_for_load_state()
    assert "Keine Zugriffe gefunden." in page.locator("table").inner_text()
    assert page.get_by_label("Benutzername").input_value() == "niemand"
