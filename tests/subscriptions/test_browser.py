"""The subscription pages in Chromium: no axe-core violation, usable on a phone, and following works
from a paper page without JavaScript."""

import json

import pytest
from django.urls import reverse

from subscriptions import subscribing, tokens
from subscriptions.models import Subscription
from tests.portal.test_accessibility import axe_violations
from tests.portal.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def subscription_pages(world):
    slug = world.body.slug
    subscribing.subscribe("leser@example.org", body=world.body, paper=world.public_paper)
    subscription = Subscription.objects.get()
    return [
        reverse("subscriptions:paper", args=[slug, world.public_paper.pk]),
        reverse("subscriptions:organization", args=[slug, world.committee.pk]),
        reverse("subscriptions:search", args=[slug]) + "?q=Stadtpark",
        reverse("subscriptions:requested", args=[slug]),
        reverse("subscriptions:confirm", args=[tokens.confirmation_token(subscription)]),
        reverse("subscriptions:unsubscribe", args=[tokens.unsubscribe_token(subscription)]),
        reverse("subscriptions:unsubscribe", args=[tokens.unsubscribe_token(subscriber=subscription.subscriber)]),
    ]


def test_axe_finds_no_violation_on_the_subscription_pages_on_desktop_and_phone(page):
    world = build_world()
    urls = subscription_pages(world)
    found = {}
    for width, height in ((1280, 900), (375, 740)):
        page.set_viewport_size({"width": width, "height": height})
        for url in urls:
            assert page.goto(url).status == 200, url
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (width, url)
            violations = axe_violations(page)
            if violations:
                found[f"{width}px {url}"] = violations
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


def test_a_mistyped_address_is_shown_next_to_the_field_and_keeps_what_was_typed(page):
    world = build_world()
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(reverse("subscriptions:paper", args=[world.body.slug, world.public_paper.pk]))
    page.get_by_label("E-Mail-Adresse").fill("leser-at-example")
    page.get_by_role("button", name="Per E-Mail folgen").click()
    page.wait_for_load_state()
    assert "gültige E-Mail-Adresse" in page.locator("#fehler-email").inner_text()
    assert page.get_by_label("E-Mail-Adresse").input_value() == "leser-at-example"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_violations(page) == []


def test_following_a_paper_from_its_page_works_by_keyboard_without_javascript(page, live_server):
    world = build_world()
    context = page.context.browser.new_context(base_url=live_server.url, locale="de-DE", java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.goto(reverse("portal:paper", args=[world.body.slug, world.public_paper.pk]))
        field = plain.get_by_label("E-Mail-Adresse")
        field.focus()
        plain.keyboard.type("leser@example.org")
        plain.keyboard.press("Enter")
        plain.wait_for_url(f"**/{world.body.slug}/abo/angefragt/")
        assert plain.get_by_role("heading", level=1).inner_text() == "Bitte bestätigen Sie Ihr Abo"
    finally:
        context.close()
    subscription = Subscription.objects.get()
    assert subscription.paper == world.public_paper and subscription.confirmed_at is None
