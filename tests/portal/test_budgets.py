"""Query budgets: every portal page needs a fixed number of queries, however much data it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.portal.world import add_public_data, build_world

pytestmark = pytest.mark.django_db

BUDGET = 14


def page_urls(world):
    slug = world.body.slug
    return {
        "start": reverse("portal:start", args=[slug]),
        "papers": reverse("portal:papers", args=[slug]) + "?stand=decided&jahr=2026",
        "paper": reverse("portal:paper", args=[slug, world.public_paper.pk]),
        "month": reverse("portal:meetings", args=[slug]) + "?monat=2026-06",
        "list": reverse("portal:meetings", args=[slug]) + "?ansicht=liste&vergangene=1",
        "meeting": reverse("portal:meeting", args=[slug, world.meeting.pk]),
        "item": reverse("portal:agenda_item", args=[slug, world.meeting.pk, world.public_item.pk]),
        "organizations": reverse("portal:organizations", args=[slug]),
        "organization": reverse("portal:organization", args=[slug, world.committee.pk]),
        "people": reverse("portal:people", args=[slug]),
        "person": reverse("portal:person", args=[slug, world.councillor.pk]),
        "search": reverse("portal:search", args=[slug]) + "?q=Stadtpark",
        "calendar": reverse("portal:calendar", args=[slug]),
        "organization_calendar": reverse("portal:organization_calendar", args=[slug, world.committee.pk]),
        "papers_feed": reverse("portal:papers_feed", args=[slug]),
        "decisions_feed": reverse("portal:decisions_feed", args=[slug]),
    }


def count_queries(client, urls):
    counts = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(queries)
    return counts


@pytest.mark.parametrize("as_councillor", [False, True], ids=["anonymous", "councillor"])
def test_queries_per_page_stay_within_budget_and_do_not_grow_with_data(
    client, as_councillor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the search index is built after commit
        world = build_world(extra=1)
    if as_councillor:
        client.force_login(world.councillor_user)
    urls = page_urls(world)
    small = count_queries(client, urls)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(1, 8):
            add_public_data(world, n, world.meeting.start)
    large = count_queries(client, urls)
    assert large == small
    assert max(small.values()) <= BUDGET, small
