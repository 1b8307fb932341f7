"""Path ids beyond the database's 64-bit range are a 404, never a 500 (ratsinfo.converters)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from accounts import roles
from ratsinfo.converters import MAX_ID, IdConverter
from tests import factories as f

pytestmark = pytest.mark.django_db

TOO_BIG = "99999999999999999999"


def patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry.pattern


def test_no_url_pattern_of_the_project_takes_an_unbounded_int():
    for route, pattern in patterns(get_resolver()):
        converters = getattr(pattern, "converters", {})
        assert not any(isinstance(c, IntConverter) for c in converters.values()), route
    assert any("<id:" in route for route, _ in patterns(get_resolver()))


def test_the_id_converter_accepts_the_whole_range_and_nothing_beyond():
    converter = IdConverter()
    assert converter.to_python(str(MAX_ID)) == MAX_ID
    with pytest.raises(ValueError):
        converter.to_python(str(MAX_ID + 1))


def urls(body, number):
    return [
        f"/{body.slug}/gremien/{number}/kalender.ics",
        f"/{body.slug}/vorlagen/{number}/",
        f"/{body.slug}/dokumente/{number}/a.pdf",
        f"/verwaltung/vorlagen/{number}/",
        f"/sitzungsdienst/sitzungen/{number}/niederschrift/",
        f"/mein/sitzungen/{number}/",
        f"/dokumente/{body.slug}/vorlagen/{number}.pdf",
        f"/oparl/v1/paper/{number}",
        f"/oparl/v1/body/{number}/paper",
    ]


@pytest.mark.parametrize("number", [TOO_BIG, str(MAX_ID + 1)])
def test_ids_beyond_the_database_range_are_not_found_anywhere(client, number):
    body = f.body()
    client.force_login(f.user(body, roles.COUNCIL_OFFICE, roles.ADMIN, is_staff=True, is_superuser=True))
    for url in urls(body, number):
        assert client.get(url).status_code == 404, url
    client.logout()
    assert client.get(f"/{body.slug}/gremien/{number}/kalender.ics").status_code == 404


def test_the_largest_id_reaches_the_views_and_finds_nothing(client):
    body = f.body()
    client.force_login(f.user(body, roles.COUNCIL_OFFICE, roles.ADMIN, is_staff=True, is_superuser=True))
    for url in urls(body, str(MAX_ID)):
        assert client.get(url).status_code in (403, 404), url
