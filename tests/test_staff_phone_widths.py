"""Every page type of the back office, the council office and the councillor area fits a
390 px phone without horizontal scrolling, like the portal's pages (tests/portal/test_browser.py),
and the one header says which area the page belongs to."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from council.models import Meeting
from resolutions.models import Paper

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 390
SECRET_TITLE = "Vergabe der Bauleistungen Feuerwache – Los 3 Dach"


# Column headings of one word broken over several lines: a table squeezed into the phone's
# width instead of laid out as cards (`table.responsive`, whose headings are hidden).
BROKEN_HEADINGS = """() => [...document.querySelectorAll("thead th")]
    .filter(th => getComputedStyle(th.closest("thead")).position !== "absolute")
    .filter(th => th.textContent.trim() && !/\\s/.test(th.textContent.trim()))
    .filter(th => { const range = document.createRange(); range.selectNodeContents(th);
                    return new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size > 1; })
    .map(th => th.textContent.trim())"""


def _too_wide(page, urls):
    page.set_viewport_size({"width": WIDTH, "height": 800})
    wide = []
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            wide.append((url, width))
        broken = page.evaluate(BROKEN_HEADINGS)
        if broken:
            wide.append((url, broken))
    return wide


def _as(page, login, username, name):
    page.context.clear_cookies()
    login(username, "ratsinfo-demo")
    expect(page.locator(".nav-user")).to_have_text(name)


def test_staff_and_councillor_pages_fit_a_phone(page, login, demo):
    paper = Paper.objects.get(name=SECRET_TITLE)
    meeting = paper.consultations.get().meeting
    start = timezone.now() + dt.timedelta(days=2)
    Meeting.objects.filter(pk=meeting.pk).update(start=start, end=start + dt.timedelta(hours=2))
    seed = demo.seed_paper
    # Minutes with attendance, substitute, guest and the course per item (demo/minutes.py).
    recorded = Meeting.objects.filter(minutes_state="approved", organization__short_name="HA").get()
    wide = []

    _as(page, login, "stadtverordnete", _councillor_name())
    wide += _too_wide(
        page,
        [
            "/mein/",
            f"/mein/sitzungen/{meeting.pk}/",
            f"/mein/vorlagen/{paper.pk}/",
            f"/mein/vorlagen/{paper.pk}/notiz/",
            "/mein/notizen/",
            "/mein/einstellungen/",
            f"/mein/sitzungen/{recorded.pk}/",
        ],
    )

    _as(page, login, "sitzungsdienst", "Julia Jäger")
    wide += _too_wide(
        page,
        [
            "/sitzungsdienst/",
            f"/sitzungsdienst/sitzungen/{meeting.pk}/",
            f"/sitzungsdienst/sitzungen/{meeting.pk}/bearbeiten/",
            f"/sitzungsdienst/sitzungen/{meeting.pk}/niederschrift/",
            f"/sitzungsdienst/sitzungen/{recorded.pk}/niederschrift/",
            f"/sitzungsdienst/sitzungen/{Meeting.objects.filter(minutes_state='draft').first().pk}/niederschrift/",
            "/sitzungsdienst/sitzungen/neu/",
            "/sitzungsdienst/beschlusskontrolle/",
        ],
    )

    _as(page, login, "sachbearbeitung", "Jana Seidel")
    draft = Paper.objects.filter(originator__username="sachbearbeitung", state="draft").first()
    office_urls = [
        "/verwaltung/",
        "/verwaltung/vorlagen/",
        "/verwaltung/vorlagen/neu/",
        f"/verwaltung/vorlagen/{seed.pk}/",
        f"/verwaltung/vorlagen/{seed.pk}/verlauf/",
    ]
    if draft is not None:
        office_urls += [f"/verwaltung/vorlagen/{draft.pk}/", f"/verwaltung/vorlagen/{draft.pk}/bearbeiten/"]
    wide += _too_wide(page, office_urls)

    assert wide == []


def _councillor_name():
    from accounts.models import User

    return User.objects.get(username="stadtverordnete").get_full_name()


def test_one_header_says_where_you_are(page, login, demo):
    page.set_viewport_size({"width": 1280, "height": 800})
    _as(page, login, "sitzungsdienst", "Julia Jäger")
    for url, area in (
        ("/sitzungsdienst/", "Sitzungsdienst"),
        ("/luckenwalde/sitzungen/", "Portal"),
        (f"/verwaltung/vorlagen/{demo.seed_paper.pk}/", "Verwaltung"),
    ):
        page.goto(url)
        areas = page.get_by_role("navigation", name="Bereiche")
        current = areas.locator("[aria-current]")
        expect(current).to_have_count(1)
        expect(current).to_have_text(area)
        # One row: the header is no taller than one line of areas and one of the site name and its sections.
        header = page.locator(".site-header .header-row")
        assert header.evaluate("row => row.getBoundingClientRect().height") < 70, url
        in_portal = area == "Portal"
        assert page.get_by_role("navigation", name="Hauptnavigation").count() == (1 if in_portal else 0), url
        if not in_portal:
            assert area in page.locator(".site-name").inner_text()
            # The portal's "Sitzungen" is not marked while in the Sitzungsdienst.
            assert page.locator('.site-header a[aria-current="page"]').count() == 0
