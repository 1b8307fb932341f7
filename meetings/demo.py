"""Demo data of the council office: amendments of every kind, a deferral, additions to a
published invitation, attendance and minutes, decision tracking.

`load_meetings_demo(demo)` runs at the end of `council.demo.load_demo()` and follows its
rules: natural keys, fixed dates, a second run writes nothing.
"""

import datetime as dt

from simple_history.utils import bulk_update_with_history

from accounts import roles
from council.demo import LOREM_REASONING, _signed, _sync_counters, at, get
from council.models import AgendaItem, Attendance, Meeting, Organization
from meetings.minutes import draft_text
from resolutions.amendments import amended_text
from resolutions.models import Amendment, Consultation, Implementation, Paper, PaperType

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
# (organization, position within its consultation, kind, before, after)
VOLUNTEERING_AMENDMENTS = [
    (
        "HA",
        1,
        Amendment.Kind.CHANGED,
        "Die Förderung beträgt höchstens 2.000 Euro je Verein und Jahr.",
        "Die Förderung beträgt höchstens 2.500 Euro je Verein und Jahr.",
    ),
    (
        "STVV",
        1,
        Amendment.Kind.ADDED,
        "Gefördert werden Vereine mit Sitz in Luckenwalde.",
        "Gefördert werden Vereine und Initiativen mit Sitz in Luckenwalde.",
    ),
    ("STVV", 2, Amendment.Kind.STRUCK, " Die Verwaltung berichtet jährlich im Hauptausschuss.", ""),
]

FOUNTAINS_TITLE = "Antrag der Fraktion Bündnis 90/Die Grünen: Trinkwasserbrunnen in der Innenstadt"
BUS_TITLE = "Anschaffung eines Bürgerbusses für die Ortsteile"
SUPPLEMENT_TITLE = "Eilentscheidung: Vergabe des Winterdienstes 2026/2027"

# Paper title -> (status, due date, notes) for the decision tracking.
IMPLEMENTATIONS = {
    "Aufnahme in den Zweckverband Digitale Kommunen Brandenburg": (
        Implementation.Status.DONE,
        dt.date(2022, 3, 1),
        "Aufnahmeantrag am 10.01.2022 gestellt; Mitglied seit 01.03.2022.",
    ),
    "Sanierung der Turnhalle der Grundschule „Gebrüder Grimm“": (
        Implementation.Status.IN_PROGRESS,
        dt.date(2027, 8, 31),
        "Ausschreibung veröffentlicht; Baubeginn nach den Osterferien 2027.",
    ),
    "Fortschreibung des Schulentwicklungsplans 2026–2031": (
        Implementation.Status.DONE,
        dt.date(2026, 7, 31),
        "Dem Landkreis übermittelt.",
    ),
    "Bebauungsplan Nr. 42 „Wohnen am Nuthepark“ – Aufstellungsbeschluss": (
        Implementation.Status.OPEN,
        dt.date(2026, 10, 31),
        "Bekanntmachung des Aufstellungsbeschlusses steht aus.",
    ),
    "Zuschuss an den Förderverein Stadttheater 2027": (
        Implementation.Status.IN_PROGRESS,
        dt.date(2026, 11, 15),
        "Zuwendungsbescheid im Entwurf.",
    ),
    VOLUNTEERING_TITLE: (
        Implementation.Status.IN_PROGRESS,
        dt.date(2027, 1, 1),
        "Antragsformulare werden vorbereitet.",
    ),
}


def load_meetings_demo(demo):
    body = demo.luckenwalde
    orgs = {org.short_name: org for org in Organization.objects.filter(body=body)}
    staff = {login.role: login.user for login in demo.logins if login.user.body_id == body.pk}
    office = staff[roles.COUNCIL_OFFICE]
    # The demo plan holds one meeting per organization and month; the day is the plan's business.
    meetings = {
        (meeting.organization.short_name, meeting.date.year, meeting.date.month): meeting
        for meeting in Meeting.objects.filter(body=body).select_related("organization")
    }

    def meeting(short, year, month, day=None):
        return meetings[(short, year, month)]

    types = {paper_type.prefix: paper_type for paper_type in PaperType.objects.filter(body=body)}
    _volunteering(body, orgs, types, staff, office, meeting)
    _deferrals(body, orgs, types, staff, meeting)
    _supplement(meeting("HA", 2026, 12, 10))
    _minutes(meeting("STVV", 2026, 9, 9), approved_in=meeting("STVV", 2026, 11, 9))
    _minutes(meeting("STVV", 2026, 11, 9), approved_in=None)
    _implementations(body, office)
    _public_part_first(body, office)
    _sync_counters(body)


def _paper(body, title, paper_type, department, reference, date, state, result, text, staff):
    paper = get(
        Paper,
        body=body,
        name=title,
        defaults={
            "paper_type": paper_type,
            "reference": reference,
            "date": date,
            "under_direction_of": department,
            "originator": staff[roles.CLERK],
            "state": state,
            "result": result,
            "resolution_text": text,
            "reasoning": LOREM_REASONING,
            "released_at": at(date + dt.timedelta(days=3), 10),
            "decided_at": at(date + dt.timedelta(days=60), 20) if state == Paper.State.DECIDED else None,
        },
    )
    _signed(paper, staff, at(date + dt.timedelta(days=2), 11))
    return paper


def _item(meeting, consultation, name, public=True, supplement=False, **result):
    """The agenda item of this meeting for the consultation, appended to its part once."""
    existing = meeting.agenda_items.filter(name=name).first()
    if existing is not None:
        return existing
    items = list(meeting.agenda_items.values_list("order", "number"))
    prefix = "Ö" if public else "N"
    count = sum(1 for _, number in items if number.startswith(prefix))
    return AgendaItem.objects.create(
        meeting=meeting,
        number=f"{prefix} {count + 1}",
        order=max((order for order, _ in items), default=0) + 1,
        name=name,
        public=public,
        consultation=consultation,
        is_supplement=supplement,
        **result,
    )


def _volunteering(body, orgs, types, staff, office, meeting):
    """A paper changed in two consultations: geändert (HA), ergänzt and gestrichen (STVV)."""
    paper = _paper(
        body, VOLUNTEERING_TITLE, types["B"], orgs["HA-V"], "B-8150/2026", dt.date(2026, 6, 15),
        Paper.State.DECIDED, Paper.Result.ADOPTED_WITH_CHANGES, VOLUNTEERING_TEXT, staff,
    )  # fmt: skip
    held = {"HA": meeting("HA", 2026, 7, 10), "STVV": meeting("STVV", 2026, 9, 9)}
    consultations = {
        short: get(
            Consultation,
            paper=paper,
            position=position,
            defaults={"organization": orgs[short], "role": role, "meeting": held[short]},
        )
        for position, (short, role) in enumerate([("HA", PRE), ("STVV", DEC)], start=1)
    }
    for short, position, kind, before, after in VOLUNTEERING_AMENDMENTS:
        get(
            Amendment,
            consultation=consultations[short],
            position=position,
            defaults={
                "meeting": held[short],
                "kind": kind,
                "text_before": before,
                "text_after": after,
                "initials": office.initials,
                "recorded_by": office,
            },
        )
    amendments = list(
        Amendment.objects.filter(consultation__paper=paper).select_related(
            "consultation__organization", "consultation__meeting", "meeting"
        )
    )
    after_committee = amended_text(paper, [a for a in amendments if a.consultation_id == consultations["HA"].pk])
    _item(
        held["HA"], consultations["HA"], VOLUNTEERING_TITLE,
        result=R.RECOMMENDED, unanimous=True, resolution_text=after_committee.decided,
    )  # fmt: skip
    _item(
        held["STVV"], consultations["STVV"], VOLUNTEERING_TITLE, result=R.ADOPTED_WITH_CHANGES,
        votes_yes=17, votes_no=1, votes_abstention=2, resolution_text=amended_text(paper, amendments).decided,
    )  # fmt: skip


def _deferrals(body, orgs, types, staff, meeting):
    """Two deferrals: one taken up again and recommended, one waiting for a new date."""
    fountains = _paper(
        body, FOUNTAINS_TITLE, types["A"], orgs["Bauamt"], "A-10/2026", dt.date(2026, 8, 24),
        Paper.State.IN_CONSULTATION, "", "<p>Die Stadtverordnetenversammlung beschließt: Die Verwaltung wird "
        "beauftragt, bis Mai 2027 zwei öffentliche Trinkwasserbrunnen in der Innenstadt aufzustellen.</p>", staff,
    )  # fmt: skip
    committee_meeting = meeting("SBU", 2026, 11, 17)
    committee = get(
        Consultation,
        paper=fountains,
        position=1,
        defaults={"organization": orgs["SBU"], "role": PRE, "meeting": committee_meeting},
    )
    council_meeting = meeting("STVV", 2026, 12, 9)
    council = get(
        Consultation,
        paper=fountains,
        position=2,
        defaults={"organization": orgs["STVV"], "role": DEC, "meeting": council_meeting},
    )
    _item(
        meeting("SBU", 2026, 9, 17), committee, FOUNTAINS_TITLE, result=R.DEFERRED,
        votes_yes=4, votes_no=2, votes_abstention=1,
    )  # fmt: skip
    _item(committee_meeting, committee, FOUNTAINS_TITLE, result=R.RECOMMENDED, votes_yes=5, votes_no=1)
    # The committee recommended it after the council's invitation was out: an addition (Nachtrag).
    _item(council_meeting, council, FOUNTAINS_TITLE, supplement=True)

    bus = _paper(
        body, BUS_TITLE, types["B"], orgs["HA-V"], "B-8151/2026", dt.date(2026, 10, 5),
        Paper.State.IN_CONSULTATION, "", "<p>Der Hauptausschuss beschließt die Anschaffung eines Bürgerbusses "
        "mit acht Sitzplätzen für die Ortsteile.</p>", staff,
    )  # fmt: skip
    waiting = get(Consultation, paper=bus, position=1, defaults={"organization": orgs["HA"], "role": DEC})
    _item(meeting("HA", 2026, 11, 10), waiting, BUS_TITLE, result=R.DEFERRED, votes_yes=4, votes_no=3)


def _public_part_first(body, by):
    """Agendas list the public part before the non-public part, keeping each item's number.

    The foundation's demo appends items as its papers come, so a non-public item can sit
    between public ones; the office's agenda builder never leaves it so.
    """
    items = AgendaItem.objects.filter(meeting__body=body).order_by("meeting_id", "order")
    by_meeting = {}
    for item in items:
        by_meeting.setdefault(item.meeting_id, []).append(item)
    for agenda in by_meeting.values():
        wanted = sorted(agenda, key=lambda item: (not item.public, item.order))
        if wanted == agenda:
            continue
        offset = max(item.order for item in agenda) + 1
        for index, item in enumerate(wanted):
            item.order = offset + index
        AgendaItem.objects.bulk_update(wanted, ["order"])
        for index, item in enumerate(wanted, start=1):
            item.order = index
        bulk_update_with_history(wanted, AgendaItem, ["order"], default_user=by)


def _supplement(meeting):
    _item(meeting, None, SUPPLEMENT_TITLE, supplement=True)


def _minutes(meeting, approved_in):
    members = list(
        meeting.organization.memberships.select_related("person").order_by("person__family_name", "person__pk")
    )
    for index, membership in enumerate(members):
        get(
            Attendance,
            meeting=meeting,
            person=membership.person,
            defaults={"present": index % 7 != 3, "excused": index % 7 == 3, "role": membership.role},
        )
    if meeting.minutes_state != Meeting.MinutesState.NONE:
        return
    meeting.minutes_text = draft_text(meeting)
    meeting.minutes_state = Meeting.MinutesState.APPROVED if approved_in else Meeting.MinutesState.DRAFT
    meeting.minutes_approved_in = approved_in
    meeting.save()


def _implementations(body, office):
    for paper in Paper.objects.filter(body=body, name__in=IMPLEMENTATIONS, state=Paper.State.DECIDED):
        status, due_date, notes = IMPLEMENTATIONS[paper.name]
        get(
            Implementation,
            paper=paper,
            defaults={"body": body, "status": status, "due_date": due_date, "notes": notes, "updated_by": office},
        )
