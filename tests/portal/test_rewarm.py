"""After a write in a Body, a worker stores its anonymous pages again (portal.tasks.rewarm_pages),
so the first visitor after a change is served a stored page instead of paying for computing it."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import publication, tasks
from portal.tasks import rewarm_pages
from tests import factories as f
from tests.documents.helpers import all_text
from tests.portal.conftest import content
from tests.portal.world import SECRET_WORD

pytestmark = pytest.mark.django_db

# What one page may cost the worker: the queries of computing it (a paper page 7, the meeting
# page of the test world a few more), never a query per remembered path on top.
PAGE_BUDGET = 15


def paper_url(world):
    return reverse("portal:paper", args=[world.body.slug, world.public_paper.pk])


def remembered_pages(world):
    return publication.remembered(publication.pages_record(world.body.slug))


def stored(client, url):
    """The anonymous response to `url`, asserting it came from the store (no query, no view)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    assert len(queries) == 0, (url, [query["sql"] for query in queries])
    return response


def test_a_stored_page_is_remembered_for_its_body_newest_first_and_not_on_a_hit(client, world):
    papers = reverse("portal:papers", args=[world.body.slug])
    assert client.get(paper_url(world)).status_code == 200
    assert client.get(papers).status_code == 200
    assert remembered_pages(world) == [papers, paper_url(world)]
    # A hit is served from the store and leaves the record alone.
    cache.delete(publication.pages_record(world.body.slug))
    stored(client, paper_url(world))
    assert remembered_pages(world) == []
    # The installation's own pages have a record of their own.
    f.body()  # with one Body, the list of Bodies redirects to its start page
    assert client.get(reverse("portal:body_list")).status_code == 200
    assert publication.remembered(publication.pages_record()) == [reverse("portal:body_list")]


def test_the_record_keeps_the_most_recent_paths_only():
    record = publication.pages_record("irgendwo")
    for number in range(publication.RECENT_PAGES + 5):
        publication.remember(record, f"/irgendwo/vorlagen/?seite={number}", publication.RECENT_PAGES)
    publication.remember(record, "/irgendwo/vorlagen/?seite=10", publication.RECENT_PAGES)
    paths = publication.remembered(record)
    assert len(paths) == publication.RECENT_PAGES
    assert paths[0] == "/irgendwo/vorlagen/?seite=10" and paths.count("/irgendwo/vorlagen/?seite=10") == 1
    assert "/irgendwo/vorlagen/?seite=4" not in paths and paths[-1] == "/irgendwo/vorlagen/?seite=5"


def test_a_page_asked_with_a_parameter_it_does_not_read_is_computed_and_neither_kept_nor_remembered(client, world):
    papers = reverse("portal:papers", args=[world.body.slug])
    search = reverse("portal:search", args=[world.body.slug])
    made_up = [f"{papers}?x=1", f"{papers}?stand=decided&utm_source=newsletter", f"{search}?q=Haushalt&x=2"]
    for url in made_up:
        first = client.get(url)
        assert first.status_code == 200 and first["ETag"], url
        assert first["Cache-Control"] == "public, max-age=300"
        # Its validators still answer 304, computed, as for any page.
        assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
        with CaptureQueriesContext(connection) as queries:
            again = client.get(url)
        assert again.status_code == 200 and len(queries) > 0, url
        assert again.content == first.content
    assert remembered_pages(world) == []
    # The parameters the lists read are kept and remembered as before.
    known = [f"{papers}?stand=decided&seite=1", f"{search}?q=Haushalt"]
    for url in known:
        assert client.get(url).status_code == 200
        stored(client, url)
    assert remembered_pages(world) == list(reversed(known))


def test_logged_in_pages_are_neither_stored_nor_remembered(client, world):
    client.force_login(world.councillor_user)
    assert client.get(paper_url(world)).status_code == 200
    assert remembered_pages(world) == []


def test_after_a_change_the_task_stores_the_new_page_before_any_visitor_asks(client, world):
    start = reverse("portal:start", args=[world.body.slug])
    f.body()  # with one Body, the list of Bodies redirects to its start page
    before = client.get(paper_url(world))
    client.get(start)
    assert client.get(reverse("portal:body_list")).status_code == 200
    world.public_paper.name = "Neugestaltung des Marktplatzes"
    world.public_paper.save()

    rewarm_pages(world.body.pk)

    # Served without a query: the view did not run for the visitor, the worker computed the page.
    after = stored(client, paper_url(world))
    assert "Neugestaltung des Marktplatzes" in content(after)
    assert after["ETag"] != before["ETag"]
    assert after["Cache-Control"] == "public, max-age=300"
    stored(client, start)
    stored(client, reverse("portal:body_list"))
    # What the worker stored is not remembered again: the record says what visitors asked for.
    assert remembered_pages(world) == [start, paper_url(world)]


def test_a_change_behind_closed_doors_is_stored_as_the_same_public_page(client, world):
    before = client.get(paper_url(world))
    world.secret_item.votes_yes = 4711
    world.secret_item.save()
    world.secret_papers[3].name = f"{SECRET_WORD} nach der Änderung"
    world.secret_papers[3].save()
    rewarm_pages(world.body.pk)

    after = stored(client, paper_url(world))
    assert after.content == before.content
    assert after["ETag"] == before["ETag"] and after["Last-Modified"] == before["Last-Modified"]
    assert SECRET_WORD not in content(after) and "4711" not in content(after)


def test_a_page_that_is_gone_now_is_dropped_from_the_record(client, world):
    papers = reverse("portal:papers", args=[world.body.slug])
    client.get(paper_url(world))
    client.get(papers)
    world.public_paper.public = False
    world.public_paper.save()
    rewarm_pages(world.body.pk)
    assert remembered_pages(world) == [papers]
    assert client.get(paper_url(world)).status_code == 404
    stored(client, papers)


def test_an_error_in_one_page_is_logged_and_the_others_are_stored(client, world, caplog):
    papers = reverse("portal:papers", args=[world.body.slug])
    client.get(paper_url(world))
    client.get(papers)
    world.public_paper.save()
    real_get = tasks._get

    def failing(handler, path):
        if path == papers:
            raise RuntimeError("kaputt")
        return real_get(handler, path)

    with mock.patch.object(tasks, "_get", side_effect=failing):
        rewarm_pages(world.body.pk)
    assert "kaputt" in caplog.text and papers in caplog.text
    stored(client, paper_url(world))
    # Kept: it may pass next time.
    assert remembered_pages(world) == [papers, paper_url(world)]


def test_the_worker_asks_for_the_site_host_and_scheme_so_production_settings_store_the_page(client, world, settings):
    settings.SITE_URL = "https://ratsinfo.example.org"
    settings.ALLOWED_HOSTS = ["ratsinfo.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    secure = {"HTTP_HOST": "ratsinfo.example.org", "HTTP_X_FORWARDED_PROTO": "https"}
    assert client.get(paper_url(world), **secure).status_code == 200
    world.public_paper.name = "Neugestaltung des Marktplatzes"
    world.public_paper.save()
    rewarm_pages(world.body.pk)
    with CaptureQueriesContext(connection) as queries:
        after = client.get(paper_url(world), **secure)
    assert len(queries) == 0 and "Neugestaltung des Marktplatzes" in content(after)


def test_oparl_documents_are_remembered_and_stored_again(client, world):
    def api(path):
        return client.get("/oparl/v1" + path)

    paper = f"/paper/{world.public_paper.pk}"
    papers = f"/body/{world.body.pk}/paper"
    assert api(paper).status_code == 200 and api(papers).status_code == 200
    api("/system")
    record = publication.documents_record(world.body.pk)
    assert publication.remembered(record) == ["/oparl/v1" + papers, "/oparl/v1" + paper]
    assert publication.remembered(publication.documents_record()) == ["/oparl/v1/system"]
    world.public_paper.name = "Neugestaltung des Marktplatzes"
    world.public_paper.save()
    rewarm_pages(world.body.pk)
    with CaptureQueriesContext(connection) as queries:
        assert api(paper).json()["name"] == "Neugestaltung des Marktplatzes"
        assert api(papers).status_code == 200 and api("/system").status_code == 200
    assert len(queries) == 0


def test_the_public_paper_pdf_is_rendered_again_by_the_worker_not_by_its_next_visitor(client, world):
    url = reverse("documents:paper_pdf", args=[world.body.slug, world.public_paper.pk])
    before = client.get(url)
    assert remembered_pages(world) == [url]
    world.public_paper.name = "Neugestaltung des Marktplatzes"
    world.public_paper.save()

    rewarm_pages(world.body.pk)

    after = stored(client, url)
    assert after["ETag"] != before["ETag"] and after["Content-Type"] == "application/pdf"
    assert "Neugestaltung des Marktplatzes" in all_text(after.content)


def test_the_task_costs_the_queries_of_computing_each_page_once(client, world):
    urls = [
        paper_url(world),
        reverse("portal:papers", args=[world.body.slug]),
        reverse("portal:meeting", args=[world.body.slug, world.meeting.pk]),
        reverse("portal:start", args=[world.body.slug]),
    ]
    computed = 0
    for url in urls:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        computed += len(queries)
    cache.clear()
    for url in urls:
        client.get(url)
    world.public_paper.save()
    with CaptureQueriesContext(connection) as queries:
        rewarm_pages(world.body.pk)
    # The Body's slug, then each page as a visitor's request would compute it (or less: what all
    # pages of the Body ask alike is read once, `portal.memo`).
    assert len(queries) <= 1 + computed
    assert len(queries) <= 1 + PAGE_BUDGET * len(urls)
    for url in urls:
        stored(client, url)


def test_without_a_broker_writes_queue_nothing(world, django_capture_on_commit_callbacks):
    with (
        mock.patch.object(rewarm_pages, "apply_async") as rewarm,
        django_capture_on_commit_callbacks(execute=True),
    ):
        world.public_paper.save()
    rewarm.assert_not_called()


def test_with_a_broker_the_writes_of_a_body_queue_one_rewarm_after_the_commit(
    world, with_broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        world.public_paper.save()
    with_broker.rewarm.assert_not_called()  # not before the commit
    for callback in callbacks:
        callback()
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("Eins", "Zwei", "Drei"):
            world.public_paper.name = name
            world.public_paper.save()
        world.public_item.save()
        world.secret_item.save()
    with_broker.rewarm.assert_called_once_with((world.body.pk,), countdown=publication.WARM_DELAY)

    # Another Body's write plans its own round.
    other = f.body()
    with django_capture_on_commit_callbacks(execute=True):
        f.paper(other)
    assert with_broker.rewarm.call_args_list[-1] == mock.call((other.pk,), countdown=publication.WARM_DELAY)
    assert with_broker.rewarm.call_count == 2

    # Once a round has started, the next write plans the next round.
    rewarm_pages(world.body.pk)
    with django_capture_on_commit_callbacks(execute=True):
        world.public_paper.save()
    assert with_broker.rewarm.call_count == 3
