"""A small council with a public and a non-public agenda item, for the invitation and bundle tests."""

from dataclasses import dataclass

from accounts import roles
from council.models import Meeting, Organization
from documents.pdf import render_pdf
from resolutions.files import store_file
from tests import factories as f

SECRET = "GEHEIM-4711"


def attachment_pdf(text):
    return render_pdf(f'<html lang="de"><head><title>Anlage</title></head><body><p>{text}</p></body></html>')


@dataclass
class Council:
    body: object
    council: object
    meeting: object
    public_paper: object
    secret_paper: object
    member: object
    outsider: object


def council_with_secret_item():
    body = f.body(name="Gemeinde Prüfstadt")
    council = f.organization(body, kind=Organization.Kind.COUNCIL, name="Gemeindevertretung", short_name="GV")
    other = f.organization(body, name="Bauausschuss")
    meeting = f.meeting(council, state=Meeting.State.INVITED)
    public_paper = f.paper(body, name="Radweg an der Dorfstraße", reasoning="<p>Begründung Radweg</p>")
    secret_paper = f.paper(
        body, public=False, name=f"Grundstücksverkauf {SECRET}", reasoning=f"<p>Kaufpreis {SECRET}</p>"
    )
    f.agenda_item(meeting, order=1, name="Eröffnung der Sitzung")
    f.agenda_item(
        meeting,
        order=2,
        name="Radweg an der Dorfstraße",
        consultation=f.consultation(public_paper, council, meeting=meeting),
    )
    f.agenda_item(
        meeting,
        order=3,
        public=False,
        number="N 1",
        name=f"Grundstücksangelegenheit {SECRET}",
        consultation=f.consultation(secret_paper, council, meeting=meeting),
    )
    store_file(attachment_pdf("Lageplan Radweg"), file_name="lageplan.pdf", name="Lageplan", paper=public_paper)
    store_file(
        attachment_pdf(f"Vertrauliche Kostenschätzung {SECRET}"),
        file_name="kosten.pdf",
        name="Kostenschätzung",
        paper=public_paper,
        public=False,
    )
    member_person = f.person(body)
    f.membership(member_person, council)
    member = f.user(body, roles.COUNCILLOR, person=member_person)
    outsider_person = f.person(body)
    f.membership(outsider_person, other)
    outsider = f.user(body, roles.COUNCILLOR, person=outsider_person)
    return Council(body, council, meeting, public_paper, secret_paper, member, outsider)
