"""The record of a special session: invited at short notice, a namentliche Abstimmung, two neighbouring amendments.

In October the Stadtverordnetenversammlung meets at three days' notice (its notice period is
seven days) to decide the town's share of a grant before the application deadline; the
invitation gives the reason for the urgency. The council votes by name on the public item
and amends the proposal twice, in neighbouring sentences (two motions, recorded one after
the other), so the item page shows each amendment with its own marker.
"""

import datetime as dt

from council.models import AgendaItem, Meeting, Vote
from demo.base import at
from demo.council_office import _paper
from meetings import agenda, planning, results
from meetings.textdiff import as_editable
from resolutions.models import Consultation

URGENT_DAY = dt.date(2026, 10, 22)
URGENT_NAME = "Sondersitzung der Stadtverordnetenversammlung"
URGENT_REASON = (
    "Die Antragsfrist des Förderprogramms „Lebendige Zentren“ endet am 31.10.2026; der Eigenanteil der Stadt "
    "muss vorher beschlossen sein."
)
GRANT_TITLE = "Eigenanteil der Stadt am Förderprogramm „Lebendige Zentren“ 2027"
GRANT_TEXT = (
    "<p>Die Stadtverordnetenversammlung beschließt, den Fördermittelantrag zum Programm „Lebendige Zentren“ für "
    "das Jahr 2027 zu stellen.</p>\n"
    "<p>Der Eigenanteil der Stadt beträgt 150.000 Euro. Die Mittel werden im Haushalt 2027 bereitgestellt.</p>"
)
# The two motions, in the order the council adopted them: (before, after) in the decided text.
GRANT_MOTIONS = [
    ("beträgt 150.000 Euro.", "beträgt höchstens 150.000 Euro."),
    ("im Haushalt 2027 bereitgestellt.", "im Nachtragshaushalt 2026 bereitgestellt."),
]
# Every fifth member voted no, every seventh abstained (by their place in the list of voters).
NO_EVERY, ABSTAIN_EVERY = 5, 7


def special_session(story, town):
    """Plan the special session and its decision (only where this run creates the meeting)."""
    council = town.organizations["STVV"]
    start = at(URGENT_DAY, 18)
    if Meeting.objects.filter(organization=council, start=start).exists():
        return
    paper, _, _ = _paper(
        story, town, GRANT_TITLE, "B", "Kämmerei", 8152, dt.date(2026, 10, 12), GRANT_TEXT,
        [("STVV", Consultation.Role.DECISION)],
    )  # fmt: skip
    office = town.office
    meeting = planning.create_meeting(
        council, start, office, end=start + dt.timedelta(hours=1), location=town.rathaus, name=URGENT_NAME,
        at=at(dt.date(2026, 10, 16), 11),
    )  # fmt: skip
    published = at(URGENT_DAY - dt.timedelta(days=3), 9)
    story.on(published - dt.timedelta(hours=1), agenda.add_paper, meeting, paper.consultations.get(), by=office)
    story.on(published, agenda.publish_invitation, meeting, by=office, urgent_reason=URGENT_REASON)
    text = as_editable(GRANT_TEXT)
    for index, (before, after) in enumerate(GRANT_MOTIONS):
        text = text.replace(before, after)
        story.on(start + dt.timedelta(minutes=30 + 10 * index), _vote_by_name, meeting, text, by=office)


def _vote_by_name(meeting, decided_text, *, by, at):
    item = AgendaItem.objects.get(meeting=meeting, consultation__isnull=False)
    choices = {}
    for index, person in enumerate(results.voters(meeting), start=1):
        choices[person.pk] = (
            Vote.Choice.NO
            if index % NO_EVERY == 0
            else Vote.Choice.ABSTENTION
            if index % ABSTAIN_EVERY == 0
            else Vote.Choice.YES
        )
    results.record_result(
        item, AgendaItem.Result.ADOPTED_WITH_CHANGES, by, at=at, decided_text=decided_text, named_votes=choices
    )
