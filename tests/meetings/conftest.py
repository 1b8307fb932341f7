import datetime as dt
from dataclasses import dataclass

import pytest

from accounts import roles
from council.models import Organization
from demo.seed import SEED_RESOLUTION
from tests import factories as f

SEED_TEXT = SEED_RESOLUTION


@dataclass
class World:
    body: object
    council: object
    committee: object
    department: object
    office: object
    members: list


@pytest.fixture
def world(db):
    """A small town: a council of five voting members, a committee, a department, a council office login."""
    body = f.body()
    council = f.organization(
        body, kind=Organization.Kind.COUNCIL, name="Stadtverordnetenversammlung", short_name="STVV"
    )
    committee = f.organization(body, name="Hauptausschuss", short_name="HA")
    department = f.department(body, name="Amt Bildung, Jugend und IT")
    members = []
    for index in range(5):
        person = f.person(body, family_name=f"Mitglied{index}")
        f.membership(person, council, start_date=dt.date(2020, 1, 1))
        members.append(person)
    f.membership(f.person(body, family_name="Beratend"), council, voting_right=False)
    office = f.user(body, roles.COUNCIL_OFFICE, initials="jae", username=f"office-{body.slug}")
    return World(body, council, committee, department, office, members)


def at(year, month, day, hour=18):
    return dt.datetime(year, month, day, hour, 0, tzinfo=f.TZ)
