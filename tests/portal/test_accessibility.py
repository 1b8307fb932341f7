"""WCAG 2.1 AA: axe-core (vendored, MPL-2.0) finds no violation on any portal page type,
in Debian's Chromium, on a desktop and on a phone screen; the skip link works by keyboard."""

import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from council.models import AgendaItem, Vote
from tests import factories as f
from tests.portal.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def portal_pages(world):
    slug = world.body.slug
    decided = AgendaItem.objects.get(consultation__paper=world.decided_paper)
    return [
        reverse("portal:start", args=[slug]),
        reverse("portal:papers", args=[slug]) + "?art=abc",  # with a form error shown
        reverse("portal:paper", args=[slug, world.public_paper.pk]),
        reverse("portal:paper", args=[slug, world.decided_paper.pk]),
        reverse("portal:meetings", args=[slug]) + "?monat=2026-06",  # with the legend of abbreviations
        reverse("portal:meetings", args=[slug]),  # this month: today marked
        reverse("portal:meetings", args=[slug]) + "?ansicht=liste&vergangene=1",
        reverse("portal:meeting", args=[slug, world.meeting.pk]),
        reverse("portal:agenda_item", args=[slug, world.meeting.pk, world.public_item.pk]),  # votes by name
        reverse("portal:agenda_item", args=[slug, decided.meeting_id, decided.pk]),  # amended text
        reverse("portal:organizations", args=[slug]),
        reverse("portal:organization", args=[slug, world.council.pk]),
        reverse("portal:people", args=[slug]),
        reverse("portal:person", args=[slug, world.councillor.pk]),
        reverse("portal:search", args=[slug]),
        reverse("portal:search", args=[slug]) + "?q=Stadtpark",
        reverse("portal:search", args=[slug]) + f"?q={world.councillor.family_name}",  # people found
        reverse("portal:imprint", args=[slug]),
        reverse("portal:privacy", args=[slug]),
        reverse("portal:accessibility", args=[slug]),
        reverse("portal:site_imprint"),
        reverse("portal:site_privacy"),
        reverse("portal:site_accessibility"),
        "/",
    ]


def axe_violations(page):
    # Evaluated through the DevTools protocol: the page's content security policy refuses the
    # inline <script> that add_script_tag would insert.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(f"async () => await axe.run(document, {json.dumps(AXE_OPTIONS)})")
    assert len(result["passes"]) > 10  # axe really ran its rules
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]
    ]


def test_axe_finds_no_violation_on_any_portal_page(page):
    world = build_world()
    build_world()  # a second Body, so the root lists Bodies instead of redirecting
    f.legal_pages(world.body)
    f.meeting(world.committee, start=timezone.now())  # today, in this month's grid
    Vote.objects.create(agenda_item=world.public_item, person=world.councillor, choice=Vote.Choice.YES)
    found = {}
    for width, height in ((1280, 900), (375, 740)):
        page.set_viewport_size({"width": width, "height": height})
        for url in portal_pages(world):
            response = page.goto(url)
            assert response.status == 200, url
            if url.split("?")[0].endswith("/sitzungen/") and "ansicht" not in url and width > 800:
                assert page.locator("#legende").is_visible(), url
            violations = axe_violations(page)
            if violations:
                found[f"{width}px {url}"] = violations
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)


def test_skip_link_and_keyboard_reach_the_search(page):
    world = build_world()
    page.goto(reverse("portal:start", args=[world.body.slug]))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhalt"
    field = page.get_by_label("Vorlagen, Sitzungen und Beschlüsse durchsuchen")
    field.focus()
    page.keyboard.type("Stadtpark")
    page.keyboard.press("Enter")
    page.wait_for_url("**/suche/?q=Stadtpark")
    assert page.get_by_role("heading", level=3).first.inner_text().endswith(world.public_paper.name)


def test_headings_are_in_order_on_every_page(page):
    world = build_world()
    f.legal_pages(world.body)
    for url in portal_pages(world)[:-1]:
        page.goto(url)
        levels = page.eval_on_selector_all("main h1, main h2, main h3, main h4", "els => els.map(e => +e.tagName[1])")
        assert levels[0] == 1 and levels.count(1) == 1, url
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (url, levels)
