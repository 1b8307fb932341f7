import re
from urllib.parse import urljoin, urlsplit

import pytest

from tests.portal.world import build_world


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db, django_capture_on_commit_callbacks):
    # The search index follows its sources after commit; a test's transaction never commits.
    with django_capture_on_commit_callbacks(execute=True):
        return build_world()


def content(response):
    """The whole body of a response, streamed or not, as text."""
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


HREF = re.compile(r'href="([^"#]+)')


def crawl(client, body, extra_urls):
    """Every page reachable from the start page within the Body's portal, plus `extra_urls`."""
    prefix = f"/{body.slug}/"
    seen, queue, pages = set(), [prefix, *extra_urls], {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code in (200, 302, 404), (url, response.status_code)
        if response.status_code == 302:
            queue.append(response["Location"])
            continue
        text = content(response)
        pages[url] = text
        if response["Content-Type"].startswith("text/html"):
            for link in HREF.findall(text):
                target = urljoin(url, link.replace("&amp;", "&"))
                if urlsplit(target).netloc or not target.startswith(prefix):
                    continue
                queue.append(target)
    return pages


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): …` runs what waits for the commit (the search index) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
