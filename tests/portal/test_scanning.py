"""Scanning a page: references, dates and times never break over two lines, in the portal, the
councillor area, the back office and the council office, on a desktop, a tablet and a phone."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every text in `main` that a browser could break and that looks like a reference
# (B-8113/2026, breakable at the hyphen) or a date with its weekday or time ("Mi, 09.12.2026",
# "09.12.2026, 18:00", "18:00 Uhr") must sit in an element that does not wrap (a bare
# 09.12.2026 or 18:00 has no break opportunity). Free text (decided texts, legal pages, minutes notes, the
# paper page, which another part of the code owns) is left out.
UNWRAPPED = """() => {
  const pattern = /[A-ZÄÖÜ][A-Za-z0-9]*-\\d+\\/\\d{4}|[A-Z][a-z], \\d{1,2}\\.\\d{1,2}\\.\\d{4}|\\d{1,2}\\.\\d{1,2}\\.\\d{4},? \\d{1,2}:\\d{2}|\\d{1,2}:\\d{2} Uhr/g;
  const skipped = ".resolution, .legal-text, article.paper, select, textarea, pre, .work-note, .snippet, .minutes-note, .minutes-remarks";
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, element = node.parentElement;
    if (element.closest(skipped) || !element.getClientRects().length) continue;
    for (const match of node.textContent.matchAll(pattern)) {
      if (getComputedStyle(element).whiteSpace !== "nowrap") broken.push(match[0] + " in <" + element.tagName + "> " + element.textContent.trim().slice(0, 60));
    }
  }
  for (const element of document.querySelectorAll("main .nowrap")) {
    if (element.getClientRects().length > 1) broken.push("two lines: " + element.textContent);
  }
  return broken;
}"""

WIDTHS = (1280, 768, 375)


def unwrapped(page, urls):
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for url in urls:
            assert page.goto(url).status == 200, url
            broken = page.evaluate(UNWRAPPED)
            if broken:
                found[f"{width}px {url}"] = broken[:5]
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (width, url)
    return found


def test_references_dates_and_times_stay_on_one_line_in_the_portal(page, demo):
    from council.models import Meeting

    meeting = demo.seed_paper.consultations.get().meeting
    with_minutes = Meeting.objects.get(
        body=demo.luckenwalde, organization__short_name="HA", minutes_state=Meeting.MinutesState.APPROVED
    )
    urls = [
        f"/luckenwalde/sitzungen/{with_minutes.pk}/",
        "/luckenwalde/",
        "/luckenwalde/vorlagen/",
        "/luckenwalde/sitzungen/?ansicht=liste&vergangene=1",
        f"/luckenwalde/sitzungen/?monat={meeting.start:%Y-%m}",
        f"/luckenwalde/sitzungen/{meeting.pk}/",
        f"/luckenwalde/gremien/{meeting.organization_id}/",
        "/luckenwalde/beschluesse/",
    ]
    assert unwrapped(page, urls) == {}


@pytest.mark.parametrize(
    ("username", "urls"),
    [
        ("stadtverordnete", ["/mein/", "/mein/notizen/"]),
        ("sachbearbeitung", ["/verwaltung/", "/verwaltung/vorlagen/"]),
        (
            "sitzungsdienst",
            ["/sitzungsdienst/", "/sitzungsdienst/?zeit=vergangen", "/sitzungsdienst/beschlusskontrolle/"],
        ),
    ],
)
def test_references_dates_and_times_stay_on_one_line_behind_the_login(page, login, demo, username, urls):
    login(username, "ratsinfo-demo")
    assert unwrapped(page, urls) == {}
