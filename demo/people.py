"""Stadt Luckenwalde: its departments, bodies of the council, factions, councillors, paper types and logins.

Besides the demo logins (listed by `load_demo`), every department has a head who signs
its papers first (the sign-off order is head of department, treasurer, mayor); those
heads have no demo password.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import User
from council.models import Body, LegislativeTerm, Location, Membership, Organization, Person
from demo.base import DEMO_PASSWORD, Login, fill_unset, get
from resolutions.models import PaperType

DEPARTMENTS = [
    ("Amt Bildung, Jugend und IT", "BJI"),
    ("Amt für Finanzen", "Kämmerei"),
    ("Amt für Stadtentwicklung und Bauen", "Bauamt"),
    ("Ordnungsamt", "OA"),
    ("Hauptamt", "HA-V"),
]

# (name, short name, kind, article): the article opens the resolutions they take ("Der Hauptausschuss beschließt").
COMMITTEES = [
    ("Stadtverordnetenversammlung", "STVV", Organization.Kind.COUNCIL, "Die"),
    ("Hauptausschuss", "HA", Organization.Kind.COMMITTEE, "Der"),
    ("Finanzausschuss", "FA", Organization.Kind.COMMITTEE, "Der"),
    ("Ausschuss für Bildung, Kultur und Soziales", "BKS", Organization.Kind.COMMITTEE, "Der"),
    ("Ausschuss für Stadtentwicklung, Bauen und Umwelt", "SBU", Organization.Kind.COMMITTEE, "Der"),
    ("Ortsbeirat Frankenfelde", "OBR Fr", Organization.Kind.ADVISORY, "Der"),
]
ARTICLE = {short: article for _, short, _, article in COMMITTEES}

# The printed layout of the paper types (PaperType): the administration's Beschlussvorlage
# prints every block (the defaults); its information papers need no treasurer's
# confirmation; a faction's papers name the faction and carry no administration sign-off.
INFORMATION_LAYOUT = {"print_treasurer_confirmation": False}
FACTION_LAYOUT = {
    "author_kind": PaperType.AuthorKind.FACTION,
    "print_department": False,
    "print_author": True,
    "print_signoff_lines": False,
    "print_treasurer_confirmation": False,
}
FACTIONS = [
    ("Fraktion SPD", "SPD"),
    ("Fraktion CDU", "CDU"),
    ("Fraktion Die Linke", "Die Linke"),
    ("Fraktion BVB/Freie Wähler", "BVB/FW"),
    ("Fraktion Bündnis 90/Die Grünen", "Grüne"),
]

# (given name, family name, party, form of address); the first is the demo councillor login.
COUNCILLORS = [
    ("Katrin", "Vogelsang", "SPD", "Frau"),
    ("Thomas", "Brandt", "CDU", "Herr"),
    ("Sabine", "Kühn", "Die Linke", "Frau"),
    ("Michael", "Lehmann", "BVB/FW", "Herr"),
    ("Anja", "Richter", "Grüne", "Frau"),
    ("Frank", "Schulze", "SPD", "Herr"),
    ("Petra", "Neumann", "CDU", "Frau"),
    ("Jens", "Krüger", "SPD", "Herr"),
    ("Monika", "Wolff", "Die Linke", "Frau"),
    ("Rainer", "Hoffmann", "CDU", "Herr"),
    ("Claudia", "Becker", "BVB/FW", "Frau"),
    ("Uwe", "Schröder", "SPD", "Herr"),
    ("Doreen", "Lange", "CDU", "Frau"),
    ("Matthias", "Zimmermann", "Grüne", "Herr"),
    ("Heike", "Schmitt", "Die Linke", "Frau"),
    ("Andreas", "Krause", "CDU", "Herr"),
    ("Birgit", "Hartmann", "SPD", "Frau"),
    ("Steffen", "Werner", "BVB/FW", "Herr"),
    ("Ines", "Fischer", "CDU", "Frau"),
    ("Dirk", "Meier", "SPD", "Herr"),
]

# Committee short name -> indexes into COUNCILLORS (the STVV has everyone).
# The chair of the Stadtverordnetenversammlung, who signs its invitations (index into COUNCILLORS).
STVV_CHAIR = 3

COMMITTEE_MEMBERS = {
    "HA": [0, 1, 2, 3, 4, 5, 6],
    "FA": [1, 6, 7, 8, 10, 13, 15],
    "BKS": [0, 4, 8, 11, 12, 16, 18],
    "SBU": [2, 3, 9, 13, 14, 17, 19],
    "OBR Fr": [5, 9, 17],
}

# Heads of the departments other than BJI (whose head is the demo login "amtsleitung"):
# department short name -> (username, given name, family name, initials).
DEPARTMENT_HEADS = {
    "Kämmerei": ("amtsleitung-finanzen", "Rolf", "Peters", "pet"),
    "Bauamt": ("amtsleitung-bauamt", "Sven", "Walter", "wal"),
    "OA": ("amtsleitung-ordnungsamt", "Nicole", "Braun", "bra"),
    "HA-V": ("amtsleitung-hauptamt", "Torsten", "Graf", "gra"),
}


@dataclass
class Town:
    body: Body
    rathaus: Location
    departments: dict  # short name -> Organization
    organizations: dict  # short name -> Organization (council, committees)
    paper_types: dict  # prefix -> PaperType
    logins: list
    staff: dict  # role -> User (the demo logins)
    heads: dict  # department short name -> User (head of department)

    @property
    def office(self):
        return self.staff[roles.COUNCIL_OFFICE]

    def author(self, department):
        """Who writes (and submits, releases) a paper of the department: the clerk of BJI, elsewhere the head."""
        return self.staff[roles.CLERK] if department == "BJI" else self.heads[department]


def user(body, username, role, first, last, department=None, initials="", superuser=False, password=DEMO_PASSWORD):
    account, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@{body.slug}.example",
            "body": body,
            "department": department,
            "initials": initials,
            "is_staff": superuser,
            "is_superuser": superuser,
        },
    )
    if created:
        if password:
            account.set_password(password)
        else:
            account.set_unusable_password()
        account.save(update_fields=["password"])
        account.groups.add(Group.objects.get_or_create(name=role)[0])
    return account


def login(body, username, role, first, last, description, department=None, initials="", superuser=False):
    account = user(body, username, role, first, last, department, initials, superuser)
    return Login(role=role, username=username, user=account, description=description)


def luckenwalde():
    body = get(
        Body,
        slug="luckenwalde",
        defaults={
            "name": "Stadt Luckenwalde",
            "short_name": "Luckenwalde",
            "website": "https://www.luckenwalde.de",
            "ags": "12072232",
            "contact_name": "Sitzungsdienst",
            "contact_email": "sitzungsdienst@luckenwalde.example",
        },
    )
    fill_unset(body, treasurer_title="Kämmerin", mayor_title="Bürgermeisterin")
    get(
        LegislativeTerm,
        body=body,
        name="Wahlperiode 2019–2024",
        defaults={"start_date": dt.date(2019, 5, 26), "end_date": dt.date(2024, 6, 8)},
    )
    get(LegislativeTerm, body=body, name="Wahlperiode 2024–2029", defaults={"start_date": dt.date(2024, 6, 9)})
    rathaus = get(
        Location,
        body=body,
        description="Rathaus Luckenwalde",
        defaults={
            "street_address": "Markt 10",
            "postal_code": "14943",
            "locality": "Luckenwalde",
            "room": "Sitzungssaal",
        },
    )
    departments = {
        short: get(
            Organization, body=body, name=name, defaults={"short_name": short, "kind": Organization.Kind.DEPARTMENT}
        )
        for name, short in DEPARTMENTS
    }
    organizations = {
        short: get(
            Organization,
            body=body,
            name=name,
            defaults={"short_name": short, "kind": kind, "classification": kind.label, "location": rathaus},
        )
        for name, short, kind, _ in COMMITTEES
    }
    factions = {
        party: get(
            Organization, body=body, name=name, defaults={"short_name": party, "kind": Organization.Kind.FACTION}
        )
        for name, party in FACTIONS
    }
    people = _councillors(body, organizations, factions)
    paper_types = {
        "B": get(
            PaperType,
            body=body,
            prefix="B",
            defaults={"name": "Beschlussvorlage", "numbering": PaperType.Numbering.CONTINUOUS},
        ),
        "I": get(
            PaperType,
            body=body,
            prefix="I",
            defaults={"name": "Informationsvorlage", "needs_decision": False, **INFORMATION_LAYOUT},
        ),
        "A": get(PaperType, body=body, prefix="A", defaults={"name": "Antrag", **FACTION_LAYOUT}),
        "AF": get(
            PaperType,
            body=body,
            prefix="AF",
            defaults={"name": "Anfrage", "needs_decision": False, **FACTION_LAYOUT, "print_financial_impact": False},
        ),
        "M": get(
            PaperType,
            body=body,
            prefix="M",
            defaults={
                "name": "Mitteilungsvorlage",
                "needs_decision": False,
                **INFORMATION_LAYOUT,
                "print_financial_impact": False,
            },
        ),
    }
    # Supplementary and amending papers (resolutions.subordinates) print like the Beschlussvorlage they follow.
    paper_types["EV"] = get(PaperType, body=body, prefix="EV", defaults={"name": "Ergänzungsvorlage"})
    paper_types["AEV"] = get(PaperType, body=body, prefix="AEV", defaults={"name": "Änderungsvorlage"})
    logins = _logins(body, departments, people[0])
    heads = {
        short: user(body, username, roles.HEAD_OF_DEPARTMENT, first, last, departments[short], initials, password=None)
        for short, (username, first, last, initials) in DEPARTMENT_HEADS.items()
    }
    staff = {entry.role: entry.user for entry in logins}
    heads["BJI"] = staff[roles.HEAD_OF_DEPARTMENT]
    return Town(body, rathaus, departments, organizations, paper_types, logins, staff, heads)


def _councillors(body, organizations, factions):
    people = []
    term_start = dt.date(2024, 6, 9)
    for index, (given, family, party, address) in enumerate(COUNCILLORS):
        person = get(
            Person,
            body=body,
            given_name=given,
            family_name=family,
            defaults={
                "party": party,
                "form_of_address": address,
                "email": f"{given.lower()}.{family.lower()}@stvv-luckenwalde.example",
            },
        )
        people.append(person)
        get(
            Membership,
            person=person,
            organization=organizations["STVV"],
            defaults={
                "body": body,
                "role": _chair_role(person) if index == STVV_CHAIR else _councillor_role(person),
                "start_date": term_start,
            },
        )
        get(
            Membership,
            person=person,
            organization=factions[party],
            defaults={"body": body, "role": "Mitglied", "start_date": term_start},
        )
    for short, indexes in COMMITTEE_MEMBERS.items():
        for position, index in enumerate(indexes):
            get(
                Membership,
                person=people[index],
                organization=organizations[short],
                defaults={
                    "body": body,
                    "role": _chair_role(people[index]) if position == 0 else "Mitglied",
                    "start_date": dt.date(2024, 7, 1),
                    "on_behalf_of": factions[people[index].party],
                },
            )
    return people


def _chair_role(person):
    """ "Vorsitzende" or "Vorsitzender", as the person is addressed: the role is printed under letters."""
    return "Vorsitzende" if person.form_of_address == "Frau" else "Vorsitzender"


def _councillor_role(person):
    return "Stadtverordnete" if person.form_of_address == "Frau" else "Stadtverordneter"


def _logins(body, departments, councillor_person):
    logins = [
        login(body, "sachbearbeitung", roles.CLERK, "Jana", "Seidel", "Sachbearbeitung, Amt Bildung, Jugend und IT",
              departments["BJI"], "sei"),
        login(body, "amtsleitung", roles.HEAD_OF_DEPARTMENT, "Markus", "Engel", "Amtsleiter, Amt Bildung, Jugend und IT",
              departments["BJI"], "eng"),
        login(body, "kaemmerin", roles.TREASURER, "Gabriele", "Haas", "Kämmerin", departments["Kämmerei"], "haa"),
        login(body, "buergermeisterin", roles.MAYOR, "Christiane", "Albrecht", "Bürgermeisterin", departments["HA-V"],
              "alb"),
        login(body, "sitzungsdienst", roles.COUNCIL_OFFICE, "Julia", "Jäger", "Sitzungsdienst", departments["HA-V"],
              "jae"),
        login(body, "stadtverordnete", roles.COUNCILLOR, councillor_person.given_name, councillor_person.family_name,
              "Stadtverordnete, Mitglied im Hauptausschuss und im Ausschuss BKS"),
        login(body, "admin", roles.ADMIN, "Ada", "Admin", "Administration (alle Kommunen)", superuser=True),
    ]  # fmt: skip
    if councillor_person.user_id is None:
        councillor_person.user = logins[5].user
        councillor_person.save()
    return logins
