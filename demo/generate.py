"""`generate(bodies, papers, seed)`: many Bodies with ten years of finished council work, for scale.

The generated Bodies sit next to the demo (they never touch it): a Zweckverband that
hosts dozens of municipalities on one instance. Each Body gets a council, committees,
factions, departments, people and their memberships, ten years of meetings with agendas
(public and non-public items), papers with their Beratungsfolge, results and votes,
amendments, small files, timeline entries and history rows.

Why bulk inserts and no workflow calls (unlike `load_demo`, which tells its story through
`resolutions.workflow` and the council office's functions): what is generated here is
finished history, like an import from another system. Nothing is pending, nobody is told,
no frozen copy is due; the rules the workflow enforces hold by construction (a decided
paper has its deciding agenda item, result and decision date; a published paper has its
reference; numbers are unique per meeting). Going through the workflow row by row would
take hours at 100 000 papers; `bulk_create` in batches takes minutes.

Deterministic: each Body draws from its own `random.Random(f"{seed}:{index}")`, so the same
seed gives the same Bodies, references and titles, whichever Bodies already exist. A
Body that already exists (by its slug) is skipped, so a second run adds nothing.
`modified` of every generated row is its `created` (the moment it happened), not the time
of the run. COPY sends no signals, so each new Body's search index rows are built here
(`portal.search_index.index_bodies`, the rows `rebuild_search_index` would write) and its
publication version is bumped by hand (`portal.publication`).
"""

import datetime as dt
import random
from collections import defaultdict

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models.fields.files import FieldFile

from accounts.models import User
from council.models import (
    AgendaItem,
    Attendance,
    Body,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Organization,
    Person,
)
from demo.base import DEMO_TODAY, TZ
from demo.files import simple_pdf
from portal import publication, search_index
from resolutions.files import sha512
from resolutions.models import (
    Amendment,
    Consultation,
    File,
    Paper,
    PaperType,
    ReferenceCounter,
    Transition,
    file_upload_to,
)

YEARS = 10
FIRST_DAY = DEMO_TODAY.replace(year=DEMO_TODAY.year - YEARS)
SLUG_PREFIX = "zv-"

PLACES = [
    "Am Mellensee", "Baruth", "Blankenfelde", "Dahme", "Dahmetal", "Großbeeren", "Ihlow", "Jüterbog",
    "Ludwigsfelde", "Niederer Fläming", "Niedergörsdorf", "Rangsdorf", "Trebbin",
    "Zossen", "Golßen", "Kasel-Golzig", "Schönefeld", "Wildau", "Zeuthen", "Eichwalde", "Schulzendorf",
    "Königs Wusterhausen", "Mittenwalde", "Bestensee", "Heidesee", "Märkisch Buchholz", "Teupitz",
    "Halbe", "Münchehofe", "Schwerin", "Groß Köris", "Lübben", "Luckau", "Lübbenau", "Calau", "Vetschau",
    "Drebkau", "Kolkwitz", "Burg", "Straupitz", "Lieberose", "Peitz", "Forst", "Guben", "Spremberg",
    "Welzow", "Döbern", "Tauer", "Jänschwalde", "Sperenberg",
]  # fmt: skip
FAMILY = [
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
    "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun", "Zimmermann", "Krüger",
    "Hartmann", "Lange", "Werner", "Krause", "Lehmann", "Köhler", "Herrmann", "König", "Walter", "Peters",
]  # fmt: skip
GIVEN = [
    "Anna", "Birgit", "Claudia", "Doris", "Elke", "Frank", "Gerd", "Heike", "Ingo", "Jana", "Klaus", "Lars",
    "Maria", "Norbert", "Olaf", "Petra", "Ralf", "Sabine", "Thomas", "Ute", "Volker", "Wiebke",
]  # fmt: skip
FACTIONS = [("CDU", "CDU"), ("SPD", "SPD"), ("Bündnis 90/Die Grünen", "GRÜNE"), ("Die Linke", "LINKE"),
            ("FDP", "FDP"), ("BVB/Freie Wähler", "BVB/FW")]  # fmt: skip
COMMITTEES = [("Hauptausschuss", "HA"), ("Finanzausschuss", "FA"), ("Ausschuss für Bauen und Umwelt", "ABU"),
              ("Ausschuss für Bildung, Kultur und Soziales", "BKS")]  # fmt: skip
DEPARTMENTS = ["Hauptamt", "Kämmerei", "Bauamt", "Ordnungsamt"]
SUBJECTS = [
    "Sanierung der Grundschule", "Neubau der Kindertagesstätte", "Erneuerung der Straßenbeleuchtung",
    "Bebauungsplan Gewerbegebiet Nord", "Haushaltssatzung", "Jahresabschluss", "Feuerwehrbedarfsplan",
    "Breitbandausbau", "Radweg an der Landesstraße", "Friedhofsgebührensatzung", "Zweckverband Digitale Verwaltung",
    "Spielplatz am Dorfanger", "Sportplatz", "Wasserversorgung", "Abwasserbeseitigung", "Dorfgemeinschaftshaus",
    "Gewässerunterhaltung", "Schulentwicklungsplan", "Tourismuskonzept", "Klimaschutzkonzept",
]  # fmt: skip
ACTIONS = ["Beschluss", "Vergabe der Leistungen", "Zustimmung", "Änderung der Planung", "Bericht", "Antrag"]
# The lines of the annex attached to every fifth paper, after its title: a page of a cost estimate.
ANNEX = [
    "1. Ausgangslage: Bestandsaufnahme der vorhandenen Anlagen und Einrichtungen, Bewertung ihres Zustands.",
    "2. Planungsleistungen nach HOAI, Leistungsphasen 1 bis 4, einschließlich Nebenkosten: 48.000 Euro.",
    "3. Bauleistungen: Erdarbeiten, Rohbau, Ausbau und technische Gebäudeausrüstung: 615.000 Euro.",
    "4. Ausstattung und Einrichtung, einschließlich Informationstechnik: 72.000 Euro.",
    "5. Außenanlagen, Wege, Beleuchtung und Bepflanzung: 54.000 Euro.",
    "6. Unvorhergesehenes, zehn Prozent der Summe der Positionen 2 bis 5: 78.900 Euro.",
    "Gesamtkosten brutto: 867.900 Euro. Davon förderfähig nach der Förderrichtlinie des Landes: 520.000 Euro.",
    "Zeitplan: Planung im ersten Halbjahr, Ausschreibung und Vergabe im dritten Quartal, Ausführung im Folgejahr.",
    "Folgekosten: Unterhaltung, Wartung, Energie und Reinigung jährlich rund 21.000 Euro.",
    "Die Kostenschätzung beruht auf den Preisen des laufenden Jahres und wird mit der Entwurfsplanung fortgeschrieben.",
]
# The Erläuterung/Begründung of a paper, paragraph by paragraph: as long as the seed's (about
# 1 700 characters, between 1 000 and 2 200 here), so that what reads a paper's text (the search's
# excerpts and vectors, the PDF) works on text of a real paper's length.
REASONING = [
    [
        "Die Verwaltung legt die Vorlage zu {subject} vor.",
        "Der Gegenstand wurde im Fachausschuss in seiner Sitzung im {year} vorberaten.",
        "Die Gemeindevertretung hatte die Verwaltung im Vorjahr beauftragt, das Vorhaben vorzubereiten und "
        "die erforderlichen Unterlagen vorzulegen.",
        "Anlass sind die gestiegenen Anforderungen an die Einrichtungen der Gemeinde {place} und die "
        "Hinweise aus der Einwohnerschaft.",
        "Mit der Vorlage soll die Grundlage für die weitere Planung und die Beantragung der erforderlichen "
        "Mittel geschaffen werden.",
    ],
    [
        "Nach Einschätzung der Verwaltung ist das Vorhaben notwendig, um die Aufgaben der Gemeinde auch "
        "künftig zuverlässig zu erfüllen.",
        "Die Planung berücksichtigt die Ergebnisse der Bestandsaufnahme und die Stellungnahmen der "
        "beteiligten Träger öffentlicher Belange.",
        "Alternativen wurden geprüft; sie wären mit höheren Folgekosten verbunden oder ließen sich nicht "
        "im vorgesehenen Zeitraum umsetzen.",
        "Die Abstimmung mit den Nachbargemeinden und dem Landkreis ist erfolgt, Einwände wurden nicht erhoben.",
        "Die Ortsbeiräte wurden angehört und haben dem Vorschlag zugestimmt.",
        "Die fachlichen Anforderungen wurden gemeinsam mit den betroffenen Einrichtungen und einem "
        "beauftragten Ingenieurbüro ermittelt.",
    ],
    [
        "Die Kosten belaufen sich nach der Kostenschätzung auf rund {amount} Euro.",
        "Die Mittel stehen im Haushalt {year} unter der angegebenen Haushaltsstelle zur Verfügung.",
        "Ein Antrag auf Fördermittel wurde gestellt; über ihn ist noch nicht entschieden.",
        "Die Folgekosten für Unterhaltung und Betrieb werden in den kommenden Haushaltsjahren berücksichtigt.",
        "Eine Ausschreibung der Leistungen erfolgt nach den Vorschriften des Vergaberechts.",
        "Die Kostenschätzung enthält einen Ansatz für Unvorhergesehenes von zehn Prozent.",
    ],
    [
        "Die Umsetzung soll im Laufe des Jahres {next_year} beginnen und innerhalb von zwei Jahren abgeschlossen sein.",
        "Über den Fortgang wird die Verwaltung in den zuständigen Ausschüssen regelmäßig berichten.",
        "Die Einzelheiten ergeben sich aus der Anlage.",
        "Die Öffentlichkeit wird über die Ergebnisse im Amtsblatt und auf der Internetseite der Gemeinde informiert.",
        "Die Verwaltung empfiehlt, dem Beschlussvorschlag zuzustimmen.",
    ],
]


def generated_bodies():
    return Body.objects.filter(slug__startswith=SLUG_PREFIX)


def body_slug(index):
    return f"{SLUG_PREFIX}{index + 1:03d}"


def generate(bodies, papers, seed=0, progress=None):
    """Generate `bodies` Bodies with `papers` papers between them; return how many Bodies were added."""
    progress = progress or (lambda done, total, text: None)
    share, extra = divmod(papers, bodies)
    # One shared password hash (unusable: the generated logins are authors on paper, nobody signs in).
    password = make_password(None)
    added = 0
    for index in range(bodies):
        if Body.objects.filter(slug=body_slug(index)).exists():
            progress(index + 1, bodies, f"{body_slug(index)} besteht schon")
            continue
        with transaction.atomic():
            generator = BodyGenerator(index, share + (1 if index < extra else 0), seed, password)
            generator.run()
            # COPY sends no signals: the search index gets the new Body's rows here (those
            # `rebuild_search_index` would write), and the portal's stored pages learn of it.
            search_index.index_bodies([generator.body.pk])
            publication.bump(generator.body.pk, body=True)
        added += 1
        progress(index + 1, bodies, body_slug(index))
    return added


def moment(day, hour=18):
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=TZ)


class BodyGenerator:
    def __init__(self, index, papers, seed, password):
        self.index = index
        self.papers = papers
        self.random = random.Random(f"{seed}:{index}")
        self.password = password

    def run(self):
        self.people_and_organizations()
        self.meetings()
        self.papers_and_agendas()
        self.files()

    # --- who ------------------------------------------------------------------------------

    def people_and_organizations(self):
        place = PLACES[self.index % len(PLACES)]
        name = f"Gemeinde {place}" if self.index < len(PLACES) else f"Gemeinde {place} {self.index // len(PLACES) + 1}"
        created = moment(FIRST_DAY, 9)
        slug = body_slug(self.index)
        self.body = create(
            [Body(name=name, short_name=place[:50], slug=slug, ags=f"12{self.index:06d}", created=created)]
        )[0]
        body = self.body
        create(
            [
                LegislativeTerm(body=body, name="Wahlperiode 2014–2019", start_date=dt.date(2014, 5, 25),
                                end_date=dt.date(2019, 5, 25), created=created),
                LegislativeTerm(body=body, name="Wahlperiode 2019–2024", start_date=dt.date(2019, 5, 26),
                                end_date=dt.date(2024, 6, 8), created=created),
                LegislativeTerm(body=body, name="Wahlperiode 2024–2029", start_date=dt.date(2024, 6, 9),
                                created=created),
            ]
        )  # fmt: skip
        self.location = create(
            [Location(body=body, description="Rathaus, Sitzungssaal", street_address="Markt 1", locality=place,
                      created=created)]
        )[0]  # fmt: skip
        self.council = Organization(body=body, name="Gemeindevertretung", short_name="GV", kind="council")
        self.committees = [Organization(body=body, name=n, short_name=s, kind="committee") for n, s in COMMITTEES]
        self.factions = [
            Organization(body=body, name=f"Fraktion {n}", short_name=s, kind="faction") for n, s in FACTIONS
        ]
        self.departments = [Organization(body=body, name=n, kind="department") for n in DEPARTMENTS]
        consulting = [self.council, *self.committees]
        for organization in consulting:
            organization.location = self.location
        create([*consulting, *self.factions, *self.departments], created=created)

        self.clerk = create(
            [User(username=f"{slug}-verwaltung", first_name="Verwaltung", last_name=place, body=body,
                  department=self.departments[0], password=self.password, initials="vw")]
        )[0]  # fmt: skip
        people = []
        for number in range(30):
            people.append(
                Person(body=body, family_name=self.random.choice(FAMILY), given_name=self.random.choice(GIVEN),
                       party=FACTIONS[number % len(FACTIONS)][1], created=created)
            )  # fmt: skip
        create(people)
        memberships = []
        for number, person in enumerate(people):
            faction = self.factions[number % len(self.factions)]
            # A third of the council changed at each election.
            start = [None, dt.date(2019, 5, 26), dt.date(2024, 6, 9)][number % 3]
            end = dt.date(2024, 6, 8) if number % 5 == 4 and start != dt.date(2024, 6, 9) else None
            memberships.append(Membership(body=body, person=person, organization=self.council, start_date=start,
                                          end_date=end, on_behalf_of=faction, created=created))  # fmt: skip
            memberships.append(Membership(body=body, person=person, organization=faction, start_date=start,
                                          end_date=end, role="Vorsitz" if number < 6 else "Mitglied",
                                          created=created))  # fmt: skip
            committee = self.committees[number % len(self.committees)]
            memberships.append(Membership(body=body, person=person, organization=committee, start_date=start,
                                          end_date=end, on_behalf_of=faction, created=created))  # fmt: skip
        create(memberships)
        self.people = people

        self.types = {
            "B": PaperType(body=body, name="Beschlussvorlage", prefix="B"),
            "I": PaperType(body=body, name="Informationsvorlage", prefix="I", needs_decision=False),
            "A": PaperType(body=body, name="Antrag", prefix="A"),
        }
        create(list(self.types.values()), created=created)

    # --- when -----------------------------------------------------------------------------

    def meetings(self):
        """Ten years of meetings up to the demo's today, and the next two months: the council
        ten times a year, each committee six times; past ones held with approved minutes."""
        body = self.body
        meetings = []
        for organization, per_year, day in [(self.council, 10, 3)] + [
            (c, 6, 10 + i) for i, c in enumerate(self.committees)
        ]:
            months = sorted(self.random.sample(range(1, 13), per_year))
            for year in range(FIRST_DAY.year, DEMO_TODAY.year + 2):
                for month in months:
                    date = dt.date(year, month, min(day + self.random.randrange(3), 28))
                    if date < FIRST_DAY or date > DEMO_TODAY + dt.timedelta(days=60):
                        continue
                    start = moment(date, 17 + self.random.randrange(3))
                    held = date < DEMO_TODAY
                    published = start - dt.timedelta(days=14)
                    invited = held or published <= moment(DEMO_TODAY, 9)
                    meetings.append(
                        Meeting(body=body, organization=organization, location=self.location, start=start,
                                end=start + dt.timedelta(hours=2) if held else None,
                                state="held" if held else ("invited" if invited else "planned"),
                                invitation_published_at=published if invited else None,
                                minutes_state="approved" if held and date < DEMO_TODAY - dt.timedelta(days=60)
                                else ("draft" if held else "none"),
                                minutes_text="Die Sitzung wurde ordnungsgemäß einberufen." if held else "",
                                created=start - dt.timedelta(days=60))
                    )  # fmt: skip
        meetings.sort(key=lambda m: m.start)
        create(meetings)
        self.meetings_by_org = defaultdict(list)
        for meeting in meetings:
            self.meetings_by_org[meeting.organization_id].append(meeting)
        attendances = []
        council_people = self.people
        for meeting in meetings:
            if meeting.state == "held" and meeting.organization_id == self.council.pk:
                for _number, person in enumerate(council_people):
                    present = self.random.random() > 0.1
                    attendances.append(Attendance(body=body, meeting=meeting, person=person, present=present,
                                                  excused=not present, created=meeting.start))  # fmt: skip
        create(attendances)

    def next_meeting(self, organization, after):
        """The first meeting of the organization after `after` (a datetime), or None."""
        for meeting in self.meetings_by_org[organization.pk]:
            if meeting.start > after and meeting.state != "cancelled":
                return meeting
        return None

    # --- what -----------------------------------------------------------------------------

    def papers_and_agendas(self):
        body, rng = self.body, self.random
        span = (DEMO_TODAY - FIRST_DAY).days
        days = sorted(FIRST_DAY + dt.timedelta(days=rng.randrange(span)) for _ in range(self.papers))
        counters = defaultdict(int)
        papers, plans = [], []
        for date in days:
            prefix = rng.choices(["B", "I", "A"], weights=[70, 20, 10])[0]
            paper_type = self.types[prefix]
            counters[(prefix, date.year)] += 1
            number = counters[(prefix, date.year)]
            subject = rng.choice(SUBJECTS)
            title = f"{rng.choice(ACTIONS)}: {subject} {self.body.short_name} {date.year}"
            released = moment(date, 10)
            withdrawn = rng.random() < 0.02
            public = rng.random() >= 0.05
            passage = f"die {subject} wie in der Anlage beschrieben"
            paper = Paper(
                body=body, paper_type=paper_type, reference=f"{prefix}-{number}/{date.year}", name=title, date=date,
                under_direction_of=rng.choice(self.departments), originator=self.clerk,
                state="withdrawn" if withdrawn else "released", public=public,
                resolution_text=f"<p>Die Gemeindevertretung beschließt {passage}.</p>",
                reasoning=self.reasoning(subject, date),
                released_at=released, created=released - dt.timedelta(days=7),
            )  # fmt: skip
            papers.append(paper)
            plans.append((paper, passage, withdrawn))

        consultations, items, transitions, amendments = [], [], [], []
        for paper, passage, withdrawn in plans:
            transitions.append(self.transition(paper, "release", paper.released_at, "draft", "released"))
            if withdrawn:
                transitions.append(self.transition(paper, "withdraw", paper.released_at + dt.timedelta(days=3),
                                                   "released", "withdrawn"))  # fmt: skip
                continue
            decides = paper.paper_type.needs_decision
            steps = [rng.choice(self.committees)] if rng.random() < 0.6 else []
            steps.append(self.council)
            after = paper.released_at
            state = "released"
            for position, organization in enumerate(steps, start=1):
                last = position == len(steps)
                role = ("decision" if decides else "information") if last else "preliminary"
                meeting = self.next_meeting(organization, after)
                consultation = Consultation(body=body, paper=paper, organization=organization, position=position,
                                            role=role, meeting=meeting, created=paper.released_at)  # fmt: skip
                consultations.append(consultation)
                if meeting is None:
                    break
                if meeting.invitation_published_at is None:
                    continue  # planned, not yet on a published agenda
                public_item = paper.public and rng.random() >= 0.08
                item = AgendaItem(body=body, meeting=meeting, consultation=consultation, name=paper.name,
                                  public=public_item, created=meeting.invitation_published_at)  # fmt: skip
                items.append(item)
                if state == "released":
                    state = "in_consultation"
                    transitions.append(self.transition(paper, "schedule", meeting.invitation_published_at,
                                                       "released", state, consultation, meeting))  # fmt: skip
                if meeting.state != "held":
                    break
                at = meeting.start + dt.timedelta(minutes=30)
                if not last:
                    item.result = "recommended"
                    self.votes(item)
                    after = meeting.start
                    continue
                if decides:
                    result = rng.choices(["adopted", "adopted_with_changes", "rejected"], weights=[80, 12, 8])[0]
                    item.result = result
                    self.votes(item)
                    if result == "adopted_with_changes":
                        amendments.append(
                            Amendment(body=body, consultation=consultation, meeting=meeting, kind="changed",
                                      text_before=passage, text_after=f"{passage} mit den in der Sitzung "
                                      "beschlossenen Änderungen", initials="vw", recorded_by=self.clerk, created=at)
                        )  # fmt: skip
                    item.resolution_text = paper.resolution_text
                    action = "decide"
                else:
                    result = "noted"
                    item.result = "noted"
                    action = "take_note"
                paper.state, paper.result, paper.decided_at = "decided", result, at
                transitions.append(self.transition(paper, action, at, state, "decided", consultation, meeting, result))
        create(papers)
        self.paper_list = papers
        create(
            [ReferenceCounter(paper_type=self.types[prefix], year=year, last_number=last)
             for (prefix, year), last in counters.items()]
        )  # fmt: skip
        create(consultations)
        self.number_agendas(items)
        create(items)
        create(amendments)
        create(transitions)

    def votes(self, item):
        if self.random.random() < 0.5:
            item.unanimous = True
        else:
            item.votes_yes = self.random.randrange(10, 25)
            item.votes_no = self.random.randrange(0, 6)
            item.votes_abstention = self.random.randrange(0, 4)

    def transition(self, paper, action, at, from_state, to_state, consultation=None, meeting=None, result=""):
        return Transition(body=self.body, paper=paper, action=action, by=self.clerk, at=at, from_state=from_state,
                          to_state=to_state, consultation=consultation, meeting=meeting, result=result,
                          created=at)  # fmt: skip

    def number_agendas(self, items):
        """Number each meeting's items: the opening items, then "Ö n" public, "N n" non-public."""
        body = self.body
        by_meeting = defaultdict(list)
        for item in items:
            by_meeting[item.meeting].append(item)
        for meeting in self.meetings_by_org_all():
            if meeting.invitation_published_at is None:
                continue
            own = by_meeting.get(meeting, [])
            opening = [
                AgendaItem(body=body, meeting=meeting, name="Eröffnung und Feststellung der Beschlussfähigkeit",
                           created=meeting.invitation_published_at),
                AgendaItem(body=body, meeting=meeting, name="Mitteilungen des Bürgermeisters",
                           created=meeting.invitation_published_at,
                           result="noted" if meeting.state == "held" else ""),
            ]  # fmt: skip
            public = opening + [item for item in own if item.public]
            closed = [item for item in own if not item.public]
            for order, item in enumerate(public + closed, start=1):
                item.order = order
            for number, item in enumerate(public, start=1):
                item.number = f"Ö {number}"
            for number, item in enumerate(closed, start=1):
                item.number = f"N {number}"
            items.extend(opening)

    def reasoning(self, subject, date):
        """A paper's Erläuterung/Begründung: some sentences of each paragraph of `REASONING`, in order."""
        rng = self.random
        values = {
            "subject": subject,
            "place": self.body.short_name,
            "year": date.year,
            "next_year": date.year + 1,
            "amount": f"{rng.randrange(20, 2000) * 1000:,}".replace(",", "."),
        }
        paragraphs = []
        for sentences in REASONING:
            chosen = [sentence for sentence in sentences if rng.random() < 0.75] or sentences[:1]
            paragraphs.append(" ".join(sentence.format(**values) for sentence in chosen))
        return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)

    def meetings_by_org_all(self):
        return [meeting for meetings in self.meetings_by_org.values() for meeting in meetings]

    def files(self):
        """One annex of a page per fifth paper (all the same bytes, stored once per Body), one in ten of them non-public;
        the minutes of each held council meeting."""
        lines = [f"Anlage {self.body.name}", "Übersicht und Kostenschätzung", *ANNEX]
        content = simple_pdf(lines)
        checksum = sha512(content)
        probe = File(body=self.body, sha512_checksum=checksum)
        path = file_upload_to(probe, "Anlage.pdf")
        if not default_storage.exists(path):
            path = default_storage.save(path, ContentFile(content))
        text = "\n".join(lines)
        files = []
        for paper in self.paper_list:
            if self.random.random() < 0.2:
                files.append(
                    File(body=self.body, paper=paper, name="Anlage", file_name="Anlage.pdf", mime_type="application/pdf",
                         size=len(content), sha512_checksum=checksum, file=path, date=paper.date, text=text,
                         page_count=1, public=self.random.random() >= 0.1, uploaded_by=self.clerk,
                         created=paper.released_at)
                )  # fmt: skip
        create(files)


def create(objects, **defaults):
    """Insert the records with PostgreSQL's COPY (ids drawn from the table's sequence first), and a
    history row ("created") for each record of a model that keeps history.

    COPY rather than `bulk_create`: at 100 000 papers Django's preparation of each value is
    most of the time. `modified` (and a meeting's `public_modified`) is set to `created` (the
    moment the record stands for).
    """
    if not objects:
        return objects
    model = type(objects[0])
    fields = model._meta.concrete_fields
    dated = [field.name for field in fields if field.name in ("modified", "public_modified")]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, len(objects)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    for obj, pk in zip(objects, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        for name, value in defaults.items():
            setattr(obj, name, value)
        for name in dated:
            setattr(obj, name, obj.created)
        # Foreign keys to objects created earlier in this run: take their primary keys now.
        for name, related in list(obj._state.fields_cache.items()):
            if related is not None:
                setattr(obj, model._meta.get_field(name).attname, related.pk)
    rows = [[value_of(obj, field) for field in fields] for obj in objects]
    copy_rows(model._meta.db_table, [field.column for field in fields], rows)
    if hasattr(model, "history"):
        now = moment(DEMO_TODAY, 9)
        for row, obj in zip(rows, objects, strict=True):
            row += [getattr(obj, "created", None) or now, "+", "generate_data"]
        historical = model.history.model._meta
        columns = [historical.get_field(field.name).column for field in fields]
        copy_rows(historical.db_table, [*columns, "history_date", "history_type", "history_change_reason"], rows)
    return objects


def value_of(obj, field):
    value = getattr(obj, field.attname)
    return value.name if isinstance(value, FieldFile) else value


def copy_rows(table, columns, rows):
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    statement = f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
