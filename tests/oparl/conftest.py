import pytest
from django.conf import settings

from oparl.fetching import FetchError

API = "/oparl/v1"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def path_of(url):
    assert url.startswith(settings.SITE_URL), url
    return url[len(settings.SITE_URL) :]


def client_fetch(client, requested=None):
    """The importer's fetch function, answered by Django's test client instead of the network."""

    def fetch(url):
        if requested is not None:
            requested.append(url)
        if not url.startswith(settings.SITE_URL):
            raise FetchError(f"{url}: fremder Host")
        response = client.get(path_of(url))
        if response.status_code != 200:
            raise FetchError(f"{url}: HTTP {response.status_code}")
        content = b"".join(response.streaming_content) if response.streaming else response.content
        return content, response.get("Content-Type", "")

    return fetch


@pytest.fixture
def api(client):
    """GET an OParl URL (absolute or a path below /oparl/v1) and return the response."""

    def get(url, **headers):
        path = path_of(url) if url.startswith("http") else API + url
        return client.get(path, **headers)

    return get
