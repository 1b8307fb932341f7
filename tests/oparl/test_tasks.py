"""The OParl import as a Celery task: progress for whoever queued it, the report as its result."""

import io

import pytest
from django.core.management import call_command

from oparl.tasks import import_oparl
from resolutions.models import Paper
from tests import factories as f
from tests.oparl.conftest import client_fetch

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


@pytest.fixture
def source(client, monkeypatch):
    """A Body with three papers, served by the test client as an OParl endpoint."""
    body = f.body()
    for _ in range(3):
        f.paper(body)
    monkeypatch.setattr("oparl.importer.urllib_fetch", client_fetch(client))
    return f"{SITE}/oparl/v1/body/{body.pk}"


def test_an_import_task_reports_its_progress_list_by_list_and_returns_the_report(source, monkeypatch):
    states = []
    monkeypatch.setattr(import_oparl, "update_state", lambda **state: states.append(state))
    (summary,) = import_oparl.delay(source, slug="kopie").get()["reports"]
    assert summary["slug"] == "kopie" and summary["finished"] and summary["created"]["paper"] == 3
    assert Paper.objects.filter(body__slug="kopie").count() == 3
    progress = [state["meta"] for state in states if state["state"] == "PROGRESS"]
    assert {"list": "paper", "done": 3, "total": 3} in progress
    assert {"organization", "paper"} <= {meta["list"] for meta in progress}


def test_an_unreachable_endpoint_is_the_tasks_result_not_a_crash():
    summary = import_oparl.delay("http://127.0.0.1:9/oparl/v1/system").get()
    assert "127.0.0.1:9" in summary["error"]


def test_the_command_queues_the_import_and_reports_as_when_run_itself(source):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_oparl", source, "--slug", "kopie", "--queue", stdout=out, stderr=err)
    assert "als Aufgabe" in out.getvalue()
    assert "Körperschaft" in out.getvalue() and "paper: 3" in out.getvalue()
    assert Paper.objects.filter(body__slug="kopie").count() == 3
