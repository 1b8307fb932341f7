"""Demo data: the seed paper B-7311/2021 of Stadt Luckenwalde, and a believable town around it.

`load_demo()` is idempotent: every record is looked up by a natural key and created only
when missing, so a second run writes nothing. Dates of the demo year are fixed (not
relative to today) for the same reason.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group
from django.db import transaction

from accounts import roles
from accounts.models import User
from council.models import AgendaItem, Body, LegislativeTerm, Location, Meeting, Membership, Organization, Person
from resolutions.amendments import amended_text
from resolutions.models import Amendment, Consultation, Paper, PaperType, ReferenceCounter, SignOff

DEMO_PASSWORD = "ratsinfo-demo"
TZ = ZoneInfo("Europe/Berlin")

SEED_TITLE = "Aufnahme in den Zweckverband Digitale Kommunen Brandenburg"
SEED_REFERENCE = "B-7311/2021"
SEED_RESOLUTION = (
    "<p>Die Stadtverordnetenversammlung beschließt: den Beitritt der Stadt Luckenwalde zum Zweckverband "
    "Digitale Kommunen Brandenburg.</p>\n"
    "<p>Die Bürgermeisterin wird beauftragt den Aufnahmeantrag für die Stadt Luckenwalde beim Zweckverband "
    "Digitale Kommunen Brandenburg (DiKom) zu stellen.</p>"
)
SEED_AMENDMENT_BEFORE = "den Beitritt der Stadt Luckenwalde zum Zweckverband Digitale Kommunen Brandenburg."
SEED_AMENDMENT_AFTER = (
    "den Beitritt der Stadt Luckenwalde zum Zweckverband Digitale Kommunen Brandenburg zum nächstmöglichen Zeitpunkt."
)
SEED_REASONING = "\n".join(
    f"<p>{paragraph}</p>"
    for paragraph in (
        "Der Zweckverband Digitale Kommunen Brandenburg (DIKOM) wurde im April 2020 von Städten, Gemeinden und "
        "Gemeindeverbänden sowie dem Städte- und Gemeindebund Brandenburg gegründet. Derzeit umfasst der "
        "Zweckverband DIKOM 44 Mitglieder, darunter die Städte Potsdam, Altlandsberg, Angermünde, Bad Belzig, "
        "Beelitz, Bernau bei Berlin, Cottbus/Chósebuz, Falkensee, Fürstenberg/Havel, Hohen Neuendorf, Kremmen, "
        "Kyritz, Lauchhammer, Oranienburg, Premnitz, Senftenberg/Zly Komorow, Werneuchen und Wittenberge.",
        "Der Zweckverband DIKOM bietet seinen Mitgliedern ein breites Portfolio an IT-Dienstleistungen und "
        "–Schulungen an. Ein Mitgliedsbeitrag an den Zweckverband ist nicht zu entrichten, die einzelnen "
        "Dienstleistungen werden auf der Grundlage des Preiskatalogs berechnet. Zur Nutzung der Dienstleistungen "
        "ist eine Verbandsmitgliedschaft erforderlich.",
        "Im Zuge der Umsetzung von Diensten gemäß Onlinezugangsgesetz (OZG) wird die Zusammenarbeit mit "
        "Zweckverbänden und kommunalen Rechenzentren zunehmen. Nach Einschätzung der Stadtverwaltung wird dem "
        "Zweckverband DIKOM hierbei eine bündelnde Funktion von Dienstleistungen für die angeschlossenen "
        "brandenburgischen Kommunen zukommen.",
        "Die Stadt Luckenwalde hat bereits erste Erfahrungen mit dem zuverlässigen Betrieb des Zweckverbandes "
        "DIKOM sammeln können: Im Rahmen einer vertraglichen Vereinbarung stellt die Stadt Cottbus das "
        "Fachverfahren AUTISTA (Standesamtsanwendungen) für Kommunen über das Landesverwaltungsnetz bereit. Die "
        "Stadt Cottbus hat mit dem Hosting und Serverbetrieb den Zweckverband DIKOM beauftragt. Die Bereitstellung "
        "der Dienste lief bis dato unproblematisch, Supportanfragen wurden zeitnah bearbeitet.",
    )
)

STANDING_ITEMS = [
    "Eröffnung der Sitzung",
    "Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit",
    "Bestätigung der Niederschrift der letzten Sitzung",
    "Mitteilungen der Bürgermeisterin",
    "Einwohnerfragestunde",
]

# The demo year: fixed dates so that a second run finds every meeting again.
DEMO_YEAR_START = dt.date(2026, 3, 1)
DEMO_TODAY = dt.date(2026, 11, 25)


def at(day, hour=18, minute=0):
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


@dataclass
class Demo:
    """What load_demo made, for the command's report and for tests."""

    luckenwalde: Body
    nuthe: Body
    seed_paper: Paper
    logins: list


def get(model, defaults=None, **lookup):
    obj, _ = model.objects.get_or_create(defaults=defaults or {}, **lookup)
    return obj


@transaction.atomic
def load_demo():
    from meetings.demo import load_meetings_demo  # the council office's part; it builds on this module
    from portal.legal import demo_legal_pages  # Impressum, Datenschutz, Barrierefreiheit of the portal

    luckenwalde = get(
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
    town = _build_luckenwalde(luckenwalde)
    nuthe = get(
        Body,
        slug="nuthe-urstromtal",
        defaults={"name": "Gemeinde Nuthe-Urstromtal", "short_name": "Nuthe-Urstromtal", "ags": "12072341"},
    )
    nuthe_logins = _build_nuthe(nuthe)
    demo = Demo(luckenwalde=luckenwalde, nuthe=nuthe, seed_paper=town["seed"], logins=town["logins"] + nuthe_logins)
    load_meetings_demo(demo)
    _demo_files(luckenwalde)
    demo_legal_pages(luckenwalde, nuthe)
    return demo


# --- Luckenwalde -----------------------------------------------------------------------


DEPARTMENTS = [
    ("Amt Bildung, Jugend und IT", "BJI"),
    ("Amt für Finanzen", "Kämmerei"),
    ("Amt für Stadtentwicklung und Bauen", "Bauamt"),
    ("Ordnungsamt", "OA"),
    ("Hauptamt", "HA-V"),
]

COMMITTEES = [
    ("Stadtverordnetenversammlung", "STVV", Organization.Kind.COUNCIL),
    ("Hauptausschuss", "HA", Organization.Kind.COMMITTEE),
    ("Finanzausschuss", "FA", Organization.Kind.COMMITTEE),
    ("Ausschuss für Bildung, Kultur und Soziales", "BKS", Organization.Kind.COMMITTEE),
    ("Ausschuss für Stadtentwicklung, Bauen und Umwelt", "SBU", Organization.Kind.COMMITTEE),
    ("Ortsbeirat Frankenfelde", "OBR Fr", Organization.Kind.ADVISORY),
]

FACTIONS = [
    ("Fraktion SPD", "SPD"),
    ("Fraktion CDU", "CDU"),
    ("Fraktion Die Linke", "Die Linke"),
    ("Fraktion BVB/Freie Wähler", "BVB/FW"),
    ("Fraktion Bündnis 90/Die Grünen", "Grüne"),
]

# (given name, family name, party); the first is the demo councillor login.
COUNCILLORS = [
    ("Katrin", "Vogelsang", "SPD"),
    ("Thomas", "Brandt", "CDU"),
    ("Sabine", "Kühn", "Die Linke"),
    ("Michael", "Lehmann", "BVB/FW"),
    ("Anja", "Richter", "Grüne"),
    ("Frank", "Schulze", "SPD"),
    ("Petra", "Neumann", "CDU"),
    ("Jens", "Krüger", "SPD"),
    ("Monika", "Wolff", "Die Linke"),
    ("Rainer", "Hoffmann", "CDU"),
    ("Claudia", "Becker", "BVB/FW"),
    ("Uwe", "Schröder", "SPD"),
    ("Doreen", "Lange", "CDU"),
    ("Matthias", "Zimmermann", "Grüne"),
    ("Heike", "Schmitt", "Die Linke"),
    ("Andreas", "Krause", "CDU"),
    ("Birgit", "Hartmann", "SPD"),
    ("Steffen", "Werner", "BVB/FW"),
    ("Ines", "Fischer", "CDU"),
    ("Dirk", "Meier", "SPD"),
]

# Committee short name -> indexes into COUNCILLORS (the STVV has everyone).
COMMITTEE_MEMBERS = {
    "HA": [0, 1, 2, 3, 4, 5, 6],
    "FA": [1, 6, 7, 8, 10, 13, 15],
    "BKS": [0, 4, 8, 11, 12, 16, 18],
    "SBU": [2, 3, 9, 13, 14, 17, 19],
    "OBR Fr": [5, 9, 17],
}

# Meetings per organization over the demo year: (short name, months, weekday offset).
MEETING_PLAN = {
    "STVV": [3, 5, 7, 9, 11, 12, 2],
    "HA": [3, 4, 5, 6, 7, 9, 10, 11, 12, 1, 2],
    "FA": [4, 6, 9, 11, 1],
    "BKS": [3, 5, 9, 11, 1],
    "SBU": [4, 6, 9, 11, 12, 2],
    "OBR Fr": [5, 10],
}
MEETING_DAY = {"STVV": 1, "HA": 2, "FA": 3, "BKS": 8, "SBU": 9, "OBR Fr": 15}


def _build_luckenwalde(body):
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
        for name, short, kind in COMMITTEES
    }
    factions = {
        party: get(
            Organization, body=body, name=name, defaults={"short_name": party, "kind": Organization.Kind.FACTION}
        )
        for name, party in FACTIONS
    }
    people = []
    for given, family, party in COUNCILLORS:
        person = get(
            Person,
            body=body,
            given_name=given,
            family_name=family,
            defaults={"party": party, "email": f"{given.lower()}.{family.lower()}@stvv-luckenwalde.example"},
        )
        people.append(person)
        term_start = dt.date(2024, 6, 9)
        get(
            Membership,
            person=person,
            organization=organizations["STVV"],
            defaults={"body": body, "role": "Stadtverordnete/r", "start_date": term_start},
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
                    "role": "Vorsitzende/r" if position == 0 else "Mitglied",
                    "start_date": dt.date(2024, 7, 1),
                    "on_behalf_of": factions[people[index].party],
                },
            )

    paper_types = {
        "B": get(
            PaperType,
            body=body,
            prefix="B",
            defaults={"name": "Beschlussvorlage", "numbering": PaperType.Numbering.CONTINUOUS},
        ),
        "I": get(PaperType, body=body, prefix="I", defaults={"name": "Informationsvorlage", "needs_decision": False}),
        "A": get(PaperType, body=body, prefix="A", defaults={"name": "Antrag"}),
        "AF": get(PaperType, body=body, prefix="AF", defaults={"name": "Anfrage", "needs_decision": False}),
        "M": get(PaperType, body=body, prefix="M", defaults={"name": "Mitteilungsvorlage", "needs_decision": False}),
    }

    logins = _luckenwalde_logins(body, departments, people[0])
    staff = {login.role: login.user for login in logins}

    seed = _seed_paper(body, departments["BJI"], organizations["STVV"], rathaus, paper_types["B"], staff)
    meetings = _demo_meetings(body, organizations, rathaus)
    _demo_papers(body, departments, organizations, paper_types, meetings, staff)
    _sync_counters(body)
    return {"seed": seed, "logins": logins}


@dataclass
class Login:
    role: str
    username: str
    user: User
    description: str


def _login(body, username, role, first, last, description, department=None, initials="", superuser=False):
    user, created = User.objects.get_or_create(
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
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return Login(role=role, username=username, user=user, description=description)


def _luckenwalde_logins(body, departments, councillor_person):
    logins = [
        _login(
            body,
            "sachbearbeitung",
            roles.CLERK,
            "Jana",
            "Seidel",
            "Sachbearbeitung, Amt Bildung, Jugend und IT",
            departments["BJI"],
            "sei",
        ),
        _login(
            body,
            "amtsleitung",
            roles.HEAD_OF_DEPARTMENT,
            "Markus",
            "Engel",
            "Amtsleiter, Amt Bildung, Jugend und IT",
            departments["BJI"],
            "eng",
        ),
        _login(body, "kaemmerin", roles.TREASURER, "Gabriele", "Haas", "Kämmerin", departments["Kämmerei"], "haa"),
        _login(
            body,
            "buergermeisterin",
            roles.MAYOR,
            "Christiane",
            "Albrecht",
            "Bürgermeisterin",
            departments["HA-V"],
            "alb",
        ),
        _login(
            body, "sitzungsdienst", roles.COUNCIL_OFFICE, "Julia", "Jäger", "Sitzungsdienst", departments["HA-V"], "jae"
        ),
        _login(
            body,
            "stadtverordnete",
            roles.COUNCILLOR,
            councillor_person.given_name,
            councillor_person.family_name,
            "Stadtverordnete, Mitglied im Hauptausschuss und im Ausschuss BKS",
        ),
        _login(body, "admin", roles.ADMIN, "Ada", "Admin", "Administration (alle Kommunen)", superuser=True),
    ]
    if councillor_person.user_id is None:
        councillor_person.user = logins[5].user
        councillor_person.save()
    return logins


def _signed(paper, staff, when):
    for position, (role, key) in enumerate(
        [
            (SignOff.Role.HEAD_OF_DEPARTMENT, roles.HEAD_OF_DEPARTMENT),
            (SignOff.Role.TREASURER, roles.TREASURER),
            (SignOff.Role.MAYOR, roles.MAYOR),
        ],
        start=1,
    ):
        get(
            SignOff,
            paper=paper,
            role=role,
            position=position,
            defaults={"body": paper.body, "state": SignOff.State.SIGNED, "signed_by": staff[key], "signed_at": when},
        )


def _seed_paper(body, department, stvv, rathaus, beschlussvorlage, staff):
    meeting = get(
        Meeting,
        organization=stvv,
        start=at(dt.date(2021, 12, 14)),
        defaults={
            "body": body,
            "state": Meeting.State.HELD,
            "end": at(dt.date(2021, 12, 14), 21, 30),
            "location": rathaus,
            "invitation_published_at": at(dt.date(2021, 12, 1), 9),
            "name": "Sitzung der Stadtverordnetenversammlung",
        },
    )
    paper = get(
        Paper,
        body=body,
        reference=SEED_REFERENCE,
        defaults={
            "paper_type": beschlussvorlage,
            "name": SEED_TITLE,
            "date": dt.date(2021, 11, 23),
            "under_direction_of": department,
            "originator": staff[roles.CLERK],
            "state": Paper.State.DECIDED,
            "result": Paper.Result.ADOPTED_WITH_CHANGES,
            "resolution_text": SEED_RESOLUTION,
            "reasoning": SEED_REASONING,
            "financial_impact": False,
            "public": True,
            "released_at": at(dt.date(2021, 11, 25), 10),
            "decided_at": at(dt.date(2021, 12, 14), 20),
        },
    )
    _signed(paper, staff, at(dt.date(2021, 11, 24), 11))
    consultation = get(
        Consultation,
        paper=paper,
        position=1,
        defaults={"organization": stvv, "role": Consultation.Role.DECISION, "meeting": meeting},
    )
    _standing_items(meeting)
    item = get(
        AgendaItem,
        meeting=meeting,
        number="Ö 7",
        defaults={
            "order": 7,
            "name": SEED_TITLE,
            "consultation": consultation,
            "result": AgendaItem.Result.ADOPTED_WITH_CHANGES,
            "votes_yes": 24,
            "votes_no": 2,
            "votes_abstention": 1,
        },
    )
    get(
        Amendment,
        consultation=consultation,
        position=1,
        defaults={
            "meeting": meeting,
            "kind": Amendment.Kind.ADDED,
            "text_before": SEED_AMENDMENT_BEFORE,
            "text_after": SEED_AMENDMENT_AFTER,
            "initials": "jae",
            "recorded_by": staff[roles.COUNCIL_OFFICE],
        },
    )
    if not item.resolution_text:  # as meetings.results records it: the text as decided
        item.resolution_text = amended_text(paper).decided
        item.save()
    return paper


def _standing_items(meeting):
    for order, name in enumerate(STANDING_ITEMS, start=1):
        get(
            AgendaItem,
            meeting=meeting,
            number=f"Ö {order}",
            defaults={"order": order, "name": name, "body": meeting.body},
        )


def _demo_meetings(body, organizations, rathaus):
    """A year of meetings per organization, held before DEMO_TODAY, invited or planned after."""
    meetings = {}
    for short, months in MEETING_PLAN.items():
        organization = organizations[short]
        for month in months:
            year = DEMO_YEAR_START.year + (1 if month < DEMO_YEAR_START.month else 0)
            day = dt.date(year, month, 1) + dt.timedelta(days=MEETING_DAY[short] + 7)
            while day.weekday() > 3:  # councils meet Monday to Thursday
                day += dt.timedelta(days=1)
            start = at(day, 17 if short != "STVV" else 18)
            if day < DEMO_TODAY:
                state, published = Meeting.State.HELD, at(day - dt.timedelta(days=14), 9)
            elif day < DEMO_TODAY + dt.timedelta(days=21):
                # Invitations go out two weeks ahead, and never later than the demo's "today".
                sent = min(day - dt.timedelta(days=14), DEMO_TODAY - dt.timedelta(days=1))
                state, published = Meeting.State.INVITED, at(sent, 9)
            else:
                state, published = Meeting.State.PLANNED, None
            if short == "OBR Fr" and month == 10:
                state, published = Meeting.State.CANCELLED, None
            meeting = get(
                Meeting,
                organization=organization,
                start=start,
                defaults={
                    "body": body,
                    "end": start + dt.timedelta(hours=2, minutes=30),
                    "location": rathaus,
                    "state": state,
                    "invitation_published_at": published,
                    "cancellation_reason": "Keine Beratungsgegenstände" if state == Meeting.State.CANCELLED else "",
                },
            )
            if state != Meeting.State.CANCELLED and (state != Meeting.State.PLANNED):
                _standing_items(meeting)
            meetings.setdefault(short, []).append(meeting)
    return meetings


# Demo papers: (type, title, department, state, public, consultations as (org, role), financial amount)
PRE, DEC, INFO = Consultation.Role.PRELIMINARY, Consultation.Role.DECISION, Consultation.Role.INFORMATION
# fmt: off
DEMO_PAPERS = [
    ("B", "Haushaltssatzung der Stadt Luckenwalde für das Haushaltsjahr 2027", "Kämmerei", "in_consultation", True, [("FA", PRE), ("HA", PRE), ("STVV", DEC)], "1250000.00"),
    ("B", "Sanierung der Turnhalle der Grundschule „Gebrüder Grimm“", "Bauamt", "decided", True, [("SBU", PRE), ("FA", PRE), ("STVV", DEC)], "845000.00"),
    ("B", "Fortschreibung des Schulentwicklungsplans 2026–2031", "BJI", "decided", True, [("BKS", PRE), ("STVV", DEC)], None),
    ("B", "Digitalisierung der Schulen – Beschaffung von Tablets (DigitalPakt)", "BJI", "in_consultation", True, [("BKS", PRE), ("HA", DEC)], "186400.00"),
    ("B", "Bebauungsplan Nr. 42 „Wohnen am Nuthepark“ – Aufstellungsbeschluss", "Bauamt", "decided", True, [("SBU", PRE), ("HA", PRE), ("STVV", DEC)], None),
    ("B", "Satzung über die Erhebung von Gebühren für die Benutzung der Kindertagesstätten", "BJI", "released", True, [("BKS", PRE), ("HA", PRE), ("STVV", DEC)], None),
    ("B", "Verkauf des Grundstücks Gemarkung Luckenwalde, Flur 12, Flurstück 305", "Kämmerei", "decided", False, [("HA", DEC)], "95000.00"),
    ("B", "Vergabe der Bauleistungen Feuerwache – Los 3 Dach", "Bauamt", "in_consultation", False, [("HA", DEC)], "312000.00"),
    ("B", "Einführung eines digitalen Ratsinformationssystems", "BJI", "in_signoff", True, [("HA", PRE), ("STVV", DEC)], "48000.00"),
    ("B", "Neufassung der Straßenreinigungssatzung", "OA", "draft", True, [("SBU", PRE), ("STVV", DEC)], None),
    ("B", "Benennung der Straße im Baugebiet „Am Weinberg“", "Bauamt", "in_signoff", True, [("OBR Fr", PRE), ("SBU", DEC)], None),
    ("B", "Jahresabschluss 2025 und Entlastung der Bürgermeisterin", "Kämmerei", "released", True, [("FA", PRE), ("STVV", DEC)], None),
    ("B", "Beitritt zur Klimapartnerschaft Fläming", "Bauamt", "withdrawn", True, [("SBU", PRE), ("STVV", DEC)], None),
    ("B", "Abschluss eines Erbbaurechtsvertrags mit dem Sportverein Luckenwalde e. V.", "Kämmerei", "draft", False, [("HA", DEC)], None),
    ("B", "Zuschuss an den Förderverein Stadttheater 2027", "BJI", "decided", True, [("BKS", PRE), ("HA", DEC)], "25000.00"),
    ("B", "Ersatzbeschaffung eines Tanklöschfahrzeugs", "OA", "in_consultation", True, [("FA", PRE), ("HA", DEC)], "420000.00"),
    ("B", "Personalangelegenheit: Besetzung der Stelle Leitung Bauamt", "HA-V", "decided", False, [("HA", DEC)], None),
    ("I", "Bericht zum Stand der Umsetzung des Onlinezugangsgesetzes", "BJI", "decided", True, [("HA", INFO), ("STVV", INFO)], None),
    ("I", "Sachstand Breitbandausbau im Ortsteil Frankenfelde", "BJI", "in_consultation", True, [("OBR Fr", INFO), ("SBU", INFO)], None),
    ("I", "Quartalsbericht Haushaltsvollzug III/2026", "Kämmerei", "released", True, [("FA", INFO)], None),
    ("I", "Kriminalitätslage im Stadtgebiet 2025", "OA", "draft", True, [("HA", INFO)], None),
    ("A", "Antrag der Fraktion SPD: Kostenfreies Schulmittagessen prüfen", "BJI", "decided", True, [("BKS", PRE), ("STVV", DEC)], None),
    ("A", "Antrag der Fraktion CDU: Mehr Parkplätze am Bahnhof", "Bauamt", "in_consultation", True, [("SBU", PRE), ("STVV", DEC)], None),
    ("A", "Antrag der Fraktion Bündnis 90/Die Grünen: Baumschutzsatzung", "Bauamt", "released", True, [("SBU", PRE), ("STVV", DEC)], None),
    ("A", "Antrag der Fraktion Die Linke: Sozialticket für den Stadtverkehr", "OA", "withdrawn", True, [("HA", PRE), ("STVV", DEC)], None),
    ("AF", "Anfrage der Fraktion BVB/Freie Wähler: Sanierungsstau an Schulgebäuden", "Bauamt", "decided", True, [("STVV", INFO)], None),
    ("AF", "Anfrage: Wartezeiten im Bürgeramt", "HA-V", "in_consultation", True, [("HA", INFO)], None),
    ("M", "Mitteilung: Ergebnis der Einwohnerbefragung zur Innenstadt", "Bauamt", "released", True, [("SBU", INFO), ("STVV", INFO)], None),
    ("M", "Mitteilung: Neue Öffnungszeiten der Stadtbibliothek", "BJI", "in_signoff", True, [("BKS", INFO)], None),
]
# fmt: on

LOREM_REASONING = (
    "<p>Die Verwaltung legt die Vorlage zur Beratung vor. Die Einzelheiten ergeben sich aus den Anlagen "
    "und der Darstellung im Sachverhalt.</p>\n<p>Die Angelegenheit wurde mit den betroffenen Ämtern abgestimmt.</p>"
)


def _demo_papers(body, departments, organizations, paper_types, meetings, staff):
    number = {"B": 8100, "I": 0, "A": 0, "AF": 0, "M": 0}
    for index, (prefix, title, dept, state, public, steps, amount) in enumerate(DEMO_PAPERS):
        paper_type = paper_types[prefix]
        number[prefix] += 1
        if state == "decided":
            date = DEMO_YEAR_START + dt.timedelta(days=4 * index)
        elif state == "in_consultation":
            date = DEMO_YEAR_START + dt.timedelta(days=150 + 3 * index)
        else:
            date = DEMO_TODAY - dt.timedelta(days=40 - index)
        published = state in Paper.PUBLISHED_STATES
        reference = (
            paper_type.reference_format.format(prefix=prefix, number=number[prefix], year=date.year)
            if published
            else None
        )
        paper = get(
            Paper,
            body=body,
            name=title,
            defaults={
                "paper_type": paper_type,
                "reference": reference,
                "date": date,
                "under_direction_of": departments[dept],
                "originator": staff[roles.CLERK],
                "state": state,
                "result": (Paper.Result.NOTED if not paper_type.needs_decision else Paper.Result.ADOPTED)
                if state == "decided"
                else "",
                "resolution_text": f"<p>Die {organizations[steps[-1][0]].name} beschließt: {title}.</p>"
                if paper_type.needs_decision
                else f"<p>Die {organizations[steps[-1][0]].name} nimmt die Vorlage „{title}“ zur Kenntnis.</p>",
                "reasoning": LOREM_REASONING,
                "financial_impact": amount is not None,
                "financial_amount": amount,
                "financial_budget_line": "11.1.01/5421000" if amount else "",
                "financial_description": "Die Mittel stehen im Haushalt 2026/2027 zur Verfügung." if amount else "",
                "public": public,
                "released_at": at(date + dt.timedelta(days=3), 10) if reference else None,
            },
        )
        if state == "in_signoff":
            get(
                SignOff,
                paper=paper,
                role=SignOff.Role.HEAD_OF_DEPARTMENT,
                position=1,
                defaults={
                    "state": SignOff.State.SIGNED,
                    "signed_by": staff[roles.HEAD_OF_DEPARTMENT],
                    "signed_at": at(date, 9),
                },
            )
            get(
                SignOff, paper=paper, role=SignOff.Role.TREASURER, position=2, defaults={"state": SignOff.State.PENDING}
            )
            get(SignOff, paper=paper, role=SignOff.Role.MAYOR, position=3, defaults={"state": SignOff.State.PENDING})
        elif reference:
            _signed(paper, staff, at(date + dt.timedelta(days=2), 11))
        _demo_consultations(paper, organizations, steps, meetings, state)


def _next_meeting(meetings, after, held):
    for meeting in meetings:
        if (
            meeting.start.date() > after
            and (meeting.state == Meeting.State.HELD) == held
            and meeting.state != Meeting.State.CANCELLED
        ):
            return meeting
    return None


def _demo_consultations(paper, organizations, steps, meetings, state):
    after = paper.date
    for position, (short, role) in enumerate(steps, start=1):
        consultation = get(
            Consultation, paper=paper, position=position, defaults={"organization": organizations[short], "role": role}
        )
        if state == "decided" or state == "in_consultation" and position < len(steps):
            meeting = _next_meeting(meetings[short], after, held=True)
        elif state == "in_consultation":
            meeting = _next_meeting(meetings[short], max(after, DEMO_TODAY), held=False)
        else:
            meeting = None
        if meeting is None:
            continue
        after = meeting.start.date()
        if consultation.meeting_id is None:
            consultation.meeting = meeting
            consultation.save()
        if consultation.agenda_items.exists():
            continue
        existing = list(meeting.agenda_items.order_by("order").values_list("order", "number"))
        order = (existing[-1][0] if existing else 0) + 1
        prefix = "Ö" if paper.public else "N"
        count = sum(1 for _, number in existing if number.startswith(prefix))
        held = meeting.state == Meeting.State.HELD
        if role == Consultation.Role.INFORMATION:
            result = AgendaItem.Result.NOTED
        elif role == Consultation.Role.PRELIMINARY:
            result = AgendaItem.Result.RECOMMENDED
        else:
            result = AgendaItem.Result.ADOPTED
        AgendaItem.objects.create(
            meeting=meeting,
            number=f"{prefix} {count + 1}",
            order=order,
            name=paper.name,
            public=paper.public,
            consultation=consultation,
            result=result if held else "",
            resolution_text=amended_text(paper).decided if held else "",
            votes_yes=5 if held and role != Consultation.Role.INFORMATION else None,
            votes_no=1 if held and role != Consultation.Role.INFORMATION else None,
            votes_abstention=1 if held and role != Consultation.Role.INFORMATION else None,
        )


def _sync_counters(body):
    """Continue each paper type's numbering after the highest demo reference."""
    for paper_type in PaperType.objects.filter(body=body):
        numbers = {}
        for reference in paper_type.papers.exclude(reference=None).values_list("reference", flat=True):
            number = int(reference.split("-", 1)[1].split("/", 1)[0])
            year = 0 if paper_type.numbering == PaperType.Numbering.CONTINUOUS else int(reference.rsplit("/", 1)[1])
            numbers[year] = max(numbers.get(year, 0), number)
        for year, last in numbers.items():
            counter, _ = ReferenceCounter.objects.get_or_create(paper_type=paper_type, year=year)
            if counter.last_number < last:
                counter.last_number = last
                counter.save()


# --- Nuthe-Urstromtal: a second, smaller Body ---------------------------------------------


def _build_nuthe(body):
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
    for given, family, party in [
        ("Kerstin", "Pohl", "CDU"),
        ("Holger", "Ritter", "SPD"),
        ("Silke", "Franke", "Wählergruppe"),
        ("Ralf", "Winkler", "AfD"),
        ("Martina", "Busch", "SPD"),
    ]:
        person = get(Person, body=body, given_name=given, family_name=family, defaults={"party": party})
        get(Membership, person=person, organization=council, defaults={"body": body, "role": "Gemeindevertreter/in"})
        people.append(person)
    for person in people[:3]:
        get(Membership, person=person, organization=committee, defaults={"body": body})
    beschluss = get(PaperType, body=body, prefix="BV", defaults={"name": "Beschlussvorlage"})
    login = _login(
        body,
        "nuthe-sitzungsdienst",
        roles.COUNCIL_OFFICE,
        "Karin",
        "Kramer",
        "Sitzungsdienst, Gemeinde Nuthe-Urstromtal",
        department,
        "kra",
    )
    meetings = []
    for month in (9, 10, 12):
        start = at(dt.date(2026, month, 17), 19)
        state = Meeting.State.HELD if start.date() < DEMO_TODAY else Meeting.State.INVITED
        meeting = get(
            Meeting,
            organization=council,
            start=start,
            defaults={
                "body": body,
                "location": hall,
                "state": state,
                "invitation_published_at": at(min(start.date(), DEMO_TODAY) - dt.timedelta(days=10), 9),
            },
        )
        _standing_items(meeting)
        meetings.append(meeting)
    for index, (title, public) in enumerate(
        [
            ("Bebauungsplan „Gewerbegebiet Woltersdorf“ – Satzungsbeschluss", True),
            ("Erneuerung der Ortsdurchfahrt Ruhlsdorf", True),
            ("Grundstücksangelegenheit Gemarkung Stülpe", False),
        ]
    ):
        paper = get(
            Paper,
            body=body,
            name=title,
            defaults={
                "paper_type": beschluss,
                "reference": f"BV-{index + 101}/2026",
                "date": dt.date(2026, 8, 20 + index),
                "under_direction_of": department,
                "state": Paper.State.DECIDED if index < 2 else Paper.State.IN_CONSULTATION,
                "result": Paper.Result.ADOPTED if index < 2 else "",
                "resolution_text": f"<p>Die Gemeindevertretung beschließt: {title}.</p>",
                "reasoning": LOREM_REASONING,
                "public": public,
                "released_at": at(dt.date(2026, 8, 25), 10),
            },
        )
        meeting = meetings[0] if index < 2 else meetings[2]
        consultation = get(
            Consultation,
            paper=paper,
            position=1,
            defaults={"organization": council, "role": Consultation.Role.DECISION, "meeting": meeting},
        )
        if not consultation.agenda_items.exists():
            prefix = "Ö" if public else "N"
            AgendaItem.objects.create(
                meeting=meeting,
                number=f"{prefix} {6 + index}" if public else "N 1",
                order=6 + index,
                name=title,
                public=public,
                consultation=consultation,
                result=AgendaItem.Result.ADOPTED if index < 2 else "",
                resolution_text=amended_text(paper).decided if index < 2 else "",
                unanimous=index < 2,
            )
    _sync_counters(body)
    return [login]


# --- Attachments ------------------------------------------------------------------------------

# (paper title, file name, public, lines of text): a public annex, a non-public annex of a
# public paper, and the annex of a non-public paper, so every rule about files shows.
DEMO_FILES = [
    (
        "Haushaltssatzung der Stadt Luckenwalde für das Haushaltsjahr 2027",
        "Haushaltsplan-Entwurf-2027.pdf",
        True,
        [
            "Entwurf Haushaltsplan 2027",
            "Ergebnishaushalt: Erträge 48,2 Mio. EUR, Aufwendungen 49,1 Mio. EUR",
            "Finanzhaushalt: Investitionen 6,8 Mio. EUR",
        ],
    ),
    (
        "Haushaltssatzung der Stadt Luckenwalde für das Haushaltsjahr 2027",
        "Stellenplan-2027-vertraulich.pdf",
        False,
        ["Stellenplan 2027 (vertraulich)", "Personalkosten je Organisationseinheit"],
    ),
    (
        "Vergabe der Bauleistungen Feuerwache – Los 3 Dach",
        "Angebotsspiegel-Los-3.pdf",
        True,
        ["Angebotsspiegel Los 3 Dach", "Bieter A: 312.000 EUR", "Bieter B: 298.500 EUR", "Bieter C: 341.200 EUR"],
    ),
]


def _demo_files(body):
    from resolutions.files import store_file
    from resolutions.models import File

    for title, file_name, public, lines in DEMO_FILES:
        paper = Paper.objects.get(body=body, name=title)
        if not File.objects.filter(paper=paper, file_name=file_name).exists():
            store_file(simple_pdf(lines), file_name=file_name, name=lines[0], paper=paper, public=public)


def simple_pdf(lines):
    """A one-page A4 PDF with the given lines in Helvetica: enough for a believable, searchable annex."""

    def text(line):
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("cp1252")

    stream = b"BT /F1 12 Tf 72 770 Td 16 TL " + b" ".join(b"(" + text(line) + b") '" for line in lines) + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body_bytes in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body_bytes + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
