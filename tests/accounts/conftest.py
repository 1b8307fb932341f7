"""Logins for the account tests: a councillor `mitglied` (with e-mail) and the council office."""

from dataclasses import dataclass

import pytest

from accounts import roles
from tests import factories as f


@dataclass
class World:
    member: object
    office: object


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Lock-out tests log in dozens of times; the production hasher's cost is not under test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    body = f.body(name="Stadt Musterhausen")
    committee = f.organization(body, name="Hauptausschuss", short_name="HA")
    person = f.person(body)
    f.membership(person, committee)
    member = f.user(body, roles.COUNCILLOR, person=person, username="mitglied", email="mitglied@example.org")
    office = f.user(body, roles.COUNCIL_OFFICE, username="sitzungsdienst")
    return World(member=member, office=office)
