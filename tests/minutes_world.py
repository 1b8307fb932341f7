"""A held council meeting with the records its minutes are built from, for the tests of every audience.

The public agenda item decided its paper with a struck sentence and votes by name; the
non-public one carries `SECRET` in its title, paper and course of consultation.
"""

import datetime as dt
from dataclasses import dataclass

from accounts import roles
from council.models import AgendaItem, Meeting, Vote
from meetings import minutes
from resolutions.models import Amendment, Paper
from tests import factories as f
from tests.documents.worlds import SECRET, council_with_secret_item

STRUCK = "Die Kosten trägt der Landkreis."
GUEST = ("Herr Dr. Weber", "Planungsbüro Nord")


@dataclass
class MinutesTown:
    body: object
    meeting: object
    later: object  # the meeting that approves the minutes
    public_item: object
    secret_item: object
    office: object
    member: object  # a member of the council, with a login
    outsider: object  # a councillor who is not a member of the council
    voters: list
    substitute: object


def minutes_town():
    town = council_with_secret_item()
    body, meeting = town.body, town.meeting
    items = {item.number: item for item in meeting.agenda_items.all()}
    public_item, secret_item = items["Ö 2"], items["N 1"]
    Paper.objects.filter(pk=town.public_paper.pk).update(
        resolution_text=f"<p>Der Radweg wird gebaut. {STRUCK}</p>",
        state=Paper.State.DECIDED,
        result="adopted_with_changes",
    )
    f.amendment(public_item.consultation, Amendment.Kind.STRUCK, STRUCK, "", meeting=meeting)
    others = [f.person(body, family_name=f"Rat{n}") for n in range(3)]
    for person in others:
        f.membership(person, town.council)
    member_person = town.member.person
    substitute = f.person(body, family_name="Ersatzmann")
    f.membership(substitute, town.outsider.person.memberships.get().organization)
    voters = [member_person, *others[:2]]
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.HELD)
    AgendaItem.objects.filter(pk=public_item.pk).update(
        result=AgendaItem.Result.ADOPTED_WITH_CHANGES, votes_yes=2, votes_no=1, votes_abstention=0
    )
    for person, choice in zip(voters, ["yes", "yes", "no"], strict=True):
        Vote.objects.create(agenda_item=public_item, person=person, choice=choice)
    AgendaItem.objects.filter(pk=secret_item.pk).update(result=AgendaItem.Result.ADOPTED, unanimous=True)
    office = f.user(body, roles.COUNCIL_OFFICE)
    meeting.refresh_from_db()
    present = {person.pk for person in [member_person, *others[:2]]}
    minutes.record_attendance(
        meeting, present, {others[2].pk}, by=office, substitutes={others[2].pk: substitute.pk}, guests=[GUEST]
    )
    minutes.save_head(meeting, chair=member_person, minute_taker="Frau Jäger", remarks="Ohne Einwände.", by=office)
    minutes.save_notes(
        meeting,
        {public_item.pk: "<p>Der Radweg wird lebhaft erörtert.</p>", secret_item.pk: f"<p>Beratung {SECRET}</p>"},
        by=office,
    )
    later = f.meeting(town.council, start=meeting.start + dt.timedelta(days=30), state=Meeting.State.INVITED)
    meeting.refresh_from_db()
    public_item.refresh_from_db()
    secret_item.refresh_from_db()
    return MinutesTown(
        body, meeting, later, public_item, secret_item, office, town.member, town.outsider, voters, substitute
    )


def approve(town):
    """Approve the minutes in the later meeting, as its day has come."""
    minutes.approve_minutes(town.meeting, town.later, by=town.office, at=town.later.start)
    town.meeting.refresh_from_db()
