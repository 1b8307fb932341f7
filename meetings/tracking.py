"""Decision tracking (Beschlusskontrolle): how far a decision has been carried out.

The department in charge of the paper and the council office record status, notes and
a due date; a decision is overdue when its due date has passed and it is not done.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.access import works_in_council_office
from lib.history import save_as
from meetings.access import may_track
from meetings.errors import MeetingsError
from resolutions.models import Implementation, Paper

TRACKED_RESULTS = (Paper.Result.ADOPTED, Paper.Result.ADOPTED_WITH_CHANGES)
STATUS_LABELS = {
    Implementation.Status.OPEN: "offen",
    Implementation.Status.IN_PROGRESS: "in Bearbeitung",
    Implementation.Status.DONE: "erledigt",
}


@dataclass(frozen=True)
class Tracking:
    """What the tracking list shows of a paper, also when nothing was recorded yet."""

    status_label: str
    due_date: dt.date | None
    notes: str
    overdue: bool

    @classmethod
    def of(cls, paper, today):
        try:
            implementation = paper.implementation
        except Implementation.DoesNotExist:
            return cls("offen (noch nicht erfasst)", None, "", False)
        overdue = (
            implementation.due_date is not None
            and implementation.due_date < today
            and implementation.status != Implementation.Status.DONE
        )
        return cls(STATUS_LABELS[implementation.status], implementation.due_date, implementation.notes, overdue)


def tracked_papers(user):
    """Adopted papers whose implementation this user records (office: the whole Body)."""
    papers = Paper.objects.visible_to(user).filter(state=Paper.State.DECIDED, result__in=TRACKED_RESULTS)
    if works_in_council_office(user):
        return papers if user.is_superuser and user.body_id is None else papers.filter(body_id=user.body_id)
    return papers.filter(body_id=user.body_id, under_direction_of_id=user.department_id)


def overdue(implementations, today=None):
    today = today or timezone.localdate()
    return implementations.filter(due_date__lt=today).exclude(status=Implementation.Status.DONE)


@transaction.atomic
def update_implementation(paper, status, due_date, notes, by, at=None):
    paper = Paper.objects.select_for_update().get(pk=paper.pk)
    if not may_track(by, paper):
        raise MeetingsError("Nur das federführende Amt und der Sitzungsdienst erfassen die Umsetzung.")
    if paper.state != Paper.State.DECIDED or paper.result not in TRACKED_RESULTS:
        raise MeetingsError("Nur beschlossene Vorlagen werden in der Beschlusskontrolle geführt.")
    if status not in Implementation.Status.values:
        raise MeetingsError("Bitte einen Stand der Umsetzung wählen.")
    decided_on = timezone.localtime(paper.decided_at).date() if paper.decided_at else None
    if due_date and decided_on and due_date < decided_on:
        raise MeetingsError(f"Der Termin liegt vor dem Beschluss vom {decided_on:%d.%m.%Y}.")
    implementation = Implementation.objects.filter(paper=paper).first() or Implementation(paper=paper)
    implementation.status = status
    implementation.due_date = due_date
    implementation.notes = notes.strip()
    implementation.updated_by = by
    return save_as(implementation, by, at=at)
