import pytest

from resolutions.models import Paper
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_history_records_who_changed_what_through_a_request(client):
    body = f.body()
    paper = f.paper(body, name="Alter Titel")
    admin = f.user(body, is_superuser=True, is_staff=True)
    client.force_login(admin)

    response = client.post(
        f"/admin/resolutions/paper/{paper.pk}/change/",
        {
            "body": body.pk,
            "paper_type": paper.paper_type_id,
            "reference": paper.reference,
            "name": "Neuer Titel",
            "date": "2026-01-01",
            "under_direction_of": paper.under_direction_of_id,
            "state": paper.state,
            "resolution_text": paper.resolution_text,
            "public": "on",
            "version": paper.version,
            "consultations-TOTAL_FORMS": 0,
            "consultations-INITIAL_FORMS": 0,
            "signoffs-TOTAL_FORMS": 0,
            "signoffs-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    latest = paper.history.first()
    assert latest.name == "Neuer Titel"
    assert latest.history_user == admin
    assert latest.history_type == "~"
    delta = latest.diff_against(latest.prev_record)
    assert "name" in [change.field for change in delta.changes]


def test_every_domain_model_keeps_history():
    from django.apps import apps

    for app in ("council", "resolutions"):
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                continue
            assert hasattr(model, "history"), f"{model.__name__} keeps no history"


def test_deleting_keeps_a_history_record():
    paper = f.paper(f.body())
    pk = paper.pk
    paper.delete()
    assert Paper.history.filter(id=pk, history_type="-").exists()
