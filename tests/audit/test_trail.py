"""The audit trail (app `audit`): reads of non-public records are written down, shown to the
council office of the Body and, read-only, to the administrator, and forgotten after the
retention period."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from audit.models import AccessRecord
from audit.purge import purge
from resolutions.files import store_file
from resolutions.models import Paper
from tests import factories as f

pytestmark = pytest.mark.django_db

Kind = AccessRecord.Kind


@pytest.fixture
def town(db):
    body = f.body()
    department = f.department(body)
    committee = f.organization(body)
    secret = f.paper(body, public=False, under_direction_of=department, name="Grundstücksverkauf Ost")
    draft = f.paper(body, state=Paper.State.DRAFT, under_direction_of=department, name="Entwurf Kita")
    public = f.paper(body, under_direction_of=department, name="Radweg")
    meeting = f.meeting(committee, state="invited")
    item = f.agenda_item(meeting, public=False, consultation=f.consultation(secret, committee, meeting=meeting))
    person = f.person(body)
    f.membership(person, committee)
    return {
        "body": body,
        "secret": secret,
        "draft": draft,
        "public": public,
        "meeting": meeting,
        "item": item,
        "clerk": f.user(body, roles.CLERK, department=department, username="clerk"),
        "office": f.user(body, roles.COUNCIL_OFFICE, username="office"),
        "councillor": f.user(body, roles.COUNCILLOR, person=person, username="rat"),
        "secret_file": store_file(b"%PDF-1.4\n%%EOF", file_name="kaufvertrag.pdf", paper=secret),
        "public_file": store_file(b"%PDF-1.4\n%%EOF", file_name="plan.pdf", paper=public),
    }


def only_record():
    assert AccessRecord.objects.count() == 1
    return AccessRecord.objects.get()


def test_a_staff_view_of_a_non_public_paper_is_recorded_with_who_what_and_where_from(client, town, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    client.force_login(town["clerk"])
    response = client.get(
        f"/verwaltung/vorlagen/{town['draft'].pk}/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7"
    )
    assert response.status_code == 200
    record = only_record()
    assert (record.user, record.username, record.body) == (town["clerk"], "clerk", town["body"])
    assert (record.kind, record.object_type, record.object_id) == (Kind.PAPER_VIEW, "Vorlage", town["draft"].pk)
    assert record.label == "Entwurf: Entwurf Kita"
    assert record.ip_address == "203.0.113.7"  # the client behind the trusted proxy, as the lock-out sees it
    assert record.path == f"/verwaltung/vorlagen/{town['draft'].pk}/"
    assert timezone.now() - record.at < dt.timedelta(minutes=1)


def test_every_staff_surface_records_non_public_papers_and_never_public_ones(client, town):
    secret, public = town["secret"].pk, town["public"].pk
    slug = town["body"].slug
    seen = {
        "office": [f"/verwaltung/vorlagen/{secret}/", f"/verwaltung/vorlagen/{secret}/verlauf/"],
        "councillor": [f"/mein/vorlagen/{secret}/", f"/{slug}/vorlagen/{secret}/"],
    }
    for who, urls in seen.items():
        client.force_login(town[who])
        for url in urls:
            before = AccessRecord.objects.count()
            assert client.get(url).status_code == 200, url
            assert AccessRecord.objects.count() == before + 1, url
            assert AccessRecord.objects.latest("id").path == url
    client.force_login(town["office"])
    before = AccessRecord.objects.count()
    for url in [f"/verwaltung/vorlagen/{public}/", f"/{slug}/vorlagen/{public}/", f"/mein/vorlagen/{public}/"]:
        client.get(url)
    client.logout()
    client.get(f"/{slug}/vorlagen/{public}/")
    assert AccessRecord.objects.count() == before


def test_downloads_of_non_public_files_and_the_members_bundle_are_recorded(client, town):
    slug, meeting = town["body"].slug, town["meeting"]
    secret_file, public_file = town["secret_file"], town["public_file"]
    client.force_login(town["councillor"])
    assert client.get(reverse("portal:file", args=[slug, public_file.pk, public_file.file_name])).status_code == 200
    assert not AccessRecord.objects.exists()
    assert client.get(reverse("portal:file", args=[slug, secret_file.pk, secret_file.file_name])).status_code == 200
    assert client.get(reverse("oparl:file_download", args=[secret_file.pk])).status_code == 200
    assert client.get(reverse("documents:bundle_pdf", args=[slug, meeting.pk])).status_code == 200
    assert client.get(reverse("documents:invitation_pdf", args=[slug, meeting.pk])).status_code == 200
    assert client.get(reverse("documents:paper_pdf", args=[slug, town["secret"].pk])).status_code == 200
    kinds = list(AccessRecord.objects.order_by("id").values_list("kind", "object_type", "object_id"))
    assert kinds == [
        (Kind.FILE_DOWNLOAD, "Datei", secret_file.pk),
        (Kind.FILE_DOWNLOAD, "Datei", secret_file.pk),
        (Kind.BUNDLE_DOWNLOAD, "Sitzung", meeting.pk),
        (Kind.INVITATION_DOWNLOAD, "Sitzung", meeting.pk),
        (Kind.PAPER_PDF, "Vorlage", town["secret"].pk),
    ]
    # The public version of the bundle, fetched anonymously, is nobody's business.
    client.logout()
    assert client.get(reverse("documents:bundle_pdf", args=[slug, meeting.pk])).status_code == 200
    assert AccessRecord.objects.count() == len(kinds)


def make_records(town, count, **fields):
    fields.setdefault("user", town["councillor"])
    fields.setdefault("username", fields["user"].username)
    fields.setdefault("body", town["body"])
    fields.setdefault("kind", Kind.PAPER_VIEW)
    label = fields.pop("label", None)
    return AccessRecord.objects.bulk_create(
        AccessRecord(object_type="Vorlage", object_id=town["secret"].pk, label=label or f"Vorlage Nummer {n}", **fields)
        for n in range(count)
    )


def test_the_council_office_sees_the_trail_of_its_body_paginated(client, town, django_assert_max_num_queries):
    make_records(town, 60)
    other = f.body()
    make_records(town, 3, body=other, user=f.user(other, roles.COUNCILLOR), label="Fremd")
    client.force_login(town["office"])
    with django_assert_max_num_queries(8):
        response = client.get("/sitzungsdienst/zugriffe/")
    page = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert "Zugriffe (60)" in page and "Seite 1 von 2" in page and "Fremd" not in page
    assert '<label for="id_person">Benutzername</label>' in page
    assert 'data-label="Benutzer">rat</td>' in page
    second = client.get("/sitzungsdienst/zugriffe/?seite=2").content.decode()
    assert second.count('data-label="Zeitpunkt"') == 10
    assert "Zugriffsprotokoll" in client.get("/sitzungsdienst/").content.decode()


def test_the_trail_filters_by_kind_person_object_and_date(client, town):
    make_records(town, 2)
    make_records(town, 1, user=town["clerk"], kind=Kind.FILE_DOWNLOAD, label="kaufvertrag.pdf")
    AccessRecord.objects.filter(label="Vorlage Nummer 0").update(at=timezone.now() - dt.timedelta(days=40))
    client.force_login(town["office"])

    def count(query):
        return client.get(f"/sitzungsdienst/zugriffe/?{query}").context["page"].paginator.count

    assert count("art=file_download") == 1
    assert count("person=RAT") == 2
    assert count("objekt=kaufvertrag") == 1
    since = (timezone.localdate() - dt.timedelta(days=10)).isoformat()
    assert count(f"von={since}") == 2
    assert count(f"bis={since}") == 1
    # What does not parse is an error next to the field and no filter, never a 500.
    response = client.get("/sitzungsdienst/zugriffe/?von=99999-99-99&art=unsinn&seite=x")
    assert response.status_code == 200 and response.context["page"].paginator.count == 3
    assert response.context["form"].errors.keys() == {"von", "art"}
    # A day outside the range of the system's dates is an error too (12.7), the other filters still apply.
    response = client.get("/sitzungsdienst/zugriffe/?von=0001-01-01&person=RAT")
    assert response.context["page"].paginator.count == 2
    assert "zwischen 01.01.1990 und 31.12.2100" in str(response.context["form"].errors["von"])


def test_only_the_council_office_reads_the_trail(client, town):
    assert client.get("/sitzungsdienst/zugriffe/").status_code == 302
    for who in ["clerk", "councillor"]:
        client.force_login(town[who])
        assert client.get("/sitzungsdienst/zugriffe/").status_code == 403, who


def test_the_administrator_reads_the_trail_in_the_admin_and_cannot_change_it(client, town):
    (record,) = make_records(town, 1)
    admin = f.user(town["body"], username="chef", is_staff=True, is_superuser=True)
    client.force_login(admin)
    changelist = client.get(reverse("admin:audit_accessrecord_changelist"))
    assert changelist.status_code == 200 and "Vorlage Nummer 0" in changelist.content.decode()
    detail = client.get(reverse("admin:audit_accessrecord_change", args=[record.pk]))
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    assert client.get(reverse("admin:audit_accessrecord_add")).status_code == 403
    assert client.post(reverse("admin:audit_accessrecord_delete", args=[record.pk]), {"post": "yes"}).status_code == 403
    assert AccessRecord.objects.filter(pk=record.pk).exists()


def test_rows_older_than_the_retention_period_are_purged(town, settings, capsys):
    settings.AUDIT_RETENTION_DAYS = 30
    old, recent = make_records(town, 2)
    AccessRecord.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=31))
    AccessRecord.objects.filter(pk=recent.pk).update(at=timezone.now() - dt.timedelta(days=29))
    call_command("purge_audit")
    assert "1 Einträge" in capsys.readouterr().out
    assert list(AccessRecord.objects.values_list("pk", flat=True)) == [recent.pk]
    assert purge(now=timezone.now() + dt.timedelta(days=2)) == 1
    assert not AccessRecord.objects.exists()


def test_the_purge_runs_daily_on_celery_beat(settings):
    from ratsinfo.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["audit-purge"]
    assert entry["schedule"] == 24 * 60 * 60
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks


def test_the_audit_app_imports_no_surface_app():
    """Surfaces call `audit.records`; the audit app itself only builds on the domain apps."""
    import ast
    from pathlib import Path

    surfaces = {"office", "meetings", "portal", "councillors", "documents", "oparl", "subscriptions", "operations"}
    imported = set()
    for source in Path(__file__).resolve().parents[2].joinpath("audit").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
    assert "resolutions" in imported and not imported & surfaces
