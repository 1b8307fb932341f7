"""Typing "abc" into a year filter in Chromium: the page says so next to the field and keeps it."""

import pytest
from django.urls import reverse

from tests.portal.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def type_abc_into_the_year_and_submit(page, button):
    field = page.get_by_label("Jahr", exact=True)
    field.fill("abc")
    assert field.input_value() == "abc"  # a number field would not take it
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()
    return page.get_by_label("Jahr", exact=True)


def test_the_portal_filters_report_a_year_that_is_no_number(page):
    world = build_world()
    for url in (
        reverse("portal:papers", args=[world.body.slug]),
        reverse("portal:meetings", args=[world.body.slug]) + "?ansicht=liste",
    ):
        page.goto(url)
        field = type_abc_into_the_year_and_submit(page, "Filtern")
        assert "jahr=abc" in page.url
        assert field.input_value() == "abc" and field.get_attribute("aria-invalid") == "true"
        error = page.locator(f"#{field.get_attribute('aria-describedby')}")
        assert error.is_visible() and "Bitte ein Jahr als Zahl eingeben" in error.inner_text(), url


def test_the_council_office_index_reports_a_year_that_is_no_number(page, login, demo):
    login("sitzungsdienst", "ratsinfo-demo")
    page.goto(reverse("meetings:index"))
    field = type_abc_into_the_year_and_submit(page, "Filtern")
    assert field.input_value() == "abc" and field.get_attribute("aria-invalid") == "true"
    assert page.locator("#jahr-fehler").is_visible()
