"""import_oparl: the demo goes out through the API and comes back in; reruns, resumes and messy endpoints."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from council.models import AgendaItem, Body, Meeting, Membership, Organization, Person
from oparl.fetching import FetchError
from oparl.importer import ImportRefused, import_bodies, import_body
from oparl.models import ExternalId, ImportProgress
from resolutions.amendments import amended_text
from resolutions.files import store_file
from resolutions.models import Consultation, File, Paper
from tests import factories as f
from tests.oparl.conftest import client_fetch

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF"
SITE = "http://127.0.0.1:8000"


def papers(body, public_only=False):
    queryset = Paper.objects.visible_to(None) if public_only else Paper.objects.all()
    return {
        (p.reference, p.name, p.date, p.paper_type.name, p.under_direction_of.name)
        for p in queryset.filter(body=body).select_related("paper_type", "under_direction_of")
    }


def meetings(body):
    return {
        (m.start, m.end, m.organization.name, m.state, m.title)
        for m in Meeting.objects.filter(body=body).select_related("organization")
    }


def agenda_items(body):
    result = set()
    listed = set(AgendaItem.objects.listed_to(None).values_list("pk", flat=True))  # a draft agenda is not exported
    for meeting in Meeting.objects.filter(body=body).prefetch_related("agenda_items__consultation__paper"):
        items = [item for item in meeting.agenda_items.all() if item.pk in listed]
        for rank, item in enumerate(sorted(items, key=lambda item: item.order)):
            paper = item.consultation.paper if item.consultation_id else None
            shown = item.public and (paper is None or Paper.objects.visible_to(None).filter(pk=paper.pk).exists())
            details = (item.name, item.result, paper.reference if paper else None) if shown else None
            result.add((meeting.start, rank, item.number, item.public, details))
    return result


def consultations(body):
    """With the meeting OParl names: the consultation's own, else that of its latest public agenda item."""
    result = set()
    for c in (
        Consultation.objects.filter(body=body, paper__in=Paper.objects.visible_to(None))
        .select_related("paper", "organization", "meeting")
        .prefetch_related("agenda_items__meeting")
    ):
        items = sorted((item for item in c.agenda_items.all() if item.public), key=lambda item: item.meeting.start)
        meeting = c.meeting or (items[-1].meeting if items else None)
        result.add((c.paper.reference, c.position, c.organization.name, c.role, meeting.start if meeting else None))
    return result


def test_the_demo_exported_through_the_api_and_imported_again_gives_the_same_records(client, demo):
    source = demo.luckenwalde
    store_file(PDF, file_name="anlage.pdf", name="Anlage", paper=demo.seed_paper, text="Anlage")
    report = import_body(f"{SITE}/oparl/v1/system", fetch=client_fetch(client), slug="kopie", body="luckenwalde")
    copy = report.body
    assert report.finished and copy.slug == "kopie" and copy.name == "Stadt Luckenwalde (2)"
    assert copy.ags == source.ags and copy.legislativeterm_set.count() == 2

    assert papers(copy) == papers(source, public_only=True)
    assert meetings(copy) == meetings(source)
    assert agenda_items(copy) == agenda_items(source)
    assert consultations(copy) == consultations(source)
    assert Person.objects.filter(body=copy).count() == Person.objects.filter(body=source).count()
    assert Membership.objects.filter(body=copy).count() == Membership.objects.filter(body=source).count()
    public_files = File.objects.visible_to(None).filter(body=source)
    assert sorted(File.objects.filter(body=copy).values_list("sha512_checksum", "paper__reference")) == sorted(
        public_files.values_list("sha512_checksum", "paper__reference")
    )
    assert File.objects.filter(body=copy, paper__reference=demo.seed_paper.reference).exists()
    seed = Paper.objects.get(body=copy, reference="B-7311/2021")
    assert seed.state == Paper.State.DECIDED and seed.result == Paper.Result.ADOPTED_WITH_CHANGES
    decided = amended_text(seed).decided  # what the copy's paper page shows under "Beschluss"
    assert "Brandenburg zum nächstmöglichen Zeitpunkt.</p>" in decided and "<p>Die Bürgermeisterin" in decided
    supplement = Paper.objects.get(body=copy, reference="EV-1/2026")  # superordinatedPaper read back
    assert (
        supplement.superordinate.name
        == "Satzung über die Erhebung von Gebühren für die Benutzung der Kindertagesstätten"
    )
    assert supplement.subordination == ""  # OParl does not say whether it supplements or amends
    assert not any("übersprungen" in warning for warning in report.warnings), report.warnings


def test_a_second_run_changes_nothing_and_creates_no_duplicates(client):
    body = f.body()
    committee = f.organization(body, name="Hauptausschuss")
    meeting = f.meeting(committee, state=Meeting.State.HELD)
    paper = f.paper(body, state=Paper.State.DECIDED)
    consultation = f.consultation(paper, committee, meeting=meeting)
    f.agenda_item(meeting, consultation=consultation, result="adopted")
    f.membership(f.person(body), committee)
    fetch = client_fetch(client)
    first = import_body(f"{SITE}/oparl/v1/body/{body.pk}", fetch=fetch, slug="kopie")
    counts = {model: model.objects.count() for model in (Body, Organization, Person, Meeting, AgendaItem, Paper)}
    history = Paper.history.count() + AgendaItem.history.count() + Consultation.history.count()
    second = import_body(f"{SITE}/oparl/v1/body/{body.pk}", fetch=fetch, slug="kopie")
    assert first.created["paper"] == 1 and second.body == first.body
    assert not second.created and not second.updated and not second.deleted
    assert counts == {model: model.objects.count() for model in counts}
    assert history == Paper.history.count() + AgendaItem.history.count() + Consultation.history.count()


def test_changes_and_deletions_at_the_source_reach_the_copy(client):
    body = f.body()
    committee = f.organization(body)
    meeting = f.meeting(committee, state="held")
    first_item = f.agenda_item(meeting, order=1, name="Eröffnung")
    f.agenda_item(meeting, order=2, name="Bericht")
    fetch = client_fetch(client)
    copy = import_body(f"{SITE}/oparl/v1/body/{body.pk}", fetch=fetch, slug="kopie").body
    first_item.delete()
    AgendaItem.objects.filter(meeting=meeting).update(order=1, number="Ö 1", name="Bericht der Bürgermeisterin")
    report = import_body(f"{SITE}/oparl/v1/body/{body.pk}", fetch=fetch, slug="kopie")
    assert report.deleted["agendaitem"] == 1
    assert list(AgendaItem.objects.filter(body=copy).values_list("number", "name")) == [
        ("Ö 1", "Bericht der Bürgermeisterin")
    ]


def test_an_interrupted_import_resumes_at_the_page_it_stopped(client):
    body = f.body()
    for _ in range(7):
        f.paper(body)
    requested = []
    plain = client_fetch(client, requested)

    def small_pages(url):
        if url.endswith("/paper"):
            url += "?limit=3"
        return plain(url)

    def failing(url):
        if "after=" in url and "/paper" in url and len([u for u in requested if "/paper" in u]) >= 2:
            raise FetchError(f"{url}: Zeitüberschreitung")
        return small_pages(url)

    first = import_body(f"{SITE}/oparl/v1/body/{body.pk}", fetch=failing, slug="kopie")
    assert not first.finished and "Zeitüberschreitung" in " ".join(first.warnings)
    assert Paper.objects.filter(body=first.body).count() == 6  # two pages of three
    progress = ImportProgress.objects.get(list_name="paper")
    assert "after=" in progress.next_url and not progress.finished

    requested.clear()
    second = import_body(f"{SITE}/oparl/v1/body/{body.pk}", fetch=small_pages, slug="kopie")
    assert second.finished and Paper.objects.filter(body=second.body).count() == 7
    assert not any(url.endswith("/paper?limit=3") for url in requested)  # page 1 was not read again
    assert not ImportProgress.objects.exists()


def messy_endpoint():
    """An OParl 1.0 endpoint with the faults real ones have."""
    base = "https://ris.example.org/oparl/v1.0"
    t = "https://schema.oparl.org/1.0/"
    body = {
        "id": f"{base}/body/1",
        "type": t + "Body",
        "name": "Gemeinde Musterhausen",
        "ags": "1234567",
        "organization": f"{base}/body/1/organization",
        "person": f"{base}/body/1/person",
        "meeting": f"{base}/body/1/meeting",
        "paper": f"{base}/body/1/paper",
        "legislativeTerm": [{"id": f"{base}/term/1", "type": t + "LegislativeTerm", "name": "WP ohne Beginn"}],
        "vendorExtension": {"whatever": True},
    }

    def page(*items):
        return {"data": list(items), "pagination": {"totalElements": len(items)}, "links": {}}

    pages = {
        f"{base}/system": {"id": f"{base}/system", "type": t + "System", "body": f"{base}/bodies"},
        f"{base}/bodies": page(body),
        f"{base}/body/1/organization": page(
            {"id": f"{base}/org/1", "type": t + "Organization", "name": "Gemeinderat", "classification": "Parlament"},
            {"id": f"{base}/org/2", "type": t + "Organization", "shortName": "BauA", "organizationType": "Gremium"},
        ),
        f"{base}/body/1/person": page(
            {
                "id": f"{base}/person/1",
                "type": t + "Person",
                "name": "Dr. Erika Mustermann",
                "membership": [
                    {"id": f"{base}/membership/1", "organization": f"{base}/org/1", "role": "Vorsitzende"},
                    {"id": f"{base}/membership/2", "organization": f"{base}/org/404"},
                ],
            }
        ),
        f"{base}/body/1/meeting": page(
            {
                "id": f"{base}/meeting/1",
                "type": t + "Meeting",
                "start": "2024-03-01T18:00:00+01:00",
                "organization": [f"{base}/org/1"],
                "meetingState": "durchgeführt",
                "location": {"id": f"{base}/location/1", "streetAddress": "Hauptstraße 1", "locality": "Musterhausen"},
                "agendaItem": [
                    {"id": f"{base}/item/1", "number": "1", "name": "Eröffnung", "public": True},
                    {"id": f"{base}/item/2", "number": "2", "public": False},
                    {"name": "ohne id"},
                ],
            },
            {"id": f"{base}/meeting/2", "type": t + "Meeting", "organization": [f"{base}/org/1"]},
            {
                "id": f"{base}/meeting/3",
                "type": t + "Meeting",
                "start": "2024-04-01T18:00:00",
                "organization": [f"{base}/org/404"],
            },
        ),
        f"{base}/body/1/paper": page(
            {
                "id": f"{base}/paper/1",
                "type": t + "Paper",
                "name": "Bebauungsplan Nr. 1",
                "paperType": "Beschlussvorlage",
                "consultation": [
                    {
                        "id": f"{base}/consultation/1",
                        "meeting": f"{base}/meeting/1",
                        "agendaItem": f"{base}/item/1",
                        "role": "Beschlussfassung",
                        "authoritative": True,
                    }
                ],
                "auxiliaryFile": [
                    {
                        "id": f"{base}/file/1",
                        "name": "Plan",
                        "accessUrl": f"{base}/files/plan.pdf",
                        "fileName": "plan.pdf",
                    },
                    {"id": f"{base}/file/2", "name": "Fehlt", "accessUrl": f"{base}/files/fehlt.pdf"},
                ],
            },
            {"id": f"{base}/paper/2", "type": t + "Paper", "deleted": True},
        ),
    }

    def fetch(url):
        if url == f"{base}/files/plan.pdf":
            return PDF, "application/pdf"
        if url not in pages:
            raise FetchError(f"{url}: HTTP 404")
        return json.dumps(pages[url]).encode(), "application/json"

    return base, fetch


def test_a_messy_oparl_10_endpoint_is_imported_with_warnings_instead_of_failing():
    base, fetch = messy_endpoint()
    report = import_body(f"{base}/system", fetch=fetch)
    body = report.body
    assert report.finished and body.name == "Gemeinde Musterhausen" and body.ags == "01234567"
    warnings = "\n".join(report.warnings)
    assert "org/404" in warnings and "fehlt.pdf" in warnings and "meeting/2" in warnings and "term/1" in warnings
    assert Organization.objects.get(body=body, short_name="BauA").name == "BauA"
    assert Organization.objects.get(body=body, name="Gemeinderat").kind == Organization.Kind.COUNCIL
    person = Person.objects.get(body=body)
    assert (person.given_name, person.family_name) == ("Dr. Erika", "Mustermann")
    assert list(Membership.objects.filter(person=person).values_list("role", flat=True)) == ["Vorsitzende"]
    meeting = Meeting.objects.get(body=body)
    assert meeting.state == Meeting.State.HELD and meeting.location.street_address == "Hauptstraße 1"
    assert list(meeting.agenda_items.order_by("order").values_list("number", "name", "public")) == [
        ("1", "Eröffnung", True),
        ("2", "nichtöffentlich", False),
    ]
    paper = Paper.objects.get(body=body)
    assert paper.reference.startswith("o. Nr.") and paper.state == Paper.State.IN_CONSULTATION
    consultation = paper.consultations.get()
    assert consultation.role == Consultation.Role.DECISION and consultation.organization.name == "Gemeinderat"
    assert consultation.agenda_items.get().name == "Eröffnung"
    assert list(paper.files.values_list("file_name", flat=True)) == ["plan.pdf"]
    assert ExternalId.objects.filter(body=body, oparl_id=f"{base}/paper/1").exists()


def test_the_command_reports_and_draws_a_progress_bar_on_stderr(client, monkeypatch):
    body = f.body()
    f.paper(body)
    monkeypatch.setattr("oparl.importer.urllib_fetch", client_fetch(client))
    out, err = io.StringIO(), io.StringIO()
    call_command("import_oparl", f"{SITE}/oparl/v1/body/{body.pk}", "--slug", "kopie", stdout=out, stderr=err)
    assert "Neu:" in out.getvalue() and "paper: 1" in out.getvalue()
    assert "\rpaper" in err.getvalue() and "[" + "#" * 30 + "] 1/1" in err.getvalue()


def test_the_command_fails_clearly_for_an_unreachable_endpoint():
    with pytest.raises(CommandError, match="Import nicht möglich"):
        call_command("import_oparl", "http://127.0.0.1:9/oparl/v1/system", stdout=io.StringIO(), stderr=io.StringIO())


def two_bodies():
    first, second = f.body(name="Stadt Erste", short_name="Erste"), f.body(name="Gemeinde Zweite")
    f.paper(first, name="Vorlage der Ersten")
    f.paper(second, name="Vorlage der Zweiten")
    return first, second


def test_a_system_with_several_bodies_is_imported_body_by_body(client):
    first, second = two_bodies()
    reports = import_bodies(f"{SITE}/oparl/v1/system", fetch=client_fetch(client))
    assert [report.body.name for report in reports] == ["Stadt Erste (2)", "Gemeinde Zweite (2)"]
    assert all(report.finished and not report.warnings for report in reports)
    assert [list(Paper.objects.filter(body=report.body).values_list("name", flat=True)) for report in reports] == [
        ["Vorlage der Ersten"],
        ["Vorlage der Zweiten"],
    ]


def test_the_command_imports_every_body_of_a_system(client, monkeypatch):
    two_bodies()
    monkeypatch.setattr("oparl.importer.urllib_fetch", client_fetch(client))
    out = io.StringIO()
    call_command("import_oparl", f"{SITE}/oparl/v1/system", "--no-progress", stdout=out)
    assert "„Stadt Erste (2)“" in out.getvalue() and "„Gemeinde Zweite (2)“" in out.getvalue()


def test_the_command_imports_the_body_named_by_slug_or_oparl_id(client, monkeypatch):
    first, second = two_bodies()
    monkeypatch.setattr("oparl.importer.urllib_fetch", client_fetch(client))
    system, out = f"{SITE}/oparl/v1/system", io.StringIO()
    call_command("import_oparl", system, "--body", "erste", "--slug", "kopie", "--no-progress", stdout=out)
    assert "„Stadt Erste (2)“ (kopie)" in out.getvalue() and "Zweite" not in out.getvalue()
    assert not Body.objects.filter(name="Gemeinde Zweite (2)").exists()
    call_command("import_oparl", system, "--body", f"{SITE}/oparl/v1/body/{second.pk}", "--no-progress", stdout=out)
    assert Paper.objects.get(body__name="Gemeinde Zweite (2)").name == "Vorlage der Zweiten"
    assert Paper.objects.get(body__slug="kopie").name == "Vorlage der Ersten"


def test_a_body_that_is_not_there_or_a_slug_for_several_bodies_is_refused(client, monkeypatch):
    two_bodies()
    monkeypatch.setattr("oparl.importer.urllib_fetch", client_fetch(client))
    system = f"{SITE}/oparl/v1/system"
    with pytest.raises(CommandError, match="keine Körperschaft „musterstadt“. Vorhanden: .*Stadt Erste"):
        call_command("import_oparl", system, "--body", "musterstadt", stdout=io.StringIO())
    with pytest.raises(CommandError, match="--slug"):
        call_command("import_oparl", system, "--slug", "kopie", stdout=io.StringIO())
    with pytest.raises(ImportRefused):
        import_body(system, fetch=client_fetch(client))
    assert not Body.objects.filter(oparl_ids__isnull=False).exists()


def test_an_imported_paper_makes_no_statement_about_money(client):
    body = f.body()
    f.paper(body, financial_impact=False)
    copy = import_body(f"{SITE}/oparl/v1/body/{body.pk}", fetch=client_fetch(client), slug="kopie").body
    paper = Paper.objects.get(body=copy)
    assert paper.financial_impact is None
    page = client.get(f"/kopie/vorlagen/{paper.pk}/").content.decode()
    assert "Finanzielle Auswirkung: keine Angabe" in page and "Finanzielle Auswirkung: nein" not in page
