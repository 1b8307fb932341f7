"""The agenda (Tagesordnung) of a meeting: building, numbering, publishing the invitation.

The public part is numbered Ö 1, Ö 2, …, the non-public part N 1, N 2, …; the public part
comes first. Once the invitation is published the agenda is frozen: nothing is moved or
removed any more (an item taken off is kept as "abgesetzt", `withdraw_item`), and a new
item is an addition (Nachtrag, `is_supplement`) that is announced at once with
`resolutions.signals.invitation_published(supplement=True)`.

The invitation keeps the organization's notice period (`Organization.notice_days`): inside
it, it is published only with a reason for the urgency (`Meeting.urgent_reason`).
"""

import datetime as dt

from django.db import transaction
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, When
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from council.models import AgendaItem, Meeting
from lib.history import delete_as, save_as
from meetings.errors import MeetingsError, refused_as_meetings_error
from resolutions import signals, workflow
from resolutions.models import Consultation

STANDING_ITEMS = [
    ("opening", "Eröffnung der Sitzung"),
    ("quorum", "Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit"),
    ("minutes", "Bestätigung der Niederschrift der letzten Sitzung"),
    ("communications", "Mitteilungen der Bürgermeisterin"),
    ("residents", "Einwohnerfragestunde"),
]
STANDING_NAMES = dict(STANDING_ITEMS)

# Paper states in which a consultation can be put on an agenda (the lifecycle's table says).
SCHEDULABLE_STATES = workflow.LIFECYCLE[workflow.Action.SCHEDULE].sources


def is_frozen(meeting):
    return meeting.invitation_published_at is not None


def _lock(meeting):
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("organization").get(pk=meeting.pk)
    if meeting.state == Meeting.State.CANCELLED:
        raise MeetingsError("Die Sitzung ist abgesagt; ihre Tagesordnung kann nicht mehr geändert werden.")
    if meeting.state == Meeting.State.HELD:
        raise MeetingsError("Die Sitzung hat stattgefunden; ihre Tagesordnung kann nicht mehr geändert werden.")
    return meeting


def _ordered(items):
    """Public part first, each part in its current order."""
    return sorted(items, key=lambda item: (not item.public, item.order))


def renumber(meeting, items, by):
    """Give `items` (all items of the meeting, in the wanted order) orders 1… and numbers Ö n / N n.

    (meeting, number) and (meeting, order) are unique, so the changed items first move to
    free temporary values and then take their final ones.
    """
    counters = {True: 0, False: 0}
    targets = []
    for order, item in enumerate(_ordered_parts(items), start=1):
        counters[item.public] += 1
        number = f"{'Ö' if item.public else 'N'} {counters[item.public]}"
        if item.order != order or item.number != number:
            targets.append((item, order, number))
    if not targets:
        return
    changed = [item for item, _, _ in targets]
    offset = max(item.order for item in items) + len(items) + 1
    for index, item in enumerate(changed):
        item.order = offset + index
        item.number = f"~{item.pk}"
    AgendaItem.objects.bulk_update(changed, ["order", "number"])
    now = timezone.now()
    for item, order, number in targets:
        item.order, item.number, item.public_modified = order, number, now
    bulk_update_with_history(changed, AgendaItem, ["order", "number", "public_modified"], default_user=by)


def _ordered_parts(items):
    """Keep the given order within each part, public part first."""
    public = [item for item in items if item.public]
    nonpublic = [item for item in items if not item.public]
    return public + nonpublic


def _append(meeting, by, at=None, **fields):
    """A new item at the end of its part; after publication it is an addition (Nachtrag)."""
    items = list(meeting.agenda_items.order_by("order"))
    last = max((item.order for item in items), default=0)
    item = AgendaItem(meeting=meeting, order=last + 1, number=f"~new-{last + 1}", **fields)
    item.is_supplement = is_frozen(meeting)
    save_as(item, by, at=at)
    renumber(meeting, _ordered(items) + [item], by)
    if item.is_supplement:
        _announce(meeting, by, supplement=True)
    return item


def _announce(meeting, by, supplement):
    signals.invitation_published.send(sender=Meeting, meeting=meeting, by=by, supplement=supplement)


@transaction.atomic
def add_standing_items(meeting, keys, by, at=None):
    """Put the chosen standing items (opening, quorum, …) at the top of the public part.

    Standing items keep their usual order among themselves; items already on the agenda
    under the same name are not added twice.
    """
    meeting = _lock(meeting)
    if is_frozen(meeting):
        raise MeetingsError("Die Einladung ist veröffentlicht; Regelpunkte können nicht mehr vorangestellt werden.")
    unknown = [key for key in keys if key not in STANDING_NAMES]
    if unknown or not keys:
        raise MeetingsError("Bitte mindestens einen der angebotenen Regelpunkte wählen.")
    items = _ordered(meeting.agenda_items.all())
    present = {item.name for item in items}
    new = []
    last = max((item.order for item in items), default=0)
    for key, name in STANDING_ITEMS:
        if key in keys and name not in present:
            last += 1
            item = AgendaItem(meeting=meeting, order=last, number=f"~new-{last}", name=name, public=True)
            new.append(save_as(item, by, at=at))
    rank = {name: index for index, (_, name) in enumerate(STANDING_ITEMS)}
    standing = sorted((item for item in new + items if item.public and item.name in rank), key=lambda i: rank[i.name])
    renumber(meeting, standing + [item for item in items if item not in standing], by)
    return new


@transaction.atomic
def add_item(meeting, name, public, by, at=None):
    """A free item without a paper (e.g. “Anfragen der Stadtverordneten”)."""
    meeting = _lock(meeting)
    if not name.strip():
        raise MeetingsError("Bitte einen Betreff für den Tagesordnungspunkt angeben.")
    return _append(meeting, by, at=at, name=name.strip(), public=public)


def schedulable_consultations(meeting):
    """Steps of a Beratungsfolge that name this organization and wait for a meeting.

    Those the clerk meant for this meeting (`Consultation.target_meeting`) come first and
    are marked (`targeted`).
    """
    return (
        Consultation.objects.filter(
            body_id=meeting.body_id,
            organization_id=meeting.organization_id,
            meeting__isnull=True,
            paper__state__in=SCHEDULABLE_STATES,
        )
        .annotate(
            targeted=Case(When(target_meeting_id=meeting.pk, then=True), default=False, output_field=BooleanField())
        )
        .select_related("paper__paper_type")
        .order_by("-targeted", "paper__reference", "position")
    )


@transaction.atomic
def add_paper(meeting, consultation, by, at=None):
    """Put a paper on the agenda: the lifecycle schedules its consultation into this meeting."""
    meeting = _lock(meeting)
    with refused_as_meetings_error():
        paper = workflow.schedule(consultation, meeting, by=by, at=at)
    consultation.refresh_from_db()
    return _append(meeting, by, at=at, name=paper.name, public=paper.public, consultation=consultation)


def release_consultation(consultation, by, comment="", at=None):
    """The consultation waits for a meeting again (see `resolutions.workflow.unschedule`)."""
    with refused_as_meetings_error():
        workflow.unschedule(consultation, by=by, comment=comment, at=at)


@transaction.atomic
def withdraw_item(item, by, at=None):
    """Take an item off a published agenda: it stays, numbered, marked "abgesetzt"; its paper
    waits for a meeting again (the lifecycle's unschedule step)."""
    meeting = _lock(item.meeting)
    if not is_frozen(meeting):
        raise MeetingsError("Die Einladung ist noch nicht veröffentlicht; entfernen Sie den Punkt stattdessen.")
    item = AgendaItem.objects.select_for_update(of=("self",)).select_related("consultation").get(pk=item.pk)
    if item.withdrawn:
        raise MeetingsError(f"{item.number} ist bereits abgesetzt.")
    if item.result:
        raise MeetingsError(f"Zu {item.number} ist schon ein Ergebnis erfasst; der Punkt kann nicht abgesetzt werden.")
    item.withdrawn = True
    save_as(item, by, at=at)
    consultation = item.consultation
    if consultation is not None and consultation.meeting_id == meeting.pk:
        comment = f"abgesetzt: {meeting.organization.marker_name} {meeting.date:%d.%m.%Y}"
        release_consultation(consultation, by, comment=comment, at=at)
    return item


@transaction.atomic
def remove_item(item, by):
    meeting = _lock(item.meeting)
    if is_frozen(meeting):
        raise MeetingsError(
            "Die Einladung ist veröffentlicht; ein Punkt kann nicht mehr entfernt werden. "
            "Vertagen Sie ihn stattdessen mit dem Ergebnis „vertagt“."
        )
    item = AgendaItem.objects.select_related("consultation").get(pk=item.pk)
    consultation = item.consultation
    delete_as(item, by)
    if consultation is not None and consultation.meeting_id == meeting.pk:
        release_consultation(consultation, by, comment=f"{meeting.organization.marker_name} {meeting.date:%d.%m.%Y}")
    renumber(meeting, _ordered(meeting.agenda_items.all()), by)


@transaction.atomic
def move_item(item, direction, by):
    """Swap an item with its neighbour in the same part (direction -1 up, +1 down)."""
    meeting = _lock(item.meeting)
    if is_frozen(meeting):
        raise MeetingsError("Die Einladung ist veröffentlicht; die Reihenfolge ist festgeschrieben.")
    items = _ordered(meeting.agenda_items.all())
    part = [other for other in items if other.public == item.public]
    index = next(position for position, other in enumerate(part) if other.pk == item.pk)
    target = index + direction
    if direction not in (-1, 1) or not 0 <= target < len(part):
        raise MeetingsError("Der Punkt steht bereits am Rand seines Teils der Tagesordnung.")
    part[index], part[target] = part[target], part[index]
    others = [other for other in items if other.public != item.public]
    renumber(meeting, part + others, by)


@transaction.atomic
def set_public(item, public, by):
    """Move an item between the public and the non-public part (before publication only)."""
    meeting = _lock(item.meeting)
    if is_frozen(meeting):
        raise MeetingsError("Die Einladung ist veröffentlicht; die Tagesordnung ist festgeschrieben.")
    items = _ordered(meeting.agenda_items.all())
    moved = next(other for other in items if other.pk == item.pk)
    if moved.public == public:
        return moved
    moved.public = public
    save_as(moved, by)
    renumber(meeting, [other for other in items if other.pk != moved.pk] + [moved], by)
    return moved


def notice_deadline(meeting):
    """The last moment to publish the invitation within the organization's notice period."""
    return meeting.start - dt.timedelta(days=meeting.organization.notice_days)


def inside_notice_period(meeting, at=None):
    return (at or timezone.now()) > notice_deadline(meeting)


def premature_decisions(meeting):
    """Items that put a paper to this meeting for decision before its preliminary consultations.

    A preliminary consultation (Vorberatung) earlier in the Beratungsfolge is in time when
    a held meeting dealt with it (a result other than "vertagt"), or when it is scheduled in
    a meeting before this one. Returns [(item, [organization names])]; a warning, never a block.
    """
    items = list(
        meeting.agenda_items.filter(consultation__role=Consultation.Role.DECISION, withdrawn=False).select_related(
            "consultation"
        )
    )
    if not items:
        return []
    papers = {item.consultation.paper_id: item for item in items}
    preliminaries = (
        Consultation.objects.filter(paper_id__in=papers, role=Consultation.Role.PRELIMINARY)
        .select_related("organization", "meeting")
        .annotate(
            dealt_with=Exists(
                AgendaItem.objects.filter(
                    consultation=OuterRef("pk"), meeting__state=Meeting.State.HELD, withdrawn=False
                ).exclude(Q(result="") | Q(result=AgendaItem.Result.DEFERRED))
            )
        )
        .order_by("position")
    )
    missing = {}
    for preliminary in preliminaries:
        item = papers[preliminary.paper_id]
        if preliminary.position >= item.consultation.position or preliminary.dealt_with:
            continue
        if preliminary.meeting is not None and preliminary.meeting.start < meeting.start:
            continue
        missing.setdefault(item.pk, []).append(preliminary.organization.name)
    return [(item, missing[item.pk]) for item in sorted(items, key=lambda i: i.order) if item.pk in missing]


@transaction.atomic
def publish_invitation(meeting, by, at=None, urgent_reason=None):
    """Publish the invitation: the meeting is invited and its agenda frozen; members are told.

    Inside the notice period the meeting needs a reason for the urgency: `urgent_reason`
    (stored on the meeting), or one it already has.
    """
    meeting = _lock(meeting)
    if is_frozen(meeting):
        raise MeetingsError("Die Einladung zu dieser Sitzung ist bereits veröffentlicht.")
    if not meeting.agenda_items.exists():
        raise MeetingsError("Die Tagesordnung ist leer; bitte zuerst Tagesordnungspunkte aufnehmen.")
    at = at or timezone.now()
    if urgent_reason is not None and urgent_reason.strip():
        meeting.urgent_reason = urgent_reason.strip()
    if inside_notice_period(meeting, at) and not meeting.urgent_reason.strip():
        days = meeting.organization.notice_days
        raise MeetingsError(
            f"Die Ladungsfrist von {days} Tagen ist nicht mehr einzuhalten "
            f"(Einladung spätestens am {timezone.localtime(notice_deadline(meeting)):%d.%m.%Y, %H:%M} Uhr). "
            "Eine Einladung mit verkürzter Frist ist nur als Dringlichkeitssitzung mit Begründung möglich."
        )
    meeting.state = Meeting.State.INVITED
    meeting.invitation_published_at = at
    save_as(meeting, by, at=at)
    _announce(meeting, by, supplement=False)
    return meeting
