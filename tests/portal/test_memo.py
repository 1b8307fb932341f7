"""What every page of a Body asks alike is read once per publication version (`portal.memo`),
and read afresh after any write in the Body."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.forms import Widget
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as f
from tests.portal.conftest import content

pytestmark = pytest.mark.django_db


def test_the_filters_choices_follow_a_write_in_the_body(client, world, committed):
    url = reverse("portal:papers", args=[world.body.slug])
    assert "Sondervorlage" not in content(client.get(url, {"bench": 1}))
    with committed():
        paper_type = f.paper_type(world.body, name="Sondervorlage")
    html = content(client.get(url, {"bench": 2}))
    assert "Sondervorlage" in html
    # The new choice filters, checked against the listed choices, not by a query of its own.
    assert "Dieser Filter wurde nicht angewendet" not in content(client.get(url, {"art": paper_type.pk}))
    assert "Dieser Filter wurde nicht angewendet" in content(client.get(url, {"art": paper_type.pk + 1000}))


def test_the_filters_and_a_select_with_nothing_chosen_are_rendered_once_per_version(
    client, world, committed, monkeypatch
):
    url = reverse("portal:papers", args=[world.body.slug])
    rendered = []
    render = Widget._render

    def counted(widget, template_name, context, renderer=None):
        rendered.append(context["widget"]["name"])
        return render(widget, template_name, context, renderer)

    monkeypatch.setattr(Widget, "_render", counted)

    def selects(response):
        return re.findall(r"<select.*?</select>", content(response), re.DOTALL)

    first = client.get(url, {"bench": 1})
    assert {"art", "gremium", "stand"} <= set(rendered)
    rendered.clear()
    again = client.get(url, {"bench": 2})
    # With no filter given, all the filters' markup is kept for the version: no widget renders.
    assert rendered == []
    assert len(selects(first)) == 3 and selects(again) == selects(first)
    # With one given the fields render, Vorlagenart and Gremium from their markup kept for the version.
    year = client.get(url, {"jahr": 2021})
    assert "art" not in rendered and "gremium" not in rendered and "stand" in rendered
    assert selects(year) == selects(first)
    chosen = client.get(url, {"art": world.public_paper.paper_type_id})
    assert f'<option value="{world.public_paper.paper_type_id}" selected>' in content(chosen)
    with committed():
        f.paper_type(world.body, name="Sondervorlage")
    rendered.clear()
    assert "Sondervorlage" in content(client.get(url, {"bench": 3}))
    assert "art" in rendered


def test_another_body_keeps_its_own_choices(client, world, committed):
    other = f.body(name="Gemeinde Anderswo", slug="anderswo")
    with committed():
        f.paper_type(other, name="Fremde Vorlagenart")
    assert "Fremde Vorlagenart" not in content(client.get(reverse("portal:papers", args=[world.body.slug])))
    assert "Fremde Vorlagenart" in content(client.get(reverse("portal:papers", args=[other.slug])))


def test_a_renamed_body_is_shown_with_its_new_name(client, world, committed):
    url = reverse("portal:search", args=[world.body.slug])
    assert world.body.name in content(client.get(url))
    with committed():
        world.body.name = "Stadt Neuhausen an der Spree"
        world.body.save()
    assert "Stadt Neuhausen an der Spree" in content(client.get(url, {"q": "Haushalt"}))


def validator_queries(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return response["ETag"], [q["sql"] for q in queries if q["sql"].startswith('SELECT "council_body"."modified"')]


@pytest.mark.parametrize("name", ["portal:meetings", "portal:people", "portal:organizations", "portal:search"])
def test_a_lists_validators_are_read_once_for_all_its_pages_until_the_body_changes(client, world, committed, name):
    url = reverse(name, args=[world.body.slug])
    first, asked = validator_queries(client, url)
    assert len(asked) == 1
    # Another page of the list (a filter, a page number): the validators are the Body's already.
    assert validator_queries(client, url, seite=2)[1] == []
    with committed():
        world.committee.name = "Ausschuss für Stadtentwicklung und Umwelt"
        world.committee.save()
    again, asked = validator_queries(client, url)
    assert len(asked) == 1 and again != first


def test_nothing_a_guessed_slug_leaves_in_the_cache_is_kept_for_good(client, world):
    # A crawler guessing slugs must not fill the shared cache: every entry it causes expires.
    cache.clear()
    for slug in ("gibt-es-nicht", "auch-nicht"):
        assert client.get(reverse("portal:papers", args=[slug])).status_code == 404
        assert client.get(reverse("portal:search", args=[slug]), {"q": "x"}).status_code == 404
    assert cache._expire_info  # the local-memory cache of the tests: key -> expiry (None: never)
    assert all(expiry is not None for expiry in cache._expire_info.values())


def test_a_request_reads_the_versions_once_and_a_write_in_it_reads_them_anew(client, world, monkeypatch):
    from django.core.signals import request_finished, request_started

    from portal import publication

    reads = []
    get_many = cache.get_many

    def counted(keys, *args, **kwargs):
        reads.extend(key for key in keys if key.startswith("publication:slug:"))
        return get_many(keys, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", counted)
    # A new search term: the page store's key, the Body, the filters' choices and the validator ask.
    assert client.get(reverse("portal:search", args=[world.body.slug]), {"q": "Stadtpark"}).status_code == 200
    assert reads == [f"publication:slug:{world.body.slug}"]

    keys = publication.page_keys(world.body.slug)
    request_started.send(sender=None)
    try:
        before = publication.versions(keys)
        assert publication.versions(keys) == before
        publication.bump(world.body.pk)
        assert publication.versions(keys) != before
    finally:
        request_finished.send(sender=None)
    # Outside a request nothing is kept.
    assert publication._request.tokens is None
