"""A small world for the councillor area: one committee with an upcoming meeting that has a
public and a non-public part, councillors inside and outside it, staff, and a second Body."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from accounts import roles
from resolutions.files import store_file
from tests import factories as f

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@dataclass
class World:
    body: object
    committee: object
    other_committee: object
    meeting: object
    public_item: object
    secret_item: object
    public_paper: object
    secret_paper: object
    files: dict
    member: object
    non_member: object
    staff: object
    office: object
    other_body_councillor: object
    other_meeting: object


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def councillor(body, *organizations, **fields):
    person = f.person(body)
    for organization in organizations:
        f.membership(person, organization)
    fields.setdefault("email", f"{person.family_name.lower()}@example.org")
    return f.user(
        body, roles.COUNCILLOR, person=person, first_name=person.given_name, last_name=person.family_name, **fields
    )


@pytest.fixture
def world(db):
    body = f.body(name="Stadt Musterhausen")
    committee = f.organization(body, name="Hauptausschuss", short_name="HA")
    other_committee = f.organization(body, name="Finanzausschuss", short_name="FA")
    start = timezone.now() + dt.timedelta(days=7)
    meeting = f.meeting(committee, start=start, state="invited", location=f.location(body))
    public_paper = f.paper(body, name="Neubau der Kita Sonnenschein", state="in_consultation")
    secret_paper = f.paper(body, name="Vergabe Los 3 Dach", state="in_consultation", public=False)
    public_item = f.agenda_item(
        meeting, order=1, name=public_paper.name, consultation=f.consultation(public_paper, committee, meeting=meeting)
    )
    secret_item = f.agenda_item(
        meeting,
        order=2,
        public=False,
        name=secret_paper.name,
        consultation=f.consultation(secret_paper, committee, meeting=meeting),
    )
    files = {
        "public_paper_file": store_file(PDF, file_name="kita.pdf", text="Anlage", paper=public_paper),
        "secret_paper_file": store_file(PDF, file_name="angebote.pdf", text="Anlage", paper=secret_paper),
        "secret_annex_of_public_paper": store_file(
            PDF, file_name="kosten.pdf", text="Anlage", paper=public_paper, public=False
        ),
        "secret_item_file": store_file(PDF, file_name="vermerk.pdf", text="Anlage", agenda_item=secret_item),
    }
    other_body = f.body(name="Gemeinde Anderswo")
    other_council = f.organization(other_body, name="Gemeindevertretung")
    return World(
        body=body,
        committee=committee,
        other_committee=other_committee,
        meeting=meeting,
        public_item=public_item,
        secret_item=secret_item,
        public_paper=public_paper,
        secret_paper=secret_paper,
        files=files,
        member=councillor(body, committee, username="mitglied"),
        non_member=councillor(body, other_committee, username="nichtmitglied"),
        staff=f.user(body, roles.CLERK, department=f.department(body), username="sachbearbeitung"),
        office=f.user(body, roles.COUNCIL_OFFICE, username="sitzungsdienst"),
        other_body_councillor=councillor(other_body, other_council, username="anderswo"),
        other_meeting=f.meeting(other_council, start=start),
    )
