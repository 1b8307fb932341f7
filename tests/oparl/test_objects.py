"""What each object type shows the public, and what it keeps back."""

import pytest

from council.models import Meeting
from resolutions.files import sha512, store_file
from tests import factories as f
from tests.oparl import oparl_schema
from tests.oparl.conftest import path_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF"


def test_the_system_leads_to_bodies_and_bodies_to_their_lists(api):
    body = f.body(name="Gemeinde Beispiel")
    body.legislativeterm_set.create(name="WP 2024–2029", start_date="2024-06-09")
    system = api("/system").json()
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    listed = api(system["body"]).json()["data"]
    assert [item["name"] for item in listed] == ["Gemeinde Beispiel"]
    data = listed[0]
    for name in ("paper", "person", "meeting", "organization", "legislativeTermList", "agendaItem", "consultation"):
        assert api(data[name]).status_code == 200, name
    for name in ("file", "locationList", "membership"):
        assert api(data[name]).status_code == 200, name
    assert data["legislativeTerm"][0]["startDate"] == "2024-06-09"
    assert data["web"] == f"http://127.0.0.1:8000/{body.slug}/"


def test_a_nonpublic_agenda_item_shows_only_its_number(api):
    body = f.body()
    meeting = f.meeting(f.organization(body), state=Meeting.State.HELD)
    paper = f.paper(body, public=False, name="Grundstücksverkauf")
    item = f.agenda_item(
        meeting,
        public=False,
        name="Grundstücksverkauf",
        consultation=f.consultation(paper, meeting.organization, meeting=meeting),
        result="adopted",
    )
    store_file(PDF, file_name="g.pdf", agenda_item=item, text="-")
    embedded = api(f"/meeting/{meeting.pk}").json()["agendaItem"][0]
    assert embedded["public"] is False and embedded["number"] == "N 1"
    assert embedded["name"] == "Nichtöffentlicher Tagesordnungspunkt"
    assert not {"consultation", "result", "auxiliaryFile", "resolutionText"} & set(embedded)
    alone = api(embedded["id"]).json()
    assert alone["meeting"].endswith(f"/meeting/{meeting.pk}") and alone["name"] == embedded["name"]
    # Its web page is the meeting's, which lists it as non-public; the item's own page is not public.
    assert alone["web"] == f"http://127.0.0.1:8000/{body.slug}/sitzungen/{meeting.pk}/"
    assert "Grundstück" not in str(alone)


def test_a_public_agenda_item_carries_result_consultation_and_german_values(api, client):
    body = f.body()
    meeting = f.meeting(f.organization(body), state=Meeting.State.HELD)
    paper = f.paper(body, state="decided")
    consultation = f.consultation(paper, meeting.organization, meeting=meeting, role="decision")
    public = f.agenda_item(
        meeting, consultation=consultation, result="adopted_with_changes", resolution_text="<p>So &amp; so.</p>"
    )
    item = api(f"/meeting/{meeting.pk}").json()["agendaItem"][0]
    assert item["result"] == "Geändert beschlossen" and item["resolutionText"] == "So & so."
    assert item["order"] == 0
    # Its web page is the item's own portal page, which the public may open.
    assert item["web"] == f"http://127.0.0.1:8000/{body.slug}/sitzungen/{meeting.pk}/top/{public.pk}/"
    assert client.get(path_of(item["web"])).status_code == 200
    assert oparl_schema.errors(api(item["id"]).json()) == []
    data = api(item["consultation"]).json()
    assert data["paper"].endswith(f"/paper/{paper.pk}") and data["agendaItem"] == item["id"]
    assert data["authoritative"] is True and data["role"] == "Entscheidung"
    embedded = api(f"/paper/{paper.pk}").json()["consultation"][0]
    assert "paper" not in embedded and embedded["meeting"].endswith(f"/meeting/{meeting.pk}")


def test_people_show_names_and_memberships_but_no_contact_data(api):
    body = f.body()
    person = f.person(body, title="Dr.", email="privat@example.org", phone="0151 123", gender="weiblich")
    f.membership(person, f.organization(body), role="Vorsitzende")
    data = api(f"/person/{person.pk}").json()
    assert data["title"] == ["Dr."] and data["gender"] == "female" and data["familyName"] == person.family_name
    assert "email" not in data and "phone" not in data and "privat@example.org" not in str(data)
    assert data["membership"][0]["role"] == "Vorsitzende" and "person" not in data["membership"][0]
    assert api(data["membership"][0]["id"]).json()["person"] == data["id"]


def test_files_link_to_the_portal_download_and_a_download_url_that_sends_an_attachment(client, api):
    body = f.body()
    paper = f.paper(body)
    record = store_file(PDF, file_name="anlage 1.pdf", name="Anlage 1", paper=paper, text="Text")
    store_file(PDF, file_name="geheim.pdf", paper=paper, public=False, text="-")
    data = api(f"/paper/{paper.pk}").json()
    assert len(data["auxiliaryFile"]) == 1
    embedded = data["auxiliaryFile"][0]
    assert embedded["sha512Checksum"] == sha512(PDF) and embedded["size"] == len(PDF)
    assert embedded["mimeType"] == "application/pdf" and embedded["fileName"] == "anlage 1.pdf"
    assert embedded["accessUrl"] == f"http://127.0.0.1:8000/{body.slug}/dokumente/{record.pk}/anlage%201.pdf"
    access = client.get(path_of(embedded["accessUrl"]))
    assert access.status_code == 200 and "attachment" not in access.get("Content-Disposition", "")
    download = client.get(path_of(embedded["downloadUrl"]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF
    alone = api(embedded["id"]).json()
    assert alone["paper"] == [data["id"]] and "paper" not in embedded


def test_a_nonpublic_file_cannot_be_downloaded_through_the_api(client):
    paper = f.paper(f.body())
    secret = store_file(PDF, file_name="geheim.pdf", paper=paper, public=False, text="-")
    assert client.get(f"/oparl/v1/file/{secret.pk}/download").status_code == 404
    assert client.get(f"/oparl/v1/file/{secret.pk}").status_code == 404


def test_meeting_files_split_into_invitation_protocol_and_auxiliary(api):
    meeting = f.meeting(f.organization(f.body()), state=Meeting.State.HELD)
    store_file(PDF, file_name="einladung.pdf", meeting=meeting, kind="invitation", text="-")
    store_file(PDF, file_name="niederschrift.pdf", meeting=meeting, kind="minutes", text="-")
    store_file(PDF, file_name="plan.pdf", meeting=meeting, text="-")
    data = api(f"/meeting/{meeting.pk}").json()
    assert data["invitation"]["fileName"] == "einladung.pdf"
    assert data["resultsProtocol"]["fileName"] == "niederschrift.pdf"
    assert [item["fileName"] for item in data["auxiliaryFile"]] == ["plan.pdf"]
    assert data["meetingState"] == "durchgeführt" and "cancelled" not in data


def test_a_cancelled_meeting_says_so(api):
    meeting = f.meeting(f.organization(f.body()), state=Meeting.State.CANCELLED)
    assert api(f"/meeting/{meeting.pk}").json()["cancelled"] is True


def test_system_and_body_name_a_licence_the_body_one_set_per_body(api, settings):
    settings.OPARL_LICENSE = "https://creativecommons.org/publicdomain/zero/1.0/"
    default = f.body()
    own = f.body(license="https://www.govdata.de/dl-de/zero-2-0")
    assert api("/system").json()["license"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert api(f"/body/{default.pk}").json()["license"] == "https://www.govdata.de/dl-de/by-2-0"
    assert api(f"/body/{own.pk}").json()["license"] == "https://www.govdata.de/dl-de/zero-2-0"


def test_the_body_licence_is_editable_in_the_admin(client):
    body = f.body()
    client.force_login(f.user(body, is_superuser=True, is_staff=True))
    page = client.get(f"/admin/council/body/{body.pk}/change/")
    assert page.status_code == 200 and 'name="license"' in page.content.decode()
    assert 'value="https://www.govdata.de/dl-de/by-2-0"' in page.content.decode()


def test_a_consultation_without_its_own_meeting_names_the_meeting_of_its_agenda_item(api):
    body = f.body()
    committee = f.organization(body)
    meeting = f.meeting(committee, state=Meeting.State.HELD)
    paper = f.paper(body, state="in_consultation")
    waiting = f.consultation(paper, committee)  # deferred: waiting for a new date
    item = f.agenda_item(meeting, consultation=waiting, result="deferred")
    data = api(f"/consultation/{waiting.pk}").json()
    assert data["agendaItem"].endswith(f"/agendaitem/{item.pk}")
    assert data["meeting"].endswith(f"/meeting/{meeting.pk}")
    assert api(f"/paper/{paper.pk}").json()["consultation"][0]["meeting"] == data["meeting"]


def test_a_consultation_of_a_nonpublic_agenda_item_does_not_give_its_meeting_away(api):
    body = f.body()
    committee = f.organization(body)
    meeting = f.meeting(committee, state=Meeting.State.HELD)
    paper = f.paper(body, state="in_consultation")
    waiting = f.consultation(paper, committee)
    f.agenda_item(meeting, public=False, consultation=waiting)
    data = api(f"/consultation/{waiting.pk}").json()
    assert "agendaItem" not in data and "meeting" not in data


def test_supplements_are_subordinated_papers_and_name_their_original_as_the_public_may_see_them(api):
    from portal.publication import bump
    from resolutions.models import Paper
    from tests.oparl import oparl_schema

    body = f.body()
    original = f.paper(body, name="Kita-Gebührensatzung")
    supplement = f.paper(body, superordinate=original, subordination=Paper.Subordination.SUPPLEMENT)
    f.paper(body, state=Paper.State.DRAFT, superordinate=original, subordination=Paper.Subordination.SUPPLEMENT)
    f.paper(body, public=False, superordinate=original, subordination=Paper.Subordination.AMENDMENT)
    related = f.paper(body, name="Verwandt")
    original.related_papers.add(related)
    data = api(f"/paper/{original.pk}").json()
    assert oparl_schema.errors(data) == []
    assert [path_of(url) for url in data["subordinatedPaper"]] == [f"/oparl/v1/paper/{supplement.pk}"]
    assert [path_of(url) for url in data["relatedPaper"]] == [f"/oparl/v1/paper/{related.pk}"]
    assert "superordinatedPaper" not in data
    data = api(f"/paper/{supplement.pk}").json()
    assert oparl_schema.errors(data) == []
    assert [path_of(url) for url in data["superordinatedPaper"]] == [f"/oparl/v1/paper/{original.pk}"]
    assert "subordinatedPaper" not in data
    Paper.objects.filter(pk=original.pk).update(public=False)
    bump(body.pk)  # an update sends no signal: its writer says what changed (portal.publication)
    assert "superordinatedPaper" not in api(f"/paper/{supplement.pk}").json()
    listed = api(f"/body/{body.pk}/paper").json()["data"]
    assert len(listed) == 2 and not any("superordinatedPaper" in item for item in listed)
