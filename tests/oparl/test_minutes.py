"""OParl `Meeting.resultsProtocol`: the stored public PDF of approved minutes (issue 12.1)."""

import json
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.documents.worlds import SECRET
from tests.minutes_world import approve, minutes_town

pytestmark = pytest.mark.django_db


def meeting_object(client, town):
    return json.loads(client.get(reverse("oparl:object", args=["meeting", town.meeting.pk])).content)


def test_results_protocol_is_the_public_minutes_file_once_approved(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    town = minutes_town()
    assert "resultsProtocol" not in meeting_object(client, town)

    with django_capture_on_commit_callbacks(execute=True):
        approve(town)

    data = meeting_object(client, town)
    protocol = data["resultsProtocol"]
    assert protocol["mimeType"] == "application/pdf" and "Niederschrift" in protocol["name"]
    assert SECRET not in json.dumps(data)
    download = client.get(urlsplit(protocol["accessUrl"]).path)
    assert download.status_code == 200
