"""HTTP behaviour every OParl client relies on: JSON in UTF-8, CORS, HEAD, conditional GET, errors."""

import pytest

from resolutions.models import Paper
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper_url(api):
    paper = f.paper(f.body(), name="Straßenausbaubeiträge für Öffentliche Plätze")
    return f"/paper/{paper.pk}"


def test_json_comes_in_utf8_without_escaping_and_with_cors(api, paper_url):
    response = api(paper_url)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Straßenausbaubeiträge für Öffentliche".encode() in response.content
    assert response.json()["id"].startswith("http://127.0.0.1:8000/oparl/v1/paper/")


def test_head_is_answered_like_get_without_a_body(client, api, paper_url):
    get = api(paper_url)
    head = client.head("/oparl/v1" + paper_url)
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == get["ETag"] and head["Content-Length"] == str(len(get.content))
    assert head["Access-Control-Allow-Origin"] == "*"


def test_etag_and_last_modified_give_304_until_the_object_changes(api, paper_url):
    first = api(paper_url)
    assert first["Last-Modified"]
    assert api(paper_url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert api(paper_url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    paper = Paper.objects.get(pk=paper_url.rsplit("/", 1)[1])
    paper.name = "Neuer Titel"
    paper.save()
    changed = api(paper_url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed.json()["name"] == "Neuer Titel"


def test_lists_carry_an_etag_too(api):
    body = f.body()
    first = api(f"/body/{body.pk}/paper")
    assert api(f"/body/{body.pk}/paper", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    f.paper(body)
    assert api(f"/body/{body.pk}/paper", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_the_api_is_read_only_and_answers_preflights(client, paper_url):
    response = client.post("/oparl/v1" + paper_url, {})
    assert response.status_code == 405 and response.json()["type"].endswith("/Error")
    preflight = client.options("/oparl/v1" + paper_url)
    assert preflight.status_code == 204 and "GET" in preflight["Access-Control-Allow-Methods"]


def test_a_post_without_csrf_token_gets_the_json_405_too(paper_url):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/oparl/v1" + paper_url, {})
    assert response.status_code == 405 and response.json()["type"].endswith("/Error")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_browser_scripts_of_other_sites_may_revalidate_and_read_the_etag(client, api, paper_url):
    preflight = client.options(
        "/oparl/v1" + paper_url,
        HTTP_ORIGIN="https://andere-stadt.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    allowed = [name.strip().lower() for name in preflight["Access-Control-Allow-Headers"].split(",")]
    assert "if-none-match" in allowed and "if-modified-since" in allowed
    assert "etag" in api(paper_url)["Access-Control-Expose-Headers"].lower()


def test_unknown_objects_and_bodies_are_a_json_404(api):
    for url in (
        "/paper/999999",
        "/body/999999",
        "/body/999999/paper",
        "/gibtsnicht",
        "/system/",
        "/paper/99999999999999999999",
        "/body/99999999999999999999/paper",
    ):
        response = api(url)
        assert response.status_code == 404 and response.json()["message"]


def test_ids_do_not_depend_on_the_host_the_request_came_in_on(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "andere.example"]
    body = f.body()
    response = client.get(f"/oparl/v1/body/{body.pk}", HTTP_HOST="andere.example")
    assert response.json()["id"] == f"http://127.0.0.1:8000/oparl/v1/body/{body.pk}"
