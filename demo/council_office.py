"""The council office's year in Luckenwalde: amendments of every kind, deferrals, additions to a published
invitation, attendance and minutes, decision tracking.
"""

import datetime as dt

from council.models import AgendaItem, Meeting
from demo import lifecycle
from demo.base import DEMO_TODAY, LOREM_REASONING, at
from demo.meetings import plan_item, plan_result
from demo.papers import signers
from meetings import agenda, minutes, tracking
from meetings.textdiff import as_editable
from resolutions.models import Consultation, Implementation, Paper

R = AgendaItem.Result
PRE, DEC = Consultation.Role.PRELIMINARY, Consultation.Role.DECISION

VOLUNTEERING_TITLE = "Richtlinie der Stadt Luckenwalde zur Förderung des Ehrenamts"
VOLUNTEERING_TEXT = (
    "<p>Die Stadtverordnetenversammlung beschließt die Richtlinie zur Förderung des Ehrenamts in der Fassung "
    "der Anlage.</p>\n"
    "<p>Die Richtlinie tritt am 1. Januar 2027 in Kraft. Gefördert werden Vereine mit Sitz in Luckenwalde. "
    "Die Förderung beträgt höchstens 2.000 Euro je Verein und Jahr.</p>\n"
    "<p>Über die Anträge entscheidet der Hauptausschuss. Die Verwaltung berichtet jährlich im Hauptausschuss.</p>"
)
# The edits of the decided text, as the office makes them after each meeting: (before, after).
VOLUNTEERING_EDITS = {
    "HA": [
        (
            "Die Förderung beträgt höchstens 2.000 Euro je Verein und Jahr.",
            "Die Förderung beträgt höchstens 2.500 Euro je Verein und Jahr.",
        )
    ],
    "STVV": [
        (
            "Gefördert werden Vereine mit Sitz in Luckenwalde.",
            "Gefördert werden Vereine und Initiativen mit Sitz in Luckenwalde.",
        ),
        (" Die Verwaltung berichtet jährlich im Hauptausschuss.", ""),
    ],
}

FOUNTAINS_TITLE = "Antrag der Fraktion Bündnis 90/Die Grünen: Trinkwasserbrunnen in der Innenstadt"
BUS_TITLE = "Anschaffung eines Bürgerbusses für die Ortsteile"
SUPPLEMENT_TITLE = "Eilentscheidung: Vergabe des Winterdienstes 2026/2027"

# Paper title -> (status, due date, notes, when the office recorded it) for the decision tracking.
IMPLEMENTATIONS = {
    "Aufnahme in den Zweckverband Digitale Kommunen Brandenburg": (
        Implementation.Status.DONE,
        dt.date(2022, 3, 1),
        "Aufnahmeantrag am 10.01.2022 gestellt; Mitglied seit 01.03.2022.",
        at(dt.date(2022, 3, 2), 10),
    ),
    "Sanierung der Turnhalle der Grundschule „Gebrüder Grimm“": (
        Implementation.Status.IN_PROGRESS,
        dt.date(2027, 8, 31),
        "Ausschreibung veröffentlicht; Baubeginn nach den Osterferien 2027.",
        at(DEMO_TODAY - dt.timedelta(days=6), 10),
    ),
    "Fortschreibung des Schulentwicklungsplans 2026–2031": (
        Implementation.Status.DONE,
        dt.date(2026, 7, 31),
        "Dem Landkreis übermittelt.",
        at(dt.date(2026, 7, 30), 10),
    ),
    "Bebauungsplan Nr. 42 „Wohnen am Nuthepark“ – Aufstellungsbeschluss": (
        Implementation.Status.OPEN,
        dt.date(2026, 10, 31),
        "Bekanntmachung des Aufstellungsbeschlusses steht aus.",
        at(DEMO_TODAY - dt.timedelta(days=6), 11),
    ),
    "Zuschuss an den Förderverein Stadttheater 2027": (
        Implementation.Status.IN_PROGRESS,
        dt.date(2026, 11, 15),
        "Zuwendungsbescheid im Entwurf.",
        at(DEMO_TODAY - dt.timedelta(days=6), 12),
    ),
    VOLUNTEERING_TITLE: (
        Implementation.Status.IN_PROGRESS,
        dt.date(2027, 1, 1),
        "Antragsformulare werden vorbereitet.",
        at(DEMO_TODAY - dt.timedelta(days=6), 13),
    ),
}


def council_office_year(story, town, plans):
    def plan(short, year, month):
        return next(p for p in plans[short] if (p.meeting.start.year, p.meeting.start.month) == (year, month))

    _volunteering(story, town, plan)
    _deferrals(story, town, plan)
    supplement = plan("HA", 2026, 12)
    if supplement.new:
        story.on(supplement.published + dt.timedelta(hours=2), agenda.add_item, supplement.meeting,
                 SUPPLEMENT_TITLE, True, by=town.office)  # fmt: skip
    _minutes(story, town, plan("STVV", 2026, 9), approved_in=plan("STVV", 2026, 11))
    _minutes(story, town, plan("STVV", 2026, 11), approved_in=None)
    _implementations(story, town)


def _paper(story, town, title, prefix, department, number, date, text, steps):
    """A paper written, signed and released like the others of the demo year; returns (paper, new, released)."""
    author = town.author(department)
    paper, new = lifecycle.write(
        town.body, author, at(date, 8), title, town.paper_types[prefix], town.departments[department],
        [(town.organizations[short], role) for short, role in steps],
        date=date, resolution_text=text, reasoning=LOREM_REASONING,
    )  # fmt: skip
    released = at(date + dt.timedelta(days=3), 10)
    if new:
        lifecycle.plan_signoff(
            story, paper, author, signers(town, department), submitted=at(date, 10),
            signed=[at(date + dt.timedelta(days=1), 10), at(date + dt.timedelta(days=2), 9),
                    at(date + dt.timedelta(days=2), 11)],
            released=released, number=number,
        )  # fmt: skip
    return paper, new, released


def _volunteering(story, town, plan):
    """A paper changed in two consultations: geändert (HA), ergänzt and gestrichen (STVV)."""
    paper, new, released = _paper(
        story, town, VOLUNTEERING_TITLE, "B", "HA-V", 8150, dt.date(2026, 6, 15), VOLUNTEERING_TEXT,
        [("HA", PRE), ("STVV", DEC)],
    )  # fmt: skip
    if not new:
        return
    committee, council = paper.consultations.order_by("position")
    text = as_editable(VOLUNTEERING_TEXT)
    for before, after in VOLUNTEERING_EDITS["HA"]:
        text = text.replace(before, after)
    held = plan("HA", 2026, 7)
    plan_item(story, held, committee, town.office, released)
    plan_result(story, held, committee, R.RECOMMENDED, town.office, unanimous=True, decided_text=text)
    for before, after in VOLUNTEERING_EDITS["STVV"]:
        text = text.replace(before, after)
    held = plan("STVV", 2026, 9)
    plan_item(story, held, council, town.office, released)
    plan_result(
        story, held, council, R.ADOPTED_WITH_CHANGES, town.office,
        votes_yes=13, votes_no=1, votes_abstention=2, decided_text=text,
    )  # fmt: skip


def _deferrals(story, town, plan):
    """Two deferrals: one taken up again, recommended and added to the council's published agenda; one waiting."""
    fountains, new, released = _paper(
        story, town, FOUNTAINS_TITLE, "A", "Bauamt", 10, dt.date(2026, 8, 24),
        "<p>Die Stadtverordnetenversammlung beschließt: Die Verwaltung wird beauftragt, bis Mai 2027 zwei "
        "öffentliche Trinkwasserbrunnen in der Innenstadt aufzustellen.</p>",
        [("SBU", PRE), ("STVV", DEC)],
    )  # fmt: skip
    if new:
        committee, council = fountains.consultations.order_by("position")
        first, again = plan("SBU", 2026, 9), plan("SBU", 2026, 11)
        plan_item(story, first, committee, town.office, released)
        plan_result(story, first, committee, R.DEFERRED, town.office, votes_yes=4, votes_no=2, votes_abstention=1)
        plan_item(story, again, committee, town.office, first.meeting.end)
        plan_result(story, again, committee, R.RECOMMENDED, town.office, votes_yes=5, votes_no=1)
        # The committee recommended it after the council's invitation was out: an addition (Nachtrag).
        council_meeting = plan("STVV", 2026, 12)
        story.on(council_meeting.published + dt.timedelta(hours=1), agenda.add_paper, council_meeting.meeting,
                 council, by=town.office)  # fmt: skip

    bus, new, released = _paper(
        story, town, BUS_TITLE, "B", "HA-V", 8151, dt.date(2026, 10, 5),
        "<p>Der Hauptausschuss beschließt die Anschaffung eines Bürgerbusses mit acht Sitzplätzen für die "
        "Ortsteile.</p>",
        [("HA", DEC)],
    )  # fmt: skip
    if new:
        waiting = bus.consultations.get()
        held = plan("HA", 2026, 11)
        plan_item(story, held, waiting, town.office, released)
        plan_result(story, held, waiting, R.DEFERRED, town.office, votes_yes=4, votes_no=3)


def _minutes(story, town, plan, approved_in):
    """Attendance after the meeting, the draft the next morning, the approval in the next meeting."""
    if not plan.new:
        return
    meeting = plan.meeting
    story.on(meeting.end + dt.timedelta(minutes=15), _attendance, meeting, by=town.office)
    story.on(at(meeting.date + dt.timedelta(days=1), 10), minutes.open_draft, meeting, town.office)
    if approved_in is not None:
        story.on(approved_in.meeting.start + dt.timedelta(minutes=15), _approve, meeting, approved_in.meeting,
                 by=town.office)  # fmt: skip


def _attendance(meeting, *, by, at):
    """Every seventh member sent an excuse; everybody else came."""
    people = minutes.members_for_attendance(meeting)
    excused = {person.pk for index, person in enumerate(people) if index % 7 == 3}
    present = {person.pk for person in people} - excused
    minutes.record_attendance(meeting, present, excused, by, at=at)


def _approve(meeting, approved_in, *, by, at):
    minutes.approve_minutes(Meeting.objects.get(pk=meeting.pk), approved_in, by, at=at)


def _implementations(story, town):
    for title, (status, due_date, notes, moment) in IMPLEMENTATIONS.items():
        recorded = Implementation.objects.filter(paper__body=town.body, paper__name=title).exclude(notes="")
        if not recorded.exists():
            story.on(moment, _track, town.body, title, status, due_date, notes, by=town.office)


def _track(body, title, status, due_date, notes, *, by, at):
    paper = Paper.objects.get(body=body, name=title)
    tracking.update_implementation(paper, status, due_date, notes, by, at=at)
