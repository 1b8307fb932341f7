"""The one header: the areas a user works in, the current one marked, the portal's sections only in the portal."""

import pytest

from tests.office.conftest import town  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _areas(html):
    if 'aria-label="Bereiche"' not in html:
        return None
    nav = html.split('aria-label="Bereiche"')[1].split("</nav>")[0]
    labels = [part.split("</a>")[0].split(">")[-1] for part in nav.split("<a ")[1:]]
    current = [part.split("</a>")[0].split(">")[-1] for part in nav.split("<a ")[1:] if "aria-current" in part]
    return labels, current


@pytest.mark.parametrize(
    "user, url, areas, current",
    [
        ("office", "/sitzungsdienst/", ["Portal", "Verwaltung", "Sitzungsdienst"], "Sitzungsdienst"),
        ("office", "/verwaltung/", ["Portal", "Verwaltung", "Sitzungsdienst"], "Verwaltung"),
        ("clerk", "/verwaltung/vorlagen/", ["Portal", "Verwaltung"], "Verwaltung"),
        ("head", "/sitzungsdienst/beschlusskontrolle/", ["Portal", "Verwaltung"], "Verwaltung"),
        ("councillor", "/mein/", ["Portal", "Mein Bereich"], "Mein Bereich"),
    ],
)
def test_the_header_lists_the_users_areas_and_marks_the_current_one(client, town, user, url, areas, current):  # noqa: F811
    client.force_login(getattr(town, user))
    html = client.get(url).content.decode()
    assert _areas(html) == (areas, [current])
    # Not the portal: no portal sections in the header, the area named next to the site name.
    header = html.split("</header>")[0]
    assert 'aria-label="Hauptnavigation"' not in header
    assert f'<span class="area-name">{current}</span>' in header


def test_in_the_portal_the_portal_is_marked_and_its_sections_are_there(client, town):  # noqa: F811
    client.force_login(town.office)
    html = client.get(f"/{town.body.slug}/").content.decode()
    assert _areas(html) == (["Portal", "Verwaltung", "Sitzungsdienst"], ["Portal"])
    header = html.split("</header>")[0]
    assert 'aria-label="Hauptnavigation"' in header and 'class="area-name"' not in header


def test_visitors_see_no_areas_and_can_log_in(client, town):  # noqa: F811
    html = client.get(f"/{town.body.slug}/").content.decode()
    assert _areas(html) is None
    assert ">Anmelden</a>" in html.split("</header>")[0]
