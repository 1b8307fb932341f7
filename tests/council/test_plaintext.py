"""Text-direction controls never reach a single-line text, whichever way it is entered."""

import pytest
from django.contrib.auth import get_user_model

from council.models import Organization
from council.plaintext import BIDI_CONTROLS
from oparl.importer import import_body
from resolutions.files import store_file
from resolutions.models import File, Paper
from tests import factories as f
from tests.oparl.conftest import client_fetch

pytestmark = pytest.mark.django_db

REVERSED = "Anlage \u202egpj.exe"
PDF = b"%PDF-1.4\n%%EOF"


def test_every_bidi_control_is_stripped_from_titles_and_names_on_save():
    body = f.body()
    paper = f.paper(body, name="Haushalt" + BIDI_CONTROLS + "2026")
    assert paper.name == "Haushalt2026"
    paper.refresh_from_db()
    assert paper.name == "Haushalt2026"
    organization = f.organization(body, name="Bau\u2066ausschuss", short_name="\u202dBauA")
    organization.refresh_from_db()
    assert (organization.name, organization.short_name) == ("Bauausschuss", "BauA")
    record = store_file(PDF, file_name="plan\u202e.pdf", name=REVERSED, paper=paper)
    record.refresh_from_db()
    assert (record.name, record.file_name) == ("Anlage gpj.exe", "plan.pdf")
    assert "\u202e" not in record.file.name


def test_multi_line_text_keeps_what_was_written():
    paper = f.paper(f.body(), reasoning="<p>\u200fنص</p>")
    paper.refresh_from_db()
    assert paper.reasoning == "<p>\u200fنص</p>"


def test_a_reversed_title_typed_in_the_admin_is_shown_the_right_way_round_on_the_portal(client):
    body = f.body()
    paper = f.paper(body, name="Vorlage")
    root = get_user_model().objects.create_superuser("root", password="pw-test-123")
    client.force_login(root)
    page = client.get(f"/admin/resolutions/paper/{paper.pk}/change/")
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and not isinstance(value, list)}
    for name, field in form.fields.items():
        if name not in data and hasattr(field, "initial") and field.initial is not None:
            data[name] = field.initial
    data.update(_admin_formsets(page))
    data["name"] = REVERSED
    response = client.post(f"/admin/resolutions/paper/{paper.pk}/change/", _flatten(data))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    client.logout()
    html = client.get(f"/{body.slug}/vorlagen/{paper.pk}/").content.decode()
    assert "Anlage gpj.exe" in html and "\u202e" not in html


def _admin_formsets(page):
    data = {}
    for formset in page.context.get("inline_admin_formsets", []):
        management = formset.formset.management_form
        for name, field in management.fields.items():
            data[f"{management.prefix}-{name}"] = management.initial.get(name, field.initial)
        for index, form in enumerate(formset.formset.initial_forms):
            for name in form.fields:
                value = form.initial.get(name)
                if value is not None:
                    data[f"{formset.formset.prefix}-{index}-{name}"] = value
    return data


def _flatten(data):
    flat = {}
    for name, value in data.items():
        if hasattr(value, "pk"):
            value = value.pk
        if isinstance(value, bool):
            if value:
                flat[name] = "on"
            continue
        flat[name] = value
    return flat


def test_an_oparl_import_brings_no_bidi_control_in(client):
    body = f.body()
    paper = f.paper(body, name="Vorlage")
    Paper.objects.filter(pk=paper.pk).update(name=REVERSED)  # the source has it (written around pre_save)
    Organization.objects.filter(body=body).update(name="Haupt\u202eausschuss")
    copy = import_body(f"http://127.0.0.1:8000/oparl/v1/body/{body.pk}", fetch=client_fetch(client), slug="kopie").body
    assert Paper.objects.get(body=copy).name == "Anlage gpj.exe"
    assert not any("\u202e" in name for name in Organization.objects.filter(body=copy).values_list("name", flat=True))
    assert not File.objects.filter(body=copy).exists()
