"""The minutes of the Hauptausschuss's September meeting as the legal record: attendance with a
substitute (a councillor who is no member of the committee) and a guest, chair and minute-taker, the
course of each item, a non-public item, approved in the October meeting.

Its own step of the story. The public copy of approved minutes is stored once the approval has
committed; the demo drops what is queued for after its commit, so it stores the copy itself.
"""

import datetime as dt

from council.meetings import chair_of_meeting
from council.models import AgendaItem, Meeting
from demo.base import at
from documents.pdf import freeze_minutes_pdf
from meetings import agenda, minutes, results

ORGANIZATION = "HA"
NONPUBLIC_TITLE = "Grundstücksangelegenheit: Verkauf einer Teilfläche am Nuthepark"
# Plain enough to look for: it must never appear in anything public.
NONPUBLIC_NOTE = (
    "Der Hauptausschuss stimmt dem Verkauf der Teilfläche an die Nordbau GmbH zum Kaufpreis von 84.000 Euro zu."
)
GUEST = ("Herr Dr. Weber", "Planungsbüro Nord")
MINUTE_TAKER = "Frau Jäger, Sitzungsdienst"
REMARKS = "Die Sitzung wurde ordnungsgemäß einberufen; der Hauptausschuss war beschlussfähig."
# Course of the consultation of the standing items, by name.
NOTES = {
    agenda.STANDING_NAMES["opening"]: "<p>Die Vorsitzende eröffnet die Sitzung um 17:00 Uhr und begrüßt die "
    "Anwesenden, die Gäste und die Vertreter der Presse.</p>",
    agenda.STANDING_NAMES["communications"]: "<p>Die Bürgermeisterin berichtet über den Stand der Sanierung der "
    "Turnhalle.</p>",
}
PAPER_NOTE = "<p>Die Vorlage wird von der Verwaltung erläutert. Es gibt keine Wortmeldungen.</p>"


def minutes_record(story, town, plans):
    """Plan the record of the HA's September meeting, approved in its October meeting."""
    meeting_plan, approval = (
        next(p for p in plans[ORGANIZATION] if (p.meeting.start.year, p.meeting.start.month) == month)
        for month in ((2026, 9), (2026, 10))
    )
    if not meeting_plan.new:
        return
    meeting, office = meeting_plan.meeting, town.office
    story.on(meeting_plan.published - dt.timedelta(hours=1), agenda.add_item, meeting, NONPUBLIC_TITLE, False,
             by=office)  # fmt: skip
    story.on(meeting.end - dt.timedelta(minutes=10), _nonpublic_result, meeting, by=office)
    story.on(meeting.end + dt.timedelta(minutes=15), _attendance, meeting, by=office)
    story.on(at(meeting.date + dt.timedelta(days=1), 11), _head_and_notes, meeting, by=office)
    story.on(at(meeting.date + dt.timedelta(days=1), 12), minutes.open_draft, meeting, office)
    story.on(approval.meeting.start + dt.timedelta(minutes=15), _approve, meeting, approval.meeting, by=office)


def _nonpublic_result(meeting, *, by, at):
    item = AgendaItem.objects.get(meeting=meeting, name=NONPUBLIC_TITLE)
    results.record_result(item, AgendaItem.Result.ADOPTED, by, unanimous=True, at=at)


def _attendance(meeting, *, by, at):
    """Everybody came but the last member other than the chair, who was excused and represented; the
    planner of the Nuthepark was a guest."""
    meeting = Meeting.objects.get(pk=meeting.pk)
    people = minutes.members_for_attendance(meeting)
    chair = chair_of_meeting(meeting)
    member = next(person for person in reversed(people) if person != chair)
    substitute = minutes.substitute_candidates(meeting, people)[0]
    present = {person.pk for person in people if person != member}
    minutes.record_attendance(
        meeting, present, {member.pk}, by, at=at, substitutes={member.pk: substitute.pk}, guests=[GUEST]
    )


def _head_and_notes(meeting, *, by, at):
    meeting = Meeting.objects.get(pk=meeting.pk)
    chair = chair_of_meeting(meeting)
    minutes.save_head(meeting, chair=chair, minute_taker=MINUTE_TAKER, remarks=REMARKS, by=by, at=at)
    notes = {}
    for item in meeting.agenda_items.all():
        if item.name == NONPUBLIC_TITLE:
            notes[item.pk] = f"<p>{NONPUBLIC_NOTE}</p>"
        elif item.consultation_id:
            notes[item.pk] = PAPER_NOTE
        elif item.name in NOTES:
            notes[item.pk] = NOTES[item.name]
    minutes.save_notes(meeting, notes, by, at=at)


def _approve(meeting, approved_in, *, by, at):
    minutes.approve_minutes(Meeting.objects.get(pk=meeting.pk), approved_in, by, at=at)
    freeze_minutes_pdf(meeting, by=by)
