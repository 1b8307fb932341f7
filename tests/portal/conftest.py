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


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): …` runs what waits for the commit (the search index) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
