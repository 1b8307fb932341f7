"""HTTP caching: validators for anonymous visitors, 304 on a match, private pages for users."""

import datetime as dt
from unittest import mock

import pytest
from django.core.handlers.base import BaseHandler
from django.test import RequestFactory
from django.urls import reverse

from portal import caching
from tests import factories as f

pytestmark = pytest.mark.django_db


def urls(world):
    slug = world.body.slug
    return [
        reverse("portal:start", args=[slug]),
        reverse("portal:papers", args=[slug]),
        reverse("portal:paper", args=[slug, world.public_paper.pk]),
        reverse("portal:meetings", args=[slug]),
        reverse("portal:meeting", args=[slug, world.meeting.pk]),
        reverse("portal:agenda_item", args=[slug, world.meeting.pk, world.public_item.pk]),
        reverse("portal:organizations", args=[slug]),
        reverse("portal:organization", args=[slug, world.committee.pk]),
        reverse("portal:people", args=[slug]),
        reverse("portal:person", args=[slug, world.councillor.pk]),
        reverse("portal:search", args=[slug]) + "?q=Stadtpark",
        reverse("portal:calendar", args=[slug]),
        reverse("portal:organization_calendar", args=[slug, world.committee.pk]),
        reverse("portal:papers_feed", args=[slug]),
        reverse("portal:decisions_feed", args=[slug]),
        reverse("documents:paper_pdf", args=[slug, world.public_paper.pk]),
    ]


def test_anonymous_pages_carry_validators_and_answer_304(client, world):
    for url in urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "public, max-age=300", url
        assert response["ETag"] and response["Last-Modified"], url
        assert "Cookie" in response["Vary"], url
        stored = client.get(url)  # from the page store, with the headers it was stored with
        assert stored.content == response.content and dict(stored.items()) == dict(response.items()), url
        assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304, url
        again = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
        assert again.status_code == 304, url
        assert again["ETag"] == response["ETag"]
        assert again.content == b""


def test_a_change_to_shown_data_changes_the_etag(client, world):
    url = reverse("portal:paper", args=[world.body.slug, world.public_paper.pk])
    before = client.get(url)["ETag"]
    world.public_paper.name = "Neuer Titel"
    world.public_paper.save()
    response = client.get(url, HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200 and "Neuer Titel" in response.content.decode()
    # A change to an agenda item of its meeting shows on the paper page too.
    before = client.get(url)["ETag"]
    world.public_item.result = "adopted"
    world.public_item.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=before).status_code == 200


def test_a_visitor_without_cookies_gets_the_stored_page_as_the_whole_way_gives_it(client, world):
    """`StoredPageMiddleware` answers before the URL is resolved, with the bytes and every header
    a visitor with a cookie (anonymous all the same) gets through all the middleware."""
    for url in urls(world):
        computed = client.get(url)
        whole_way = client.get(url, HTTP_COOKIE="hinweis=gelesen")
        if url.startswith("/dokumente/"):  # stored under the Body of its second segment: the whole way
            continue
        with mock.patch.object(BaseHandler, "resolve_request", side_effect=AssertionError(url)):
            early = client.get(url)
        assert early.content == whole_way.content == computed.content, url
        assert dict(early.items()) == dict(whole_way.items()), url
        assert early["X-Frame-Options"] == "DENY" and early["Permissions-Policy"], url
        for validator in (
            {"HTTP_IF_NONE_MATCH": computed["ETag"]},
            {"HTTP_IF_MODIFIED_SINCE": computed["Last-Modified"]},
        ):
            whole_way = client.get(url, HTTP_COOKIE="hinweis=gelesen", **validator)
            with mock.patch.object(BaseHandler, "resolve_request", side_effect=AssertionError(url)):
                early = client.get(url, **validator)
            assert early.status_code == whole_way.status_code == 304, url
            assert dict(early.items()) == dict(whole_way.items()), url
        assert client.get(url, HTTP_HOST="fremd.example").status_code == 400, url


def test_the_list_of_bodies_is_answered_early_too(client, world):
    f.body(name="Gemeinde Nebenan", slug="nebenan")
    url = reverse("portal:body_list")
    computed = client.get(url)
    assert computed.status_code == 200 and "Gemeinde Nebenan" in computed.content.decode()
    with mock.patch.object(BaseHandler, "resolve_request", side_effect=AssertionError(url)):
        early = client.get(url)
    assert early.content == computed.content
    assert dict(early.items()) == dict(client.get(url, HTTP_COOKIE="hinweis=gelesen").items())


def test_only_a_path_of_a_body_with_stored_pages_is_looked_up_early(client, world):
    client.get(reverse("portal:start", args=[world.body.slug]))
    middleware = caching.StoredPageMiddleware(lambda request: None)
    with mock.patch.object(caching.cache, "get", side_effect=AssertionError):
        for path in ("/oparl/v1/system", "/konto/login/", "/unbekannt/vorlagen/"):
            assert middleware.stored(RequestFactory().get(path)) is None, path


def test_logged_in_users_get_private_pages_without_validators(client, world):
    client.force_login(world.councillor_user)
    for url in urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"], url
        assert not response.has_header("ETag"), url
        assert client.get(url, HTTP_IF_NONE_MATCH="*").status_code == 200, url


def test_public_file_download_answers_304_by_checksum(client, world):
    record = world.files[0]
    url = reverse("portal:file", args=[world.body.slug, record.pk, record.file_name])
    response = client.get(url)
    assert response["ETag"] == f'"{record.sha512_checksum[:32]}"'
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_not_found_pages_are_not_cached_as_public(client, world):
    response = client.get(reverse("portal:paper", args=[world.body.slug, world.secret_papers[0].pk]))
    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")


def test_a_conditional_request_never_reveals_a_hidden_record(client, world):
    future = "Fri, 01 Jan 2100 00:00:00 GMT"
    hidden = [
        reverse("portal:paper", args=[world.body.slug, world.secret_papers[0].pk]),
        reverse("portal:paper", args=[world.body.slug, 2**40]),
        reverse("documents:paper_pdf", args=[world.body.slug, world.secret_papers[0].pk]),
        reverse("portal:person", args=[world.body.slug, 2**40]),
        reverse("portal:organization", args=[world.body.slug, world.public_paper.under_direction_of_id]),
        reverse("portal:organization_calendar", args=[world.body.slug, 2**40]),
        reverse("portal:meeting", args=[world.body.slug, 2**40]),
        reverse("portal:agenda_item", args=[world.body.slug, world.meeting.pk, world.secret_item.pk]),
    ]
    for url in hidden:
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=future).status_code == 404, url
        assert client.get(url, HTTP_IF_NONE_MATCH="*").status_code == 404, url
    visible = reverse("portal:paper", args=[world.body.slug, world.public_paper.pk])
    assert client.get(visible, HTTP_IF_MODIFIED_SINCE=future).status_code == 304


def test_every_address_the_portal_links_to_or_its_forms_ask_for_is_kept_for_the_next_visitor(client, world):
    """Each list names the query parameters it reads (`conditional(query=…)`), and a page asked with
    another is not kept. So every address with a query that the portal's pages link to (pages,
    months, the list view) or that their search and filter forms send must be one its list reads."""
    import re
    from urllib.parse import urlencode

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.portal.conftest import crawl

    pages = crawl(client, world.body, [])
    asked = {url for url in pages if "?" in url}
    for text in pages.values():
        for action, fields in re.findall(r'<form method="get" action="([^"]+)"[^>]*>(.*?)</form>', text, re.S):
            hidden = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', fields))
            names = dict.fromkeys(re.findall(r'<(?:input|select|textarea)[^>]* name="([^"]+)"', fields))
            asked.add(f"{action}?{urlencode([(name, hidden.get(name, '')) for name in names])}")
    assert {url.split("?")[0].rsplit("/", 2)[-2] for url in asked} >= {"sitzungen", "vorlagen", "suche"}
    for url in sorted(asked):
        assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) == 0, (url, [query["sql"][:80] for query in queries])


def test_a_change_to_a_councillors_contact_data_moves_no_validator(client, world):
    """E-mail, phone and login are not public: editing them must not tell when that happened."""
    from django.utils import timezone

    from council.models import Person
    from portal import publication

    slug, councillor = world.body.slug, world.councillor
    pages = [
        reverse("portal:person", args=[slug, councillor.pk]),
        reverse("portal:people", args=[slug]),
        reverse("portal:organization", args=[slug, world.committee.pk]),
    ]
    before = {url: client.get(url) for url in pages}
    councillor.email, councillor.phone = "neu@example.org", "03371 999"
    councillor.save()
    Person.objects.filter(pk=councillor.pk).update(modified=timezone.now() + dt.timedelta(days=1))
    publication.bump(world.body.pk)
    for url, response in before.items():
        after = client.get(url)
        assert (after["ETag"], after["Last-Modified"]) == (response["ETag"], response["Last-Modified"]), url
    councillor.family_name = "Neuname"
    councillor.save()
    for url, response in before.items():
        assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 200, url


def test_minutes_in_the_making_move_no_validator(client, world):
    """The draft's remarks, chair and minute-taker, and an item's course of the consultation, are not
    public until the minutes are approved: writing them must not tell when that happened, on the
    meeting's pages or any page showing it."""
    from django.db.models import F

    from council.models import AgendaItem, Meeting
    from meetings import minutes
    from portal import publication

    meeting = world.decided_paper.consultations.get().meeting  # held: the lists and its paper show it too
    item = meeting.agenda_items.get()
    slug = world.body.slug
    page = reverse("portal:meeting", args=[slug, meeting.pk])
    pages = [
        *urls(world),
        page,
        reverse("portal:agenda_item", args=[slug, meeting.pk, item.pk]),
        reverse("portal:paper", args=[slug, world.decided_paper.pk]),
    ]
    before = {url: client.get(url) for url in pages}
    minutes.save_head(meeting, chair=world.councillor, minute_taker="Frau Protokoll", remarks="Entwurf", by=None)
    minutes.save_notes(meeting, {item.pk: "<p>Frau A. fragt nach den Kosten.</p>"}, by=None)
    # However coarse the clock: the records' own `modified` is a day later now.
    for model, record in ((Meeting, meeting), (AgendaItem, item)):
        model.objects.filter(pk=record.pk).update(modified=F("modified") + dt.timedelta(days=1))
    publication.bump(world.body.pk)
    for url, response in before.items():
        after = client.get(url)
        assert (after.get("ETag"), after.get("Last-Modified")) == (
            response.get("ETag"),
            response.get("Last-Modified"),
        ), url

    approved_in = f.meeting(world.council, start=meeting.start + dt.timedelta(days=7), state="held")
    minutes.approve_minutes(meeting, approved_in, by=None, at=approved_in.start)
    assert client.get(page, HTTP_IF_NONE_MATCH=before[page]["ETag"]).status_code == 200
