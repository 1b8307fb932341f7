"""Gemeinde Nuthe-Urstromtal: a second, smaller Body with its own council office, meetings and papers."""

import datetime as dt

from accounts import roles
from council.models import AgendaItem, Body, LegislativeTerm, Location, Meeting, Membership, Organization, Person
from demo import lifecycle
from demo.base import DEMO_TODAY, LOREM_REASONING, at, get
from demo.meetings import meeting, plan_item, plan_result
from demo.people import login, user
from resolutions.models import Consultation, PaperType

COUNCILLORS = [
    ("Kerstin", "Pohl", "CDU"),
    ("Holger", "Ritter", "SPD"),
    ("Silke", "Franke", "Wählergruppe"),
    ("Ralf", "Winkler", "AfD"),
    ("Martina", "Busch", "SPD"),
]
# (title, public): two decided in September, one non-public waiting for December.
PAPERS = [
    ("Bebauungsplan „Gewerbegebiet Woltersdorf“ – Satzungsbeschluss", True),
    ("Erneuerung der Ortsdurchfahrt Ruhlsdorf", True),
    ("Grundstücksangelegenheit Gemarkung Stülpe", False),
]
# The signers of the Gemeinde (no demo logins): (username, role, given name, family name, initials).
SIGNERS = [
    ("nuthe-bauamtsleitung", roles.HEAD_OF_DEPARTMENT, "Peter", "Lindner", "lin"),
    ("nuthe-kaemmerei", roles.TREASURER, "Sandra", "Vogt", "vog"),
    ("nuthe-buergermeister", roles.MAYOR, "Stefan", "Scholz", "sch"),
]


def nuthe(story):
    """The Body and its logins (one: the council office)."""
    body = get(
        Body,
        slug="nuthe-urstromtal",
        defaults={"name": "Gemeinde Nuthe-Urstromtal", "short_name": "Nuthe-Urstromtal", "ags": "12072341"},
    )
    get(LegislativeTerm, body=body, name="Wahlperiode 2024–2029", defaults={"start_date": dt.date(2024, 6, 9)})
    hall = get(
        Location,
        body=body,
        description="Gemeindezentrum Ruhlsdorf",
        defaults={"street_address": "Frankenfelder Straße 10", "postal_code": "14947", "locality": "Nuthe-Urstromtal"},
    )
    department = get(
        Organization, body=body, name="Bauamt", defaults={"short_name": "BA", "kind": Organization.Kind.DEPARTMENT}
    )
    council = get(
        Organization,
        body=body,
        name="Gemeindevertretung",
        defaults={"short_name": "GV", "kind": Organization.Kind.COUNCIL, "location": hall},
    )
    committee = get(
        Organization,
        body=body,
        name="Bauausschuss",
        defaults={"short_name": "BauA", "kind": Organization.Kind.COMMITTEE, "location": hall},
    )
    people = []
    for given, family, party in COUNCILLORS:
        person = get(Person, body=body, given_name=given, family_name=family, defaults={"party": party})
        get(Membership, person=person, organization=council, defaults={"body": body, "role": "Gemeindevertreter/in"})
        people.append(person)
    for person in people[:3]:
        get(Membership, person=person, organization=committee, defaults={"body": body})
    beschluss = get(PaperType, body=body, prefix="BV", defaults={"name": "Beschlussvorlage"})
    office_login = login(
        body, "nuthe-sitzungsdienst", roles.COUNCIL_OFFICE, "Karin", "Kramer",
        "Sitzungsdienst, Gemeinde Nuthe-Urstromtal", department, "kra",
    )  # fmt: skip
    office = office_login.user
    signers = [
        user(body, username, role, first, last, department, initials, password=None)
        for username, role, first, last, initials in SIGNERS
    ]

    plans = []
    for month in (9, 10, 12):
        start = at(dt.date(2026, month, 17), 19)
        fate = Meeting.State.HELD if start.date() < DEMO_TODAY else Meeting.State.INVITED
        published = at(min(start.date(), DEMO_TODAY) - dt.timedelta(days=10), 9)
        plans.append(meeting(story, council, start, fate, published, office, at(dt.date(2026, 8, 3), 9), location=hall))

    for index, (title, public) in enumerate(PAPERS):
        date = dt.date(2026, 8, 20 + index)
        paper, new = lifecycle.write(
            body, office, at(date, 9), title, beschluss, department, [(council, Consultation.Role.DECISION)],
            date=date, resolution_text=f"<p>Die Gemeindevertretung beschließt: {title}.</p>",
            reasoning=LOREM_REASONING, public=public,
        )  # fmt: skip
        if not new:
            continue
        released = at(dt.date(2026, 8, 25), 10)
        lifecycle.plan_signoff(
            story, paper, office, signers, submitted=at(date, 11),
            signed=[at(dt.date(2026, 8, 24), hour) for hour in (9, 10, 11)],
            released=released, number=101 + index,
        )  # fmt: skip
        plan = plans[0] if index < 2 else plans[2]
        consultation = paper.consultations.get()
        plan_item(story, plan, consultation, office, released)
        if plan.held:
            plan_result(story, plan, consultation, AgendaItem.Result.ADOPTED, office, unanimous=True)
    return body, [office_login]
