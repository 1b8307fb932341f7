"""Attachments chosen in a paper form that was not saved are kept (staged) until it is, for a day at most."""

import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from office.models import StagedUpload
from resolutions.models import File, Paper

from .conftest import draft, form_data

pytestmark = pytest.mark.django_db

NEW = "/verwaltung/vorlagen/neu/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def token_of(response):
    return re.search(r'name="upload_token" value="([0-9a-f-]{36})"', response.content.decode()).group(1)


def test_attachments_of_a_failed_save_are_kept_and_attached_when_the_form_is_saved(client, town):
    client.force_login(town.clerk)
    token = token_of(client.get(NEW))
    data = form_data(town, name="", upload_token=token)
    data["attachments"] = [SimpleUploadedFile("kostenschaetzung.pdf", PDF), SimpleUploadedFile("plan.png", PNG)]
    response = client.post(NEW, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bereits hochgeladen" in html and "kostenschaetzung.pdf" in html and "plan.png" in html
    assert token_of(response) == token
    assert not File.objects.exists()

    response = client.post(NEW, form_data(town, name="Mit Anlagen", upload_token=token))
    assert response.status_code == 302
    paper = Paper.objects.get(name="Mit Anlagen")
    assert sorted(paper.files.values_list("name", "mime_type")) == [
        ("kostenschaetzung.pdf", "application/pdf"),
        ("plan.png", "image/png"),
    ]
    assert paper.files.get(name="kostenschaetzung.pdf").file.read() == PDF
    assert not StagedUpload.objects.exists()


def test_a_staged_attachment_can_be_removed_before_saving(client, town):
    client.force_login(town.clerk)
    token = token_of(client.get(NEW))
    data = form_data(town, name="", upload_token=token)
    data["attachments"] = [SimpleUploadedFile("falsch.pdf", PDF)]
    client.post(NEW, data)
    staged = StagedUpload.objects.get()
    response = client.post(NEW, form_data(town, name="", upload_token=token, vorgemerkt_entfernen=staged.pk))
    assert response.status_code == 200
    assert "falsch.pdf" not in response.content.decode()
    # Removing an attachment is no attempt to save: no error summary for the missing title.
    assert "Fehler:" not in response.content.decode()
    assert not StagedUpload.objects.exists()
    client.post(NEW, form_data(town, name="Ohne Anlage", upload_token=token))
    assert not Paper.objects.get(name="Ohne Anlage").files.exists()


def test_staged_attachments_belong_to_their_user_and_forged_tokens_are_replaced(client, town):
    client.force_login(town.clerk)
    token = token_of(client.get(NEW))
    data = form_data(town, name="", upload_token=token)
    data["attachments"] = [SimpleUploadedFile("vertraulich.pdf", PDF)]
    client.post(NEW, data)

    client.force_login(town.head)
    response = client.post(NEW, form_data(town, name="", upload_token=token))
    assert "vertraulich.pdf" not in response.content.decode()
    client.post(NEW, form_data(town, name="Fremde Vorlage", upload_token=token))
    assert not Paper.objects.get(name="Fremde Vorlage").files.exists()
    assert StagedUpload.objects.filter(owner=town.clerk).count() == 1

    response = client.post(NEW, form_data(town, name="", upload_token="'><script>"))
    assert response.status_code == 200
    assert token_of(response) != "'><script>"


def test_an_edit_refused_as_stale_keeps_the_new_attachments(client, town):
    paper = draft(town)
    client.force_login(town.clerk)
    edit = f"/verwaltung/vorlagen/{paper.pk}/bearbeiten/"
    token = token_of(client.get(edit))
    stale = form_data(town, paper, name="Meine Fassung", upload_token=token)
    assert client.post(edit, form_data(town, paper, name="Andere Fassung")).status_code == 302
    stale["attachments"] = [SimpleUploadedFile("anlage.pdf", PDF)]
    response = client.post(edit, stale)
    assert response.status_code == 409
    assert "anlage.pdf" in response.content.decode()
    assert (
        client.post(edit, form_data(town, paper, name="Meine Fassung", version=2, upload_token=token)).status_code
        == 302
    )
    assert list(paper.files.values_list("name", flat=True)) == ["anlage.pdf"]


def test_staged_attachments_older_than_a_day_are_deleted_with_their_files(client, town):
    client.force_login(town.clerk)
    token = token_of(client.get(NEW))
    data = form_data(town, name="", upload_token=token)
    data["attachments"] = [SimpleUploadedFile("alt.pdf", PDF), SimpleUploadedFile("neu.pdf", PDF)]
    client.post(NEW, data)
    old = StagedUpload.objects.get(name="alt.pdf")
    StagedUpload.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=1, minutes=1))
    storage, path = old.file.storage, old.file.name
    assert storage.exists(path)

    output = io.StringIO()
    call_command("clear_staged_uploads", stdout=output)

    assert output.getvalue().startswith("1 vorgemerkte Anlage(n) gelöscht.")
    assert list(StagedUpload.objects.values_list("name", flat=True)) == ["neu.pdf"]
    assert not storage.exists(path)


def test_the_beat_schedule_clears_staged_attachments(settings):
    tasks = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "office.tasks.clear_staged_uploads" in tasks
