"""A small town for portal tests: public records, and secrets planted in every non-public field.

Every secret is a unique token ("canary") so a test can crawl the portal and assert that
none of them reaches an anonymous visitor. Every secret text also carries the word
SECRET_WORD, so a search for that word must find nothing.
"""

import datetime as dt
import itertools
from dataclasses import dataclass, field

from django.utils import timezone

from accounts import roles
from council.models import Meeting, Organization, Vote
from resolutions.files import store_file
from resolutions.models import Amendment, Implementation, Paper, SignOff
from tests import factories as f

SECRET_WORD = "Geheimprojekt"
PUBLIC_WORD = "Stadtpark"
_tokens = itertools.count(1)


def pdf_with(text):
    """A minimal PDF whose bytes contain `text` (store_file gets the text passed in)."""
    return f"%PDF-1.4\n% {text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF".encode()


@dataclass
class World:
    body: object
    committee: object
    council: object
    faction: object
    public_paper: object
    decided_paper: object
    meeting: object
    cancelled_meeting: object
    public_item: object
    secret_item: object
    councillor: object
    councillor_user: object
    canaries: list = field(default_factory=list)
    secret_papers: list = field(default_factory=list)
    files: list = field(default_factory=list)

    def canary(self, label):
        token = f"kanarie{next(_tokens):04d}{label}"
        self.canaries.append(token)
        return token

    def secret_text(self, label):
        return f"{SECRET_WORD} {self.canary(label)}"


def build_world(start=None, *, extra=0):
    """One Body with public papers and meetings and a secret in every non-public field.

    `extra` adds that many further public papers, meetings, agenda items, files and
    members, for query budgets that must not grow with the data.
    """
    start = start or dt.datetime(2026, 6, 10, 18, 0, tzinfo=f.TZ)
    body = f.body()
    amt = f.department(body, name=f"Amt für Stadtgrün {body.pk}")
    committee = f.organization(body, name="Ausschuss für Stadtentwicklung", short_name="ASE")
    council = f.organization(body, kind=Organization.Kind.COUNCIL, name="Gemeindevertretung", short_name="GV")
    faction = f.organization(body, kind=Organization.Kind.FACTION, name="Fraktion Grüne Mitte", short_name="GM")
    paper_type = f.paper_type(body, name="Beschlussvorlage", prefix=f"B{body.pk}")
    place = f.location(body, description="Rathaus, Großer Saal")

    meeting = f.meeting(committee, start=start, end=start + dt.timedelta(hours=2), location=place, state="invited")
    council_meeting = f.meeting(council, start=start + dt.timedelta(days=14), state="held", location=place)
    cancelled = f.meeting(
        committee,
        start=start + dt.timedelta(days=28),
        state=Meeting.State.CANCELLED,
        cancellation_reason="Keine Themen",
    )

    public_paper = f.paper(
        body,
        paper_type=paper_type,
        under_direction_of=amt,
        state=Paper.State.IN_CONSULTATION,
        name=f"Neugestaltung {PUBLIC_WORD} am Markt",
        reference=f"B-{7000 + body.pk}/2026",
        resolution_text=f"<p>Der {PUBLIC_WORD} wird neu gestaltet.</p>",
        reasoning="<p>Die Bäume sind alt.</p>",
    )
    decided = f.paper(
        body,
        paper_type=paper_type,
        under_direction_of=amt,
        state=Paper.State.DECIDED,
        name="Neue Bänke im Stadtgarten",
        reference=f"B-{8000 + body.pk}/2026",
        resolution_text="<p>Es werden zehn Bänke aufgestellt.</p>",
        decided_at=start + dt.timedelta(days=14),
    )
    Implementation.objects.create(paper=decided, status=Implementation.Status.IN_PROGRESS)
    consultation = f.consultation(public_paper, committee, meeting=meeting)
    public_item = f.agenda_item(meeting, order=1, name=f"{PUBLIC_WORD}: Neugestaltung", consultation=consultation)
    decided_consultation = f.consultation(decided, council, meeting=council_meeting)
    f.agenda_item(
        council_meeting,
        order=1,
        name="Bänke im Stadtgarten",
        consultation=decided_consultation,
        result="adopted",
        votes_yes=12,
        votes_no=1,
    )
    f.amendment(decided_consultation, Amendment.Kind.ADDED, "zehn Bänke", "zehn Bänke aus Holz")

    councillor = f.person(body, given_name="Rita", family_name=f"Rätin{body.pk}", party="Grüne")
    f.membership(councillor, council)
    f.membership(councillor, committee)
    f.membership(councillor, faction)
    councillor_user = f.user(body, roles.COUNCILLOR, person=councillor)

    world = World(
        body=body,
        committee=committee,
        council=council,
        faction=faction,
        public_paper=public_paper,
        decided_paper=decided,
        meeting=meeting,
        cancelled_meeting=cancelled,
        public_item=public_item,
        secret_item=None,
        councillor=councillor,
        councillor_user=councillor_user,
    )

    # Contact data of a public person, and a member of staff who is no public person at all.
    councillor.email = f"{world.canary('mail')}@example.org"
    councillor.phone = f"0331 {world.canary('phone')}"
    councillor.save()
    clerk = f.person(body, given_name="Sam", family_name=world.canary("staffname"))
    f.membership(clerk, amt)

    # Papers that do not exist for the public, with secrets in every text field.
    for state, public in (
        (Paper.State.DRAFT, True),
        (Paper.State.IN_SIGNOFF, True),
        (Paper.State.DECIDED, False),
        (Paper.State.IN_CONSULTATION, False),
    ):
        secret = f.paper(
            body,
            paper_type=paper_type,
            under_direction_of=amt,
            state=state,
            public=public,
            name=world.secret_text(f"title{state}"),
            resolution_text=f"<p>{world.secret_text(f'resolution{state}')}</p>",
            reasoning=f"<p>{world.secret_text(f'reasoning{state}')}</p>",
            **({"reference": world.canary(f"ref{state}")} if state in Paper.PUBLISHED_STATES else {}),
        )
        world.secret_papers.append(secret)
        store_file(
            pdf_with(world.secret_text("paperfilebytes")),
            file_name=f"{world.canary('paperfilename')}.pdf",
            name=world.secret_text("paperfile"),
            text=world.secret_text("paperfiletext"),
            paper=secret,
        )
        SignOff.objects.create(
            paper=secret, role=SignOff.Role.MAYOR, position=1, comment=world.secret_text("signoffcomment")
        )
        public_paper.related_papers.add(secret)
    secret_decided = world.secret_papers[2]
    secret_consultation = f.consultation(secret_decided, committee, meeting=meeting, position=1)
    f.amendment(
        secret_consultation,
        Amendment.Kind.ADDED,
        SECRET_WORD,
        f"{SECRET_WORD} {world.canary('amendment')}",
    )
    Implementation.objects.create(
        paper=secret_decided, status=Implementation.Status.DONE, notes=world.secret_text("implementation")
    )
    world.secret_item = f.agenda_item(
        meeting,
        order=2,
        public=False,
        name=world.secret_text("itemname"),
        resolution_text=f"<p>{world.secret_text('itemresolution')}</p>",
        consultation=secret_consultation,
        result="rejected",
        votes_yes=9871,
        votes_no=9872,
        minutes_note=f"<p>{world.secret_text('itemminutes')}</p>",
    )
    store_file(
        pdf_with(world.secret_text("itemfilebytes")),
        file_name=f"{world.canary('itemfilename')}.pdf",
        name=world.secret_text("itemfile"),
        text=world.secret_text("itemfiletext"),
        agenda_item=world.secret_item,
    )
    # A non-public annex of a public paper, and a public one.
    store_file(
        pdf_with(world.secret_text("annexbytes")),
        file_name=f"{world.canary('annexname')}.pdf",
        name=world.secret_text("annex"),
        text=world.secret_text("annextext"),
        paper=public_paper,
        public=False,
    )
    world.files.append(
        store_file(
            pdf_with("Lageplan"),
            file_name="lageplan.pdf",
            name="Lageplan Stadtpark",
            text=f"Lageplan {PUBLIC_WORD} mit Brunnen",
            paper=public_paper,
        )
    )
    meeting.minutes_text = world.secret_text("minutes")
    meeting.save()

    for n in range(extra):
        add_public_data(world, n, start)
    return world


def add_public_data(world, n, start):
    """More of everything a page lists, to show that queries do not grow with it."""
    paper = f.paper(
        world.body,
        paper_type=world.public_paper.paper_type,
        under_direction_of=world.public_paper.under_direction_of,
        state=Paper.State.DECIDED,
        name=f"{PUBLIC_WORD} Ergänzung {n}",
        decided_at=timezone.now(),
    )
    meeting = f.meeting(world.committee, start=start + dt.timedelta(days=n + 1, hours=1))
    consultation = f.consultation(paper, world.committee, meeting=meeting)
    f.consultation(paper, world.council, meeting=world.meeting, position=2)
    later = f.consultation(world.public_paper, world.council, meeting=meeting, position=10 + n)
    f.agenda_item(meeting, order=2, name=f"{PUBLIC_WORD} erneut {n}", consultation=later, public=n % 2 == 0)
    f.agenda_item(meeting, order=1, name=f"{PUBLIC_WORD} Punkt {n}", consultation=consultation)
    f.agenda_item(world.meeting, order=10 + n, name=f"Weiterer Punkt {n}")
    f.agenda_item(world.meeting, order=100 + n, public=False, name=f"Geheim {n}")
    f.amendment(consultation, Amendment.Kind.CHANGED, "beschließt", "beschließt einstimmig")
    store_file(pdf_with("x"), file_name=f"anlage{n}.pdf", paper=paper, text=f"{PUBLIC_WORD} Anlage")
    store_file(pdf_with("x"), file_name=f"top{n}.pdf", agenda_item=world.public_item)
    world.public_paper.related_papers.add(paper)
    person = f.person(world.body, party="SPD")
    f.membership(person, world.council)
    f.membership(person, world.faction)
    Vote.objects.create(agenda_item=world.public_item, person=person, choice=Vote.Choice.YES)
    f.membership(world.councillor, f.organization(world.body, name=f"Beirat {n}", kind=Organization.Kind.ADVISORY))
