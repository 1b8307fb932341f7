"""A small town for back-office tests: one Body with two departments, every role, and a second Body."""

from dataclasses import dataclass

import pytest

from accounts import roles
from council.models import Organization
from resolutions.models import Consultation, Paper
from tests import factories as f


@dataclass
class Town:
    body: object
    department: object
    other_department: object
    council: object
    committee: object
    beschlussvorlage: object
    info: object
    clerk: object
    other_clerk: object
    head: object
    other_head: object
    treasurer: object
    mayor: object
    office: object
    councillor: object
    admin: object
    stranger: object
    stranger_body: object

    def users(self):
        return {
            "clerk": self.clerk,
            "other_clerk": self.other_clerk,
            "head": self.head,
            "other_head": self.other_head,
            "treasurer": self.treasurer,
            "mayor": self.mayor,
            "office": self.office,
            "councillor": self.councillor,
            "admin": self.admin,
            "stranger": self.stranger,
        }


@pytest.fixture
def town(db):
    body = f.body(name="Stadt Teststadt", slug="teststadt")
    department = f.department(body, name="Amt Bildung")
    other_department = f.department(body, name="Bauamt")
    council = f.organization(
        body, kind=Organization.Kind.COUNCIL, name="Stadtverordnetenversammlung", short_name="STVV"
    )
    committee = f.organization(body, name="Hauptausschuss", short_name="HA")
    stranger_body = f.body(name="Gemeinde Anderswo", slug="anderswo")
    return Town(
        body=body,
        department=department,
        other_department=other_department,
        council=council,
        committee=committee,
        beschlussvorlage=f.paper_type(body, name="Beschlussvorlage", prefix="B"),
        info=f.paper_type(body, name="Informationsvorlage", prefix="I", needs_decision=False),
        clerk=f.user(
            body,
            roles.CLERK,
            department=department,
            username="clerk",
            email="clerk@example.org",
            first_name="Clara",
            last_name="Klerk",
        ),
        other_clerk=f.user(
            body, roles.CLERK, department=other_department, username="otherclerk", email="oc@example.org"
        ),
        head=f.user(
            body,
            roles.HEAD_OF_DEPARTMENT,
            department=department,
            username="head",
            email="head@example.org",
            first_name="Hans",
            last_name="Haupt",
        ),
        other_head=f.user(
            body, roles.HEAD_OF_DEPARTMENT, department=other_department, username="otherhead", email="oh@example.org"
        ),
        treasurer=f.user(body, roles.TREASURER, username="treasurer", email="treasurer@example.org"),
        mayor=f.user(body, roles.MAYOR, username="mayor", email="mayor@example.org"),
        office=f.user(body, roles.COUNCIL_OFFICE, username="office", email="office@example.org", initials="jae"),
        councillor=f.user(body, roles.COUNCILLOR, username="councillor", email="councillor@example.org"),
        admin=f.user(body, roles.ADMIN, username="admin", is_superuser=True, is_staff=True),
        stranger=f.user(stranger_body, roles.COUNCIL_OFFICE, username="stranger", email="stranger@example.org"),
        stranger_body=stranger_body,
    )


NEW = "/verwaltung/vorlagen/neu/"  # the paper form for a new paper


@pytest.fixture
def clerk_client(client, town):
    client.force_login(town.clerk)
    return client


def post_new(client, town, **overrides):
    return client.post(NEW, form_data(town, **overrides))


def draft(town, **fields):
    """A complete draft of the town's department, ready to be submitted."""
    fields.setdefault("paper_type", town.beschlussvorlage)
    fields.setdefault("under_direction_of", town.department)
    fields.setdefault("originator", town.clerk)
    fields.setdefault("date", None)
    paper = f.paper(town.body, state=Paper.State.DRAFT, **fields)
    f.consultation(paper, town.committee, position=1, role=Consultation.Role.PRELIMINARY)
    f.consultation(paper, town.council, position=2, role=Consultation.Role.DECISION)
    return paper


def form_data(town, paper=None, **overrides):
    """POST data of the paper form, as a browser would send it."""
    data = {
        "paper_type": town.beschlussvorlage.pk,
        "name": "Neubau der Kita „Sonnenschein“",
        "date": "",
        "under_direction_of": town.department.pk,
        "resolution_text": "<p>Die Stadtverordnetenversammlung beschließt den <strong>Neubau</strong>.</p>",
        "reasoning": "<p>Der Bedarf ist gestiegen.</p>",
        "public": "on",
        "version": paper.version if paper else "",
        "beratung-TOTAL_FORMS": "3",
        "beratung-INITIAL_FORMS": "0",
        "beratung-MIN_NUM_FORMS": "0",
        "beratung-MAX_NUM_FORMS": "20",
        "beratung-0-organization": town.committee.pk,
        "beratung-0-role": "preliminary",
        "beratung-1-organization": town.council.pk,
        "beratung-1-role": "decision",
        "beratung-2-organization": "",
        "beratung-2-role": "preliminary",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
