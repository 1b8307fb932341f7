"""The minutes (Niederschrift) of a meeting: built from its records, drafted, then approved.

The minutes are not a text of their own: the document is built from the records each time
it is shown (`minutes_for`): attendance with substitutes and guests, chair and minute-taker,
per agenda item its course (`AgendaItem.minutes_note`), the decided wording with its
amendments, result and votes, then free remarks and the signature lines. Once the meeting
was held the office opens the draft; members of the organization read it and approve it in
a later meeting, which freezes every record it is built from (attendance, notes, results).

One document serves every audience: `minutes_for(meeting, user)` asks `council.visibility`
what the viewer may see, so the public gets the public part of approved minutes only.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from council.meetings import chair_of_meeting, meeting_number, place_of
from council.models import AgendaItem, Attendance, Guest, Meeting, Membership, Person, Vote
from council.visibility import agenda_for, people_visible_to, sees_minutes, sees_nonpublic_part
from lib.history import delete_as, save_as
from meetings.errors import MeetingsError
from meetings.results import members_present, voters
from resolutions import signals
from resolutions.paper_view import paper_views
from resolutions.richtext import sanitize

R = AgendaItem.Result
# Results after which the minutes give the decided wording (a deferred or rejected item has none).
WORDING_RESULTS = (R.ADOPTED, R.ADOPTED_WITH_CHANGES, R.RECOMMENDED)
WITHDRAWN = "abgesetzt"
SUBSTITUTE = "Vertretung"  # the role of a substitute in the attendance


@dataclass
class MinutesItem:
    """One agenda item as the viewer may read it in the minutes."""

    item: AgendaItem
    details_visible: bool
    paper: object = None  # the paper, where the viewer may see it
    note: str = ""  # the course of the consultation, sanitised rich text
    text: object = None  # the decided wording with its amendments (AmendedText), or None
    resolution_html: str = ""  # the decided wording of an item without a paper
    named_votes: list = field(default_factory=list)  # [(choice label, [names])]

    @property
    def result_label(self):
        if self.item.withdrawn:
            return WITHDRAWN
        return self.item.get_result_display() if self.item.result else ""


@dataclass
class Minutes:
    meeting: Meeting
    number: int | None
    chair: str
    minute_taker: str
    present: list  # Attendance rows; a substitute's `represents` names the member
    excused: list
    absent: list
    guests: list
    public_items: list
    nonpublic_items: list
    full_version: bool  # the viewer reads the non-public part too
    place: str

    @property
    def approved(self):
        return self.meeting.minutes_state == Meeting.MinutesState.APPROVED

    @property
    def remarks(self):
        return self.meeting.minutes_text.strip()

    @property
    def attendance_recorded(self):
        return bool(self.present or self.excused or self.absent)


def minutes_for(meeting, user, items=None):
    """The minutes of `meeting` as `user` (None: the public) may read them, or None where they may not.

    The meeting comes with its organization, location and body. The non-public items carry
    their content only where `agenda_for` shows the user their details; `items`: what
    `agenda_for(meeting, user)` gave, when the caller has it already.
    """
    if not sees_minutes(user, meeting):
        return None
    attendances = list(
        meeting.attendances.select_related("person", "represents").order_by("person__family_name", "person__given_name")
    )
    substitute_of = {row.represents_id: row.person for row in attendances if row.represents_id}
    for row in attendances:
        row.substitute = substitute_of.get(row.person_id)
    chair = chair_of_meeting(meeting)
    items = [_minutes_item(item) for item in (agenda_for(meeting, user) if items is None else items)]
    _add_wording(meeting, items, user)
    _add_named_votes(items)
    return Minutes(
        meeting=meeting,
        number=meeting_number(meeting),
        chair=chair.name if chair else "",
        minute_taker=meeting.minute_taker,
        present=[row for row in attendances if row.present],
        excused=[row for row in attendances if not row.present and row.excused],
        absent=[row for row in attendances if not row.present and not row.excused],
        guests=list(meeting.guests.all()),
        public_items=[entry for entry in items if entry.item.public],
        nonpublic_items=[entry for entry in items if not entry.item.public],
        full_version=sees_nonpublic_part(user, meeting),
        place=place_of(meeting),
    )


def _minutes_item(item):
    if not item.details_visible:
        return MinutesItem(item, False)
    return MinutesItem(item, True, paper=item.visible_paper, note=sanitize(item.minutes_note))


def _add_wording(meeting, items, user):
    """The decided wording per item: its paper's text with the amendments the viewer may see, as it stood after the meeting."""
    papers = {entry.paper.pk: entry.paper for entry in items if entry.paper is not None}
    views = paper_views(papers.values(), user)
    for entry in items:
        if not entry.details_visible or entry.item.withdrawn or entry.item.result not in WORDING_RESULTS:
            continue
        if entry.paper is not None:
            entry.text = views[entry.paper.pk].text_at(meeting)
        elif not entry.item.consultation_id:
            entry.resolution_html = sanitize(entry.item.resolution_text)


def _add_named_votes(items):
    """Votes by name (namentliche Abstimmung), grouped by choice, for the items the viewer reads."""
    readable = {entry.item.pk: entry for entry in items if entry.details_visible}
    grouped = {}
    votes = Vote.objects.filter(agenda_item_id__in=readable).select_related("person")
    for vote in votes.order_by("person__family_name", "person__given_name"):
        grouped.setdefault(vote.agenda_item_id, {}).setdefault(vote.choice, []).append(vote.person.name)
    labels = dict(Vote.Choice.choices)
    for item_id, choices in grouped.items():
        readable[item_id].named_votes = [
            (labels[choice], choices[choice]) for choice in Vote.Choice.values if choice in choices
        ]


def _lock(meeting):
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("organization", "location").get(pk=meeting.pk)
    )
    if meeting.state != Meeting.State.HELD:
        raise MeetingsError("Eine Niederschrift gibt es erst, wenn die Sitzung stattgefunden hat.")
    if meeting.minutes_state == Meeting.MinutesState.APPROVED:
        raise MeetingsError("Die Niederschrift ist bestätigt und kann nicht mehr geändert werden.")
    return meeting


def _as_draft(meeting):
    if meeting.minutes_state == Meeting.MinutesState.NONE:
        meeting.minutes_state = Meeting.MinutesState.DRAFT


@transaction.atomic
def open_draft(meeting, by, at=None):
    """Open the draft: from now on the members of the organization read the minutes before approving them."""
    meeting = _lock(meeting)
    if meeting.minutes_state == Meeting.MinutesState.DRAFT:
        return meeting
    _as_draft(meeting)
    return save_as(meeting, by, at=at)


@transaction.atomic
def save_head(meeting, *, chair, minute_taker, remarks, by, at=None):
    """Chair, minute-taker (Schriftführer/in) and the free remarks at the end of the minutes."""
    meeting = _lock(meeting)
    if chair is not None and chair.body_id != meeting.body_id:
        raise MeetingsError("Den Vorsitz führt eine Person dieser Körperschaft.")
    meeting.chair, meeting.minute_taker = chair, minute_taker.strip()
    meeting.minutes_text = remarks.replace("\r\n", "\n").strip()
    _as_draft(meeting)
    return save_as(meeting, by, at=at)


@transaction.atomic
def save_notes(meeting, notes, by, at=None):
    """The course of the consultation per agenda item ({item id: rich text}), sanitised; unchanged ones stay."""
    meeting = _lock(meeting)
    for item in AgendaItem.objects.select_for_update().filter(meeting=meeting, pk__in=notes):
        note = sanitize(notes[item.pk])
        if note != item.minutes_note:
            item.minutes_note = note
            save_as(item, by, at=at)
    if meeting.minutes_state == Meeting.MinutesState.NONE:
        _as_draft(meeting)
        save_as(meeting, by, at=at)


def approving_meetings(meeting, at=None):
    """Later meetings of the same organization in which the minutes can be approved.

    The approval is recorded from the day of that meeting on, as results are: a meeting
    still ahead has not approved anything yet.
    """
    return Meeting.objects.filter(
        organization_id=meeting.organization_id,
        start__gt=meeting.start,
        start__date__lte=timezone.localdate(at) if at else timezone.localdate(),
        state__in=(Meeting.State.INVITED, Meeting.State.HELD),
    ).order_by("start")


@transaction.atomic
def approve_minutes(meeting, approved_in, by, at=None):
    meeting = _lock(meeting)
    if meeting.minutes_state != Meeting.MinutesState.DRAFT:
        raise MeetingsError("Es gibt noch keinen Entwurf der Niederschrift.")
    if not approving_meetings(meeting, at).filter(pk=approved_in.pk).exists():
        raise MeetingsError(
            "Die Niederschrift wird in einer späteren Sitzung desselben Gremiums bestätigt, zu der eingeladen "
            "wurde, frühestens an deren Sitzungstag."
        )
    meeting.minutes_state = Meeting.MinutesState.APPROVED
    meeting.minutes_approved_in = approved_in
    save_as(meeting, by, at=at)
    signals.minutes_approved.send(sender=Meeting, meeting=meeting, by=by)
    return meeting


@transaction.atomic
def record_attendance(meeting, present_ids, excused_ids, by, at=None, *, substitutes=None, guests=None):
    """Attendance of the organization's members (and anyone recorded before), with their role in it.

    A member neither present nor excused is absent. `substitutes` ({member id: person id})
    records who attended for a member (Vertretung): the substitute counts as present, the
    member not. `guests` ([(name, function)]) replaces the meeting's guests; None keeps them.
    """
    meeting = _lock(meeting)
    people = members_for_attendance(meeting)
    member_ids = {person.pk for person in people}
    roles = dict(
        Membership.objects.filter(organization_id=meeting.organization_id, person__in=people)
        .on(meeting.date)
        .exclude(role="")
        .values_list("person_id", "role")
    )
    substitutes = _checked_substitutes(meeting, substitutes or {}, member_ids, present_ids)
    rows = {row.person_id: row for row in Attendance.objects.filter(meeting=meeting)}
    for person in people:
        present = person.pk in present_ids
        excused = not present and person.pk in excused_ids
        attendance = rows.get(person.pk)
        if attendance is None:
            attendance = Attendance(meeting=meeting, person=person, role=roles.get(person.pk, ""))
        elif attendance.present == present and attendance.excused == excused:
            continue
        attendance.present, attendance.excused = present, excused
        save_as(attendance, by, at=at)
    _record_substitutes(meeting, substitutes, rows, by, at)
    if guests is not None:
        _record_guests(meeting, guests, by, at)
    _check_recorded_votes(meeting)


def _check_recorded_votes(meeting):
    """Attendance recorded after the results must still hold their votes (else the transaction is undone)."""
    present = members_present(meeting)
    if present is None:
        return
    allowed = {person.pk for person in voters(meeting)}
    items = meeting.agenda_items.filter(Q(votes_yes__isnull=False) | Q(named_votes__isnull=False)).distinct()
    for item in items.prefetch_related("named_votes__person").order_by("order"):
        total = (item.votes_yes or 0) + (item.votes_no or 0) + (item.votes_abstention or 0)
        if total > present:
            raise MeetingsError(
                f"Zu {item.number} sind {total} Stimmen erfasst, laut dieser Anwesenheitsliste sind aber nur "
                f"{present} stimmberechtigte Mitglieder anwesend. Prüfen Sie die Anwesenheit oder das Ergebnis."
            )
        absent = [vote.person.name for vote in item.named_votes.all() if vote.person_id not in allowed]
        if absent:
            raise MeetingsError(
                f"Zu {item.number} ist namentlich abgestimmt worden, laut dieser Anwesenheitsliste waren "
                f"{', '.join(absent)} aber nicht anwesend. Prüfen Sie die Anwesenheit oder das Ergebnis."
            )


def _checked_substitutes(meeting, substitutes, member_ids, present_ids):
    """{member id: Person} of the substitutes, after the checks every form and import must pass."""
    wanted = {member: person for member, person in substitutes.items() if person}
    if set(wanted) - member_ids:
        raise MeetingsError("Vertreten werden kann nur ein Mitglied des Gremiums.")
    if set(wanted) & set(present_ids):
        raise MeetingsError("Ein anwesendes Mitglied braucht keine Vertretung.")
    if len(set(wanted.values())) != len(wanted):
        raise MeetingsError("Eine Person kann nur ein Mitglied vertreten.")
    if set(wanted.values()) & member_ids:
        raise MeetingsError("Ein Mitglied des Gremiums kann kein anderes Mitglied vertreten.")
    people = Person.objects.in_bulk(set(wanted.values()))
    if len(people) != len(set(wanted.values())) or any(p.body_id != meeting.body_id for p in people.values()):
        raise MeetingsError("Die Vertretung ist eine Person dieser Körperschaft.")
    return {member: people[person] for member, person in wanted.items()}


def _record_substitutes(meeting, substitutes, rows, by, at):
    """Substitutes as given: a changed one replaces the row of the one before, a removed one goes."""
    existing = {row.represents_id: row for row in rows.values() if row.represents_id}
    for member_id, row in existing.items():
        if substitutes.get(member_id) != row.person:
            delete_as(row, by, at=at, reason="Vertretung geändert")
    for member_id, person in substitutes.items():
        row = existing.get(member_id)
        if row is not None and row.person == person:
            continue
        save_as(Attendance(meeting=meeting, person=person, represents_id=member_id, role=SUBSTITUTE), by, at=at)


def _record_guests(meeting, guests, by, at):
    """The guests as given, in order: unchanged ones stay, others are added or removed."""
    existing = list(meeting.guests.order_by("position", "pk"))
    wanted = [(name.strip()[:200], function.strip()[:200]) for name, function in guests if name.strip()]
    for position, (name, function) in enumerate(wanted):
        match = next((guest for guest in existing if (guest.name, guest.function) == (name, function)), None)
        if match is not None:
            existing.remove(match)
            if match.position == position:
                continue
        guest = match or Guest(meeting=meeting, name=name, function=function)
        guest.position = position
        save_as(guest, by, at=at)
    for guest in existing:
        delete_as(guest, by, at=at, reason="Gast entfernt")


def members_for_attendance(meeting):
    """Members of the organization on the meeting day, and anyone recorded as attending in their own right."""
    day = meeting.date
    member = Membership.objects.filter(person=OuterRef("pk"), organization_id=meeting.organization_id).on(day)
    attended = Attendance.objects.filter(person=OuterRef("pk"), meeting=meeting, represents__isnull=True)
    return list(
        Person.objects.filter(body_id=meeting.body_id)
        .filter(Exists(member) | Exists(attended))
        .order_by("family_name", "given_name")
    )


def substitute_candidates(meeting, members):
    """Who may attend for a member: the Body's holders of a mandate who are not members themselves."""
    people = people_visible_to(None, Person.objects.filter(body_id=meeting.body_id))
    return list(people.exclude(pk__in=[person.pk for person in members]).order_by("family_name", "given_name"))


@transaction.atomic
def report_absence(meeting, person, by, at=None):
    """A member reports in advance that they cannot attend ("Verhinderung"): recorded as excused.

    The council office sees it on its meeting page and in the attendance of the minutes,
    where it can still be changed. Only before the meeting, and not for a cancelled one.
    """
    meeting = _lock_before_start(meeting, at)
    if meeting.state == Meeting.State.CANCELLED:
        raise MeetingsError("Die Sitzung ist abgesagt; eine Verhinderung muss nicht gemeldet werden.")
    if not any(member.pk == person.pk for member in members_for_attendance(meeting)):
        raise MeetingsError("Sie sind nicht Mitglied dieses Gremiums.")
    attendance = Attendance.objects.filter(meeting=meeting, person=person).first()
    if attendance is None:
        role = (
            Membership.objects.filter(organization_id=meeting.organization_id, person=person)
            .exclude(role="")
            .values_list("role", flat=True)
            .first()
        )
        attendance = Attendance(meeting=meeting, person=person, role=role or "")
    elif not attendance.present and attendance.excused:
        return attendance
    attendance.present, attendance.excused = False, True
    return save_as(attendance, by, at=at)


@transaction.atomic
def withdraw_absence(meeting, person, by, at=None):
    """Remove the member's reported absence ("Verhinderung zurücknehmen"), so they count as expected again.

    Before the meeting the attendance row of a member exists only because of the report,
    so it is deleted (with the acting user in its history) rather than turned into
    "absent, not excused". Afterwards only the council office records attendance.
    """
    meeting = _lock_before_start(meeting, at)
    attendance = Attendance.objects.filter(meeting=meeting, person=person, present=False, excused=True).first()
    if attendance is None:
        raise MeetingsError("Für diese Sitzung ist keine Verhinderung von Ihnen gemeldet.")
    delete_as(attendance, by, at=at, reason="Verhinderung zurückgenommen")


def _lock_before_start(meeting, at):
    """The meeting, locked, while a member may still report or withdraw an absence themselves."""
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    if meeting.start <= (at or timezone.now()):
        raise MeetingsError("Die Sitzung hat schon begonnen; bitte wenden Sie sich an den Sitzungsdienst.")
    return meeting


def reported_absences(meeting):
    """Members recorded as excused for a meeting, by name."""
    return list(
        meeting.attendances.filter(present=False, excused=True)
        .select_related("person")
        .order_by("person__family_name", "person__given_name")
    )
