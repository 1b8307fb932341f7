import pytest


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Stored files (frozen copies, attachments) go to a fresh folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
