"""OParl documents come from the shared cache while nothing of their Body changed (oparl.http)."""

from unittest import mock

import pytest
from django.core.handlers.base import BaseHandler

from portal import publication
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_list_is_served_and_revalidated_without_a_query_until_its_body_changes(
    client, api, django_assert_num_queries
):
    body, other = f.body(), f.body()
    f.paper(body, name="Erste Vorlage")
    url = f"/body/{body.pk}/paper"
    first = api(url)
    with django_assert_num_queries(0):
        again = api(url)
        revalidated = api(url, HTTP_IF_NONE_MATCH=first["ETag"])
        head = client.head("/oparl/v1" + url)
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert revalidated.status_code == 304 and revalidated.content == b""
    assert head.content == b"" and head["Content-Length"] == str(len(first.content))
    assert again["Access-Control-Allow-Origin"] == "*"

    # Another Body's change leaves the stored list alone; this Body's change is seen at once.
    f.paper(other)
    with django_assert_num_queries(0):
        assert api(url).content == first.content
    f.paper(body, name="Zweite Vorlage")
    changed = api(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert [paper["name"] for paper in changed.json()["data"]] == ["Erste Vorlage", "Zweite Vorlage"]


def test_a_document_asked_with_a_parameter_no_document_reads_is_computed_and_neither_kept_nor_remembered(
    api, django_assert_num_queries, django_assert_max_num_queries
):
    body = f.body()
    f.paper(body, name="Erste Vorlage")
    listed = f"/body/{body.pk}/paper"
    record = publication.documents_record(body.pk)
    for url in (f"{listed}?x=1", f"{listed}?limit=5&utm_source=newsletter", f"/body/{body.pk}?x=2"):
        first = api(url)
        assert first.status_code == 200, url
        assert api(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
        with django_assert_max_num_queries(50) as queries:
            assert api(url).content == first.content
        assert len(queries) > 0, url
    assert publication.remembered(record) == []
    # The parameters the lists read are kept and remembered as before.
    api(f"{listed}?limit=5")
    with django_assert_num_queries(0):
        api(f"{listed}?limit=5")
    assert publication.remembered(record) == [f"/oparl/v1{listed}?limit=5"]


def test_a_change_behind_closed_doors_recomputes_the_same_document(api):
    body = f.body()
    public = f.paper(body)
    url = f"/body/{body.pk}/paper"
    first = api(url)
    secret = f.paper(body, public=False, name="Geheime Vorlage")
    after = api(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 304
    assert b"Geheime Vorlage" not in api(url).content
    assert api(f"/paper/{secret.pk}").status_code == 404
    # An object is cached under its Body's version: a write to it is seen at once.
    assert api(f"/paper/{public.pk}").json()["name"] == public.name
    public.name = "Neuer Titel"
    public.save()
    assert api(f"/paper/{public.pk}").json()["name"] == "Neuer Titel"


def test_an_object_stays_stored_while_other_bodies_change_and_is_recomputed_when_its_own_does(
    api, django_assert_num_queries
):
    body, other = f.body(), f.body()
    paper = f.paper(body, name="Vorlage der ersten Körperschaft")
    url = f"/paper/{paper.pk}"
    first = api(url)
    assert first.json().get("consultation", []) == []
    api(f"/body/{body.pk}")
    # Writes in another Body leave this Body's objects stored: no query, the same answer.
    f.paper(other)
    f.meeting(f.organization(other))
    with django_assert_num_queries(0):
        assert api(url).content == first.content
        assert api(f"/body/{body.pk}").status_code == 200
    # A write in the object's own Body, even to another record, is seen at once.
    f.consultation(paper, f.organization(body, name="Bauausschuss"))
    assert len(api(url).json()["consultation"]) == 1


def test_a_removed_object_answers_with_its_tombstone_at_once(api):
    body = f.body()
    paper = f.paper(body)
    url = f"/paper/{paper.pk}"
    assert api(url).json().get("deleted") is not True
    paper.delete()
    assert api(url).json()["deleted"] is True


def test_a_client_without_cookies_gets_the_stored_document_as_the_whole_way_gives_it(client, api):
    """`oparl.http.StoredDocumentMiddleware` answers before the session and CSRF middleware and the
    view, with the bytes and every header a client with a cookie gets the whole way, 304s too."""
    body = f.body()
    paper = f.paper(body)
    for url in ("/system", "/body", f"/body/{body.pk}", f"/body/{body.pk}/paper", f"/paper/{paper.pk}"):
        computed = api(url)
        assert computed.status_code == 200, url
        path = "/oparl/v1" + url
        for validators in ({}, {"HTTP_IF_NONE_MATCH": computed["ETag"]}):
            whole_way = client.get(path, HTTP_COOKIE="hinweis=gelesen", **validators)
            with mock.patch.object(BaseHandler, "resolve_request", side_effect=AssertionError(path)):
                early = client.get(path, **validators)
                head = client.head(path)
            assert early.status_code == whole_way.status_code, path
            assert early.content == whole_way.content, path
            assert dict(early.items()) == dict(whole_way.items()), path
        assert head.content == b"" and head["Content-Length"] == str(len(computed.content)), path
    # Not stored (an error, a path of no endpoint): the whole way.
    assert client.get("/oparl/v1/paper/999999").status_code == 404
    assert client.get("/oparl/v1/unbekannt").status_code == 404
