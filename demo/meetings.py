"""The meeting year of Stadt Luckenwalde, and how the council office runs each meeting.

A year of meetings per organization is planned at the start of the demo year. Two days
before the invitation goes out the office puts the standing items on the agenda; papers
are added as their Beratungsfolge reaches the meeting; the invitation is published two
weeks ahead (never later than the demo's "today"). A held meeting decides its papers; one
without papers takes note of the mayor's communications, which records it as held. One
meeting is cancelled.
"""

import datetime as dt
from dataclasses import dataclass

from council.models import AgendaItem, Meeting
from demo.base import DEMO_TODAY, DEMO_YEAR_START, at
from meetings import agenda, planning, results

STANDING = [key for key, _ in agenda.STANDING_ITEMS]
COMMUNICATIONS = agenda.STANDING_NAMES["communications"]

# Meetings per organization over the demo year: (short name, months), and the day offset in the month.
MEETING_PLAN = {
    "STVV": [3, 5, 7, 9, 11, 12, 2],
    "HA": [3, 4, 5, 6, 7, 9, 10, 11, 12, 1, 2],
    "FA": [4, 6, 9, 11, 1],
    "BKS": [3, 5, 9, 11, 1],
    "SBU": [4, 6, 9, 11, 12, 2],
    "OBR Fr": [5, 10],
}
MEETING_DAY = {"STVV": 1, "HA": 2, "FA": 3, "BKS": 8, "SBU": 9, "OBR Fr": 15}
CANCELLED = {("OBR Fr", 10): "Keine Beratungsgegenstände"}
PLANNED_AT = at(DEMO_YEAR_START - dt.timedelta(days=27), 9)  # the office plans the year in early February


@dataclass
class Plan:
    """One meeting and what becomes of it: held, invited, planned or cancelled."""

    meeting: Meeting
    fate: str
    published: dt.datetime | None  # when the invitation goes out
    new: bool  # created by this run (only then the story tells its steps)
    results: int = 0  # results planned so far (they follow each other a few minutes apart)
    office: object = None  # who runs it

    @property
    def held(self):
        return self.fate == Meeting.State.HELD

    def next_result_moment(self):
        self.results += 1
        return self.meeting.start + dt.timedelta(minutes=20 + 10 * self.results)


def meeting(story, organization, start, fate, published, by, planned_at, end=None, location=None, name="", reason=""):
    """The meeting (created when missing) and its planned course on the story."""
    existing = Meeting.objects.filter(organization=organization, start=start).first()
    if existing is not None:
        return Plan(existing, fate, published, new=False)
    created = planning.create_meeting(
        organization, start, by, end=end, location=location or organization.location, name=name, at=planned_at
    )
    plan = Plan(created, fate, published, new=True)
    story.meetings.append(plan)
    if fate in (Meeting.State.HELD, Meeting.State.INVITED):
        story.on(published - dt.timedelta(days=2), agenda.add_standing_items, created, STANDING, by=by)
        story.on(published, agenda.publish_invitation, created, by=by)
    plan.office = by
    if fate == Meeting.State.CANCELLED:
        story.on(start - dt.timedelta(days=14), planning.cancel_meeting, created, reason, by=by)
    return plan


def close_held_meetings(story):
    """A held meeting without papers is recorded as held by taking note of the mayor's communications."""
    for plan in story.meetings:
        if plan.held and not plan.results:
            story.on(plan.meeting.start + dt.timedelta(minutes=10), _communications_noted, plan.meeting, by=plan.office)


def _communications_noted(meeting, *, by, at):
    item = AgendaItem.objects.get(meeting=meeting, name=COMMUNICATIONS)
    results.record_result(item, AgendaItem.Result.NOTED, by, at=at)


def year_of_meetings(story, town):
    """short name -> the plans of its meetings, in order."""
    plans = {}
    for short, months in MEETING_PLAN.items():
        organization = town.organizations[short]
        for month in months:
            year = DEMO_YEAR_START.year + (1 if month < DEMO_YEAR_START.month else 0)
            day = dt.date(year, month, 1) + dt.timedelta(days=MEETING_DAY[short] + 7)
            while day.weekday() > 3:  # councils meet Monday to Thursday
                day += dt.timedelta(days=1)
            start = at(day, 17 if short != "STVV" else 18)
            if (short, month) in CANCELLED:
                fate, published = Meeting.State.CANCELLED, None
            elif day < DEMO_TODAY:
                fate, published = Meeting.State.HELD, at(day - dt.timedelta(days=14), 9)
            elif day < DEMO_TODAY + dt.timedelta(days=21):
                # Invitations go out two weeks ahead, and never later than the demo's "today".
                fate = Meeting.State.INVITED
                published = at(min(day - dt.timedelta(days=14), DEMO_TODAY - dt.timedelta(days=1)), 9)
            else:
                fate, published = Meeting.State.PLANNED, None
            plan = meeting(
                story, organization, start, fate, published, town.office, PLANNED_AT,
                end=start + dt.timedelta(hours=2, minutes=30), location=town.rathaus,
                reason=CANCELLED.get((short, month), ""),
            )  # fmt: skip
            plans.setdefault(short, []).append(plan)
    return plans


def plan_item(story, plan, consultation, by, ready):
    """Put the consultation on the meeting's agenda: the day before the invitation, or once the paper is ready.

    Added after the invitation went out, the item is an addition (Nachtrag).
    """
    moment = ready + dt.timedelta(hours=1)
    if plan.published is not None:
        moment = max(moment, plan.published - dt.timedelta(days=1))
    story.on(moment, agenda.add_paper, plan.meeting, consultation, by=by)
    return moment


def plan_result(story, plan, consultation, result, by, moment=None, **recorded):
    """Record the result of the consultation's item in the meeting (votes, decided text, …)."""
    story.on(moment or plan.next_result_moment(), _record, plan.meeting, consultation, result, by=by, **recorded)


def _record(meeting, consultation, result, *, by, at, **recorded):
    item = AgendaItem.objects.get(meeting=meeting, consultation=consultation)
    results.record_result(item, result, by, at=at, **recorded)
