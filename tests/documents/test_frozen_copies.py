"""Frozen copies: the paper's PDF as it was at release and at decision, byte for byte."""

import pytest

from resolutions.files import sha512
from resolutions.models import File, Paper
from resolutions.signals import paper_decided, paper_released
from tests import factories as f
from tests.documents.helpers import all_text

pytestmark = pytest.mark.django_db


def download(client, record):
    response = client.get(f"/{record.body.slug}/dokumente/{record.pk}/{record.file_name}")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def release(paper, by, callbacks):
    with callbacks(execute=True):
        paper_released.send(sender=Paper, paper=paper, by=by)


def test_release_stores_the_paper_pdf_with_checksum_version_and_state(client, django_capture_on_commit_callbacks):
    body = f.body()
    paper = f.paper(body, name="Neubau Feuerwache")
    clerk = f.user(body)
    release(paper, clerk, django_capture_on_commit_callbacks)
    record = File.objects.get(paper=paper, kind=File.Kind.PAPER_PDF)
    assert (record.paper_version, record.frozen_state) == (paper.version, "released")
    assert record.uploaded_by == clerk and record.history.get().history_user == clerk
    data = download(client, record)
    assert data.startswith(b"%PDF-") and record.sha512_checksum == sha512(data)
    assert "Neubau Feuerwache" in all_text(data)


def test_frozen_copy_gives_the_same_bytes_after_the_paper_changed(client, django_capture_on_commit_callbacks):
    body = f.body()
    paper = f.paper(body, name="Neubau Feuerwache")
    release(paper, None, django_capture_on_commit_callbacks)
    released = File.objects.get(paper=paper, kind=File.Kind.PAPER_PDF)
    before = download(client, released)

    paper.name = "Neubau Feuerwache mit Schlauchturm"
    paper.state, paper.result, paper.version = Paper.State.DECIDED, Paper.Result.ADOPTED, paper.version + 1
    paper.save()
    with django_capture_on_commit_callbacks(execute=True):
        paper_decided.send(sender=Paper, paper=paper, by=None)

    assert download(client, released) == before
    assert "Schlauchturm" not in all_text(before)
    decided = File.objects.get(paper=paper, kind=File.Kind.PAPER_PDF, frozen_state="decided")
    assert decided.paper_version == paper.version
    assert "Schlauchturm" in all_text(download(client, decided))


def test_the_same_version_and_state_is_frozen_once(django_capture_on_commit_callbacks):
    paper = f.paper(f.body())
    release(paper, None, django_capture_on_commit_callbacks)
    release(paper, None, django_capture_on_commit_callbacks)
    assert File.objects.filter(paper=paper, kind=File.Kind.PAPER_PDF).count() == 1


def test_nothing_is_frozen_when_the_release_is_rolled_back(django_capture_on_commit_callbacks):
    paper = f.paper(f.body())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        paper_released.send(sender=Paper, paper=paper, by=None)
    assert len(callbacks) == 1  # waits for the commit, which never comes here
    assert not File.objects.filter(paper=paper).exists()


def test_frozen_copies_are_listed_on_the_paper_page_and_hidden_with_the_paper(
    client, django_capture_on_commit_callbacks
):
    body = f.body()
    paper = f.paper(body)
    secret = f.paper(body, public=False)
    release(paper, None, django_capture_on_commit_callbacks)
    release(secret, None, django_capture_on_commit_callbacks)
    record = File.objects.get(paper=paper)
    html = client.get(f"/{body.slug}/vorlagen/{paper.pk}/").content.decode()
    assert f"/{body.slug}/dokumente/{record.pk}/{record.file_name}" in html
    assert record.name in html and "freigegeben" in record.name
    hidden = File.objects.get(paper=secret)
    assert client.get(f"/{body.slug}/dokumente/{hidden.pk}/{hidden.file_name}").status_code == 404
