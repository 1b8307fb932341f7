"""The minutes (Niederschrift) of a meeting: drafted from attendance and results, then approved.

A draft is generated once the meeting was held, the office edits it, and a later meeting
of the same organization approves it; approved minutes are frozen. The non-public part
is only named by its numbers here: its content belongs in a separate, non-public record.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from council.models import Meeting
from lib.history import save_as
from meetings.errors import MeetingsError


def draft_text(meeting):
    """The generated draft: who attended, and the result of every public agenda item."""
    start = timezone.localtime(meeting.start)
    lines = [
        f"Niederschrift über die Sitzung – {meeting.organization.name}",
        f"am {start:%d.%m.%Y}, Beginn {start:%H:%M} Uhr"
        + (f", Ende {timezone.localtime(meeting.end):%H:%M} Uhr" if meeting.end else ""),
    ]
    if meeting.location:
        lines.append(f"Ort: {meeting.location.description}")
    attendances = list(meeting.attendances.select_related("person").order_by("person__family_name"))
    present = [a for a in attendances if a.present]
    excused = [a for a in attendances if not a.present and a.excused]
    absent = [a for a in attendances if not a.present and not a.excused]
    lines.append("")
    lines.append(f"Anwesend ({len(present)}):")
    lines.extend(f"- {a.person.name}{f' ({a.role})' if a.role else ''}" for a in present)
    if excused:
        lines.append(f"Entschuldigt ({len(excused)}): " + ", ".join(a.person.name for a in excused))
    if absent:
        lines.append(f"Unentschuldigt ({len(absent)}): " + ", ".join(a.person.name for a in absent))
    lines.append("")
    lines.append("Öffentlicher Teil")
    items = list(meeting.agenda_items.select_related("consultation__paper").order_by("order"))
    for item in items:
        if not item.public:
            continue
        paper = item.consultation.paper if item.consultation_id else None
        lines.append("")
        lines.append(f"{item.number} {item.name}" + (f" ({paper.reference})" if paper and paper.reference else ""))
        if item.result:
            votes = item.votes_summary
            lines.append(f"Ergebnis: {item.get_result_display()}" + (f" ({votes})" if votes else ""))
    nonpublic = [item.number for item in items if not item.public]
    if nonpublic:
        lines.append("")
        lines.append(
            "Nichtöffentlicher Teil: " + ", ".join(nonpublic) + " – Niederschrift gesondert, nicht öffentlich."
        )
    return "\n".join(lines) + "\n"


def _lock(meeting):
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("organization", "location").get(pk=meeting.pk)
    )
    if meeting.state != Meeting.State.HELD:
        raise MeetingsError("Eine Niederschrift gibt es erst, wenn die Sitzung stattgefunden hat.")
    if meeting.minutes_state == Meeting.MinutesState.APPROVED:
        raise MeetingsError("Die Niederschrift ist bestätigt und kann nicht mehr geändert werden.")
    return meeting


@transaction.atomic
def generate_draft(meeting, by, at=None):
    """(Re)generate the draft from attendance and results; replaces the text edited so far."""
    meeting = _lock(meeting)
    meeting.minutes_text = draft_text(meeting)
    meeting.minutes_state = Meeting.MinutesState.DRAFT
    return save_as(meeting, by, at=at)


@transaction.atomic
def save_minutes(meeting, text, by):
    meeting = _lock(meeting)
    if not text.strip():
        raise MeetingsError("Die Niederschrift ist leer.")
    meeting.minutes_text = text.replace("\r\n", "\n")
    meeting.minutes_state = Meeting.MinutesState.DRAFT
    return save_as(meeting, by)


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
    if meeting.minutes_state != Meeting.MinutesState.DRAFT or not meeting.minutes_text.strip():
        raise MeetingsError("Es gibt noch keinen Entwurf der Niederschrift.")
    if not approving_meetings(meeting, at).filter(pk=approved_in.pk).exists():
        raise MeetingsError(
            "Die Niederschrift wird in einer späteren Sitzung desselben Gremiums bestätigt, zu der eingeladen "
            "wurde, frühestens an deren Sitzungstag."
        )
    meeting.minutes_state = Meeting.MinutesState.APPROVED
    meeting.minutes_approved_in = approved_in
    return save_as(meeting, by, at=at)


@transaction.atomic
def record_attendance(meeting, present_ids, excused_ids, by, at=None):
    """Attendance of the organization's members (and anyone recorded before), with their role in it."""
    from council.models import Attendance, Membership

    meeting = _lock(meeting)
    people = members_for_attendance(meeting)
    roles = dict(
        Membership.objects.filter(organization_id=meeting.organization_id, person__in=people)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=meeting.date))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=meeting.date))
        .exclude(role="")
        .values_list("person_id", "role")
    )
    for person in people:
        present = person.pk in present_ids
        excused = not present and person.pk in excused_ids
        attendance = Attendance.objects.filter(meeting=meeting, person=person).first()
        if attendance is None:
            attendance = Attendance(meeting=meeting, person=person, role=roles.get(person.pk, ""))
        elif attendance.present == present and attendance.excused == excused:
            continue
        attendance.present, attendance.excused = present, excused
        save_as(attendance, by, at=at)


def members_for_attendance(meeting):
    """Members of the organization on the meeting day, and anyone recorded as attending."""
    from council.models import Attendance, Membership, Person

    day = meeting.date
    member = Membership.objects.filter(
        person=OuterRef("pk"),
        organization_id=meeting.organization_id,
    ).filter(Q(start_date__isnull=True) | Q(start_date__lte=day), Q(end_date__isnull=True) | Q(end_date__gte=day))
    attended = Attendance.objects.filter(person=OuterRef("pk"), meeting=meeting)
    return list(
        Person.objects.filter(body_id=meeting.body_id)
        .filter(Exists(member) | Exists(attended))
        .order_by("family_name", "given_name")
    )


@transaction.atomic
def report_absence(meeting, person, by, at=None):
    """A member reports in advance that they cannot attend ("Verhinderung"): recorded as excused.

    The council office sees it on its meeting page and in the attendance of the minutes,
    where it can still be changed. Only before the meeting, and not for a cancelled one.
    """
    from council.models import Attendance, Membership

    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    if meeting.state == Meeting.State.CANCELLED:
        raise MeetingsError("Die Sitzung ist abgesagt; eine Verhinderung muss nicht gemeldet werden.")
    if meeting.start <= (at or timezone.now()):
        raise MeetingsError("Die Sitzung hat schon begonnen; bitte wenden Sie sich an den Sitzungsdienst.")
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


def reported_absences(meeting):
    """Members recorded as excused for a meeting, by name."""
    return list(
        meeting.attendances.filter(present=False, excused=True)
        .select_related("person")
        .order_by("person__family_name", "person__given_name")
    )
