"""The councillor's dashboard in Chromium: reporting an absence, copying the calendar address."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from council.models import Attendance, Meeting
from resolutions.models import Paper

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET_TITLE = "Vergabe der Bauleistungen Feuerwache – Los 3 Dach"


def test_councillor_reports_an_absence_and_copies_the_calendar_address(page, login, demo):
    meeting = Paper.objects.get(name=SECRET_TITLE).consultations.get().meeting
    start = timezone.now() + dt.timedelta(days=1)
    Meeting.objects.filter(pk=meeting.pk).update(start=start, end=start + dt.timedelta(hours=2))
    user = User.objects.get(username="stadtverordnete")
    login("stadtverordnete", "ratsinfo-demo")
    expect(page.locator(".nav-user")).to_have_text(user.get_full_name())

    row = page.locator("#sitzungen ~ table tbody tr", has_text="Hauptausschuss").first
    row.get_by_role("button", name="Verhinderung melden").click()
    expect(page.locator(".messages")).to_contain_text("ist dem Sitzungsdienst gemeldet")
    expect(page.locator("#sitzungen ~ table tbody tr", has_text="Hauptausschuss").first).to_contain_text(
        "Verhinderung gemeldet"
    )
    attendance = Attendance.objects.get(meeting=meeting, person__user=user)
    assert attendance.excused and not attendance.present

    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("link", name="Kalender-Adresse erstellen und abonnieren").click()
    page.get_by_role("button", name="Kalender-Adresse erstellen").click()
    address = page.get_by_label("Kalender-Adresse").input_value()
    assert "/mein/kalender/" in address
    webcal = page.get_by_role("link", name="Im Kalenderprogramm abonnieren (webcal)")
    assert webcal.get_attribute("href") == "webcal://" + address.split("://", 1)[1]
    page.get_by_role("button", name="Adresse kopieren").click()
    expect(page.locator("#kopiert")).to_have_text("Die Adresse ist in die Zwischenablage kopiert.")
    assert page.evaluate("navigator.clipboard.readText()") == address

    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
