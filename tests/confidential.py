"""The confidentiality scenario of issue 11, built through the real workflow, for tests of every surface.

The council office puts the deciding consultation of a public paper on the agenda of a
council meeting, makes the item non-public, publishes the invitation and records
"geändert beschlossen" with an added sentence (`meetings.results.record_result`, which
decides the paper and freezes its PDF). The sentence must stay with those who may see the
item: the council's members and the council office. Everyone else (the public, a
councillor of another organization, staff of the department in charge or of another one,
staff of another Body) sees the proposal, headed "Beschlussvorschlag", decided "in
nichtöffentlicher Sitzung".

A second public paper of the same department sits on a public item of the same meeting
with a non-public annex, which only insiders (the department in charge among them) see.

Use it in a test module with `from tests.confidential import confidential  # noqa: F401`.
"""

import datetime as dt
from dataclasses import dataclass

import pytest

from accounts import roles
from council.models import AgendaItem, Organization
from documents.pdf import render_pdf
from meetings import agenda, results
from meetings.textdiff import as_editable
from resolutions.amendments import amended_text
from resolutions.files import store_file
from resolutions.models import Consultation
from tests import factories as f

PROPOSAL = "<p>Die Stadtverordnetenversammlung beschließt den Verkauf des Grundstücks Am Markt 3.</p>"
# The sentence added in the non-public item; no other text of the scenario holds "Kaufpreis".
SECRET = "Der Kaufpreis beträgt 471.100 Euro."
SECRET_WORD = "Kaufpreis"
ANNEX_WORD = "Wertgutachten"
MEETING_START = dt.datetime(2026, 6, 1, 18, tzinfo=f.TZ)


@dataclass
class Confidential:
    body: object
    council: object
    meeting: object
    item: object  # the non-public item that decided `paper`
    paper: object  # public, decided with the secret amendment
    annexed_paper: object  # public, on a public item, with a non-public annex
    annex: object
    office: object
    member: object  # member of the council
    outsider: object  # councillor of a committee only
    department: object  # clerk of the department in charge of both papers
    other_department: object  # clerk of another department
    other_body: object  # council office of another Body

    @property
    def insiders(self):
        """Those who may see the non-public item, so the amendment."""
        return {"member": self.member, "office": self.office}

    @property
    def outsiders(self):
        """Everyone else, the public (None) first."""
        return {
            "anonymous": None,
            "outsider": self.outsider,
            "department": self.department,
            "other_department": self.other_department,
            "other_body": self.other_body,
        }


def _pdf(text):
    return render_pdf(f'<html lang="de"><head><title>Anlage</title></head><body><p>{text}</p></body></html>')


def build(capture_on_commit):
    """The scenario; `capture_on_commit` is pytest-django's `django_capture_on_commit_callbacks`."""
    body = f.body(name="Stadt Vertraulich")
    council = f.organization(
        body, kind=Organization.Kind.COUNCIL, name="Stadtverordnetenversammlung", short_name="STVV"
    )
    committee = f.organization(body, name="Hauptausschuss", short_name="HA")
    department = f.department(body, name="Amt für Liegenschaften")
    office = f.user(body, roles.COUNCIL_OFFICE, initials="jae")
    member_person, outsider_person = f.person(body), f.person(body)
    f.membership(member_person, council, start_date=dt.date(2020, 1, 1))
    f.membership(outsider_person, committee, start_date=dt.date(2020, 1, 1))
    other_body = f.body(name="Gemeinde Nebenan")

    paper = f.paper(body, name="Verkauf Grundstück Am Markt 3", resolution_text=PROPOSAL, under_direction_of=department)
    annexed = f.paper(body, name="Sanierung Marktbrunnen", under_direction_of=department)
    annex = store_file(
        _pdf(f"{ANNEX_WORD} Marktbrunnen"), file_name="gutachten.pdf", name="Gutachten", paper=annexed, public=False
    )
    meeting = f.meeting(council, start=MEETING_START)
    agenda.add_paper(meeting, f.consultation(annexed, council, role=Consultation.Role.DECISION), by=office)
    item = agenda.add_paper(meeting, f.consultation(paper, council, role=Consultation.Role.DECISION), by=office)
    item = agenda.set_public(item, False, by=office)
    agenda.publish_invitation(meeting, by=office, at=meeting.start - dt.timedelta(days=14))
    proposal = as_editable(amended_text(paper).decided)
    with capture_on_commit(execute=True):
        results.record_result(
            item,
            AgendaItem.Result.ADOPTED_WITH_CHANGES,
            by=office,
            unanimous=True,
            decided_text=proposal.replace("Am Markt 3.", f"Am Markt 3. {SECRET}"),
        )
    paper.refresh_from_db()
    return Confidential(
        body=body,
        council=council,
        meeting=meeting,
        item=item,
        paper=paper,
        annexed_paper=annexed,
        annex=annex,
        office=office,
        member=f.user(body, roles.COUNCILLOR, person=member_person),
        outsider=f.user(body, roles.COUNCILLOR, person=outsider_person),
        department=f.user(body, roles.CLERK, department=department),
        other_department=f.user(body, roles.CLERK, department=f.department(body)),
        other_body=f.user(other_body, roles.COUNCIL_OFFICE),
    )


@pytest.fixture
def confidential(db, django_capture_on_commit_callbacks):
    return build(django_capture_on_commit_callbacks)
