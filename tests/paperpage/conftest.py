"""Issue 11's story in a small town: a public paper, heard in public in the committee, decided
in the council in a NON-public agenda item with an added sentence, recorded as the council
office does it (meetings.agenda, meetings.results), and the audiences who look at it."""

import datetime as dt
from dataclasses import dataclass

import pytest

from accounts import roles
from council.models import AgendaItem, Organization
from meetings import agenda, results
from meetings.textdiff import as_editable
from resolutions.amendments import amended_text
from resolutions.models import Consultation
from tests import factories as f

PROPOSAL = "<p>Die Stadtverordnetenversammlung beschließt den Beitritt zum Zweckverband.</p>"
SECRET = "Der Beitritt erfolgt zum nächstmöglichen Zeitpunkt."
FOOTNOTE = "*) ergänzt STVV 01.06.2026/jae"
R = AgendaItem.Result


def at(year, month, day, hour=18):
    return dt.datetime(year, month, day, hour, 0, tzinfo=f.TZ)


@dataclass
class Town:
    body: object
    council: object
    committee: object
    department: object
    office: object
    member: object
    outsider: object
    other_department: object
    other_body: object


@pytest.fixture
def town(db):
    body = f.body(name="Teststadt")
    council = f.organization(
        body, kind=Organization.Kind.COUNCIL, name="Stadtverordnetenversammlung", short_name="STVV"
    )
    committee = f.organization(body, name="Hauptausschuss", short_name="HA")
    department = f.department(body, name="Amt für Finanzen")
    member_person = f.person(body, family_name="Ratsmitglied")
    f.membership(member_person, council, start_date=dt.date(2020, 1, 1))
    outsider_person = f.person(body, family_name="Ausschussmitglied")
    f.membership(outsider_person, committee, start_date=dt.date(2020, 1, 1))
    for index in range(4):
        f.membership(f.person(body, family_name=f"Mitglied{index}"), committee, start_date=dt.date(2020, 1, 1))
    other = f.body(name="Nachbargemeinde")
    return Town(
        body=body,
        council=council,
        committee=committee,
        department=department,
        office=f.user(body, roles.COUNCIL_OFFICE, initials="jae", username=f"sitzungsdienst-{body.slug}"),
        member=f.user(body, roles.COUNCILLOR, person=member_person),
        outsider=f.user(body, roles.COUNCILLOR, person=outsider_person),
        other_department=f.user(body, roles.CLERK, department=f.department(body, name="Bauamt")),
        other_body=f.user(other, roles.COUNCIL_OFFICE, username=f"sitzungsdienst-{other.slug}"),
    )


@dataclass
class Story:
    paper: object
    committee_meeting: object
    committee_item: object
    council_meeting: object
    council_item: object


def tell(town, *, council_item_public=False):
    """Released, heard in the committee (public, recommended with votes), then decided in the
    council with an added sentence; the council's item is non-public unless told otherwise."""
    paper = f.paper(
        town.body, resolution_text=PROPOSAL, under_direction_of=town.department, name="Beitritt Zweckverband"
    )
    heard = f.consultation(paper, town.committee, position=1, role=Consultation.Role.PRELIMINARY)
    deciding = f.consultation(paper, town.council, position=2, role=Consultation.Role.DECISION)
    committee_meeting = f.meeting(town.committee, start=at(2026, 5, 4, 17))
    committee_item = agenda.add_paper(committee_meeting, heard, by=town.office)
    agenda.publish_invitation(committee_meeting, by=town.office, at=committee_meeting.start - dt.timedelta(days=14))
    results.record_result(committee_item, R.RECOMMENDED, by=town.office, votes_yes=3, votes_no=1, votes_abstention=0)
    council_meeting = f.meeting(town.council, start=at(2026, 6, 1))
    council_item = agenda.add_paper(council_meeting, deciding, by=town.office)
    if not council_item_public:
        agenda.set_public(council_item, False, by=town.office)
    agenda.publish_invitation(council_meeting, by=town.office, at=council_meeting.start - dt.timedelta(days=14))
    decided_text = as_editable(amended_text(paper).decided) + " " + SECRET
    results.record_result(
        AgendaItem.objects.get(pk=council_item.pk),
        R.ADOPTED_WITH_CHANGES,
        by=town.office,
        unanimous=True,
        decided_text=decided_text,
    )
    paper.refresh_from_db()
    return Story(
        paper,
        committee_meeting,
        AgendaItem.objects.get(pk=committee_item.pk),
        council_meeting,
        AgendaItem.objects.get(pk=council_item.pk),
    )


@pytest.fixture
def story(town):
    return tell(town)


def html_of(client, user, url):
    """The page at `url` as `user` (None: the public) sees it; it must answer 200."""
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def pages(town, paper):
    return {
        "portal": f"/{town.body.slug}/vorlagen/{paper.pk}/",
        "councillors": f"/mein/vorlagen/{paper.pk}/",
        "office": f"/verwaltung/vorlagen/{paper.pk}/",
    }
