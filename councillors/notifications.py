"""E-mails to councillors: a published invitation, and what changed in papers on their agenda.

- Invitations: `resolutions.signals.invitation_published` is received here; after the
  publishing transaction commits, a task (`councillors/tasks.py`) sends every councillor
  who is a member of the meeting's organization and has not switched it off one e-mail.
- Paper changes: every save of a paper leaves (at most) one `PendingPaperChange` holding
  the version before its first change. `send_paper_change_digests` (on the Celery beat
  schedule, `councillors/tasks.py`; by hand: command `send_notifications`) compares that
  version with the paper as it is now and sends each councillor one digest of the papers
  on agendas of their organizations that they may see. Three saves between two runs make one e-mail with one difference.

Mails carry what their recipient may see, decided per recipient by council.visibility.
"""

import difflib
import html
import re
from dataclasses import dataclass

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts import roles
from accounts.models import User
from council.models import AgendaItem, Meeting, Membership
from council.visibility import member_organization_ids
from councillors.models import PendingPaperChange
from lib.urls import absolute_reverse
from resolutions.models import Consultation, Paper

# Paper fields a councillor reads, in the order the digest lists them.
WATCHED_FIELDS = [
    ("name", "Titel"),
    ("state", "Stand"),
    ("resolution_text", "Beschlussvorschlag"),
    ("reasoning", "Erläuterung/Begründung"),
    ("financial_impact", "Finanzielle Auswirkung"),
    ("financial_amount", "Betrag (EUR)"),
    ("financial_budget_line", "Haushaltsstelle"),
    ("financial_description", "Finanzielle Erläuterung"),
]
RICH_TEXT_FIELDS = {"resolution_text", "reasoning", "financial_description"}


# --- Recipients ------------------------------------------------------------------------


def _councillors(body_id, organization_ids, setting):
    """Active councillors of the Body with an e-mail address who are members of one of the organizations."""
    today = timezone.localdate()
    return (
        User.objects.filter(is_active=True, body_id=body_id, groups__name=roles.COUNCILLOR)
        .exclude(email="")
        .exclude(**{f"councillor_profile__{setting}": False})
        .filter(person__memberships__in=Membership.objects.on(today).filter(organization_id__in=organization_ids))
        .distinct()
        .order_by("pk")
    )


# --- Invitations -----------------------------------------------------------------------


def on_invitation_published(sender, meeting, by=None, supplement=False, **kwargs):
    from councillors.tasks import send_invitation_mails as task

    meeting_id = meeting.pk
    # robust: a mail server or broker that is down must not turn the published invitation into an error page.
    transaction.on_commit(lambda: task.delay(meeting_id, supplement=supplement), robust=True)


def send_invitation_mails(meeting_id, supplement=False):
    """One e-mail per member who wants it; returns the number sent."""
    meeting = Meeting.objects.select_related("organization", "location").filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    recipients = list(_councillors(meeting.body_id, [meeting.organization_id], "notify_invitations"))
    if not recipients:
        return 0
    context = {
        "meeting": meeting,
        "supplement": supplement,
        "link": absolute_reverse("councillors:meeting", meeting.pk),
        "settings_link": absolute_reverse("councillors:settings"),
    }
    kind = "Nachtrag zur Einladung" if supplement else "Einladung"
    subject = f"{kind}: {meeting.title}"
    for user in recipients:
        items = list(AgendaItem.objects.filter(meeting=meeting).with_details_flag(user).order_by("order"))
        body = render_to_string(
            "councillors/mail/invitation.txt",
            {
                **context,
                "recipient": user,
                "items": items,
                "confidential": any(item.details_visible and not item.public for item in items),
            },
        )
        send_mail(subject, body, None, [user.email])
    return len(recipients)


# --- Paper changes ---------------------------------------------------------------------


def record_paper_change(sender, instance, raw=False, **kwargs):
    """pre_save of Paper: remember the version before the first change since the last digest."""
    if raw or instance.pk is None:
        return
    if PendingPaperChange.objects.filter(paper_id=instance.pk).exists():
        return
    baseline = (
        Paper.history.filter(id=instance.pk)
        .order_by("-history_date", "-history_id")
        .values_list("history_id", flat=True)
        .first()
    )
    if baseline is not None:
        PendingPaperChange.objects.get_or_create(paper_id=instance.pk, defaults={"baseline_history_id": baseline})


@dataclass
class FieldChange:
    """Lines removed and added; a paragraph edited in place is one line with its words marked."""

    label: str
    removed: list
    added: list
    edited: list


SIMILAR = 0.5  # paragraphs at least this alike count as edited, not replaced


def _mark_words(old, new):
    """“a [-b-] {+c+} d”: the words struck and inserted within one paragraph."""
    old_words, new_words = old.split(), new.split()
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(" ".join(old_words[i1:i2]))
            continue
        if i2 > i1:
            parts.append("[-" + " ".join(old_words[i1:i2]) + "-]")
        if j2 > j1:
            parts.append("{+" + " ".join(new_words[j1:j2]) + "+}")
    return " ".join(parts)


def _plain_lines(value):
    """Rich text as paragraphs of plain text, one per line."""
    text = re.sub(r"(?i)<br\s*/?>|</(p|li|h3|h4|blockquote)>", "\n", value or "")
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return [line.strip() for line in text.splitlines() if line.strip()]


def _display(record, field):
    value = getattr(record, field)
    if field == "state":
        return str(Paper.State(value).label) if value else ""
    if field == "financial_impact":
        return {True: "ja", False: "nein"}.get(value, "keine Angabe")
    return "" if value is None else str(value)


def paper_differences(before, after):
    """What changed between two versions of a paper, field by field, as removed and added lines."""
    changes = []
    for field, label in WATCHED_FIELDS:
        if field in RICH_TEXT_FIELDS:
            old, new = _plain_lines(getattr(before, field)), _plain_lines(getattr(after, field))
        else:
            old, new = [_display(before, field)], [_display(after, field)]
            old, new = [line for line in old if line], [line for line in new if line]
        if old == new:
            continue
        removed, added, edited = [], [], []
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
            if tag == "replace" and i2 - i1 == j2 - j1:
                for before_line, after_line in zip(old[i1:i2], new[j1:j2], strict=True):
                    if difflib.SequenceMatcher(a=before_line, b=after_line).ratio() >= SIMILAR:
                        edited.append(_mark_words(before_line, after_line))
                    else:
                        removed.append(before_line)
                        added.append(after_line)
                continue
            if tag in ("replace", "delete"):
                removed.extend(old[i1:i2])
            if tag in ("replace", "insert"):
                added.extend(new[j1:j2])
        changes.append(FieldChange(label=label, removed=removed, added=added, edited=edited))
    return changes


@transaction.atomic
def send_paper_change_digests(now=None):
    """Send every councillor one digest of changed papers on their agendas; returns the number of mails."""
    now = now or timezone.now()
    pending = list(PendingPaperChange.objects.select_for_update(skip_locked=True).select_related("paper"))
    if not pending:
        return 0
    baselines = Paper.history.in_bulk([change.baseline_history_id for change in pending], field_name="history_id")
    changed = {}
    for change in pending:
        before = baselines.get(change.baseline_history_id)
        differences = paper_differences(before, change.paper) if before is not None else []
        if differences:
            changed[change.paper_id] = (change.paper, differences)
    PendingPaperChange.objects.filter(pk__in=[change.pk for change in pending]).delete()
    if not changed:
        return 0

    # Which organizations have each paper on the agenda of a coming meeting.
    agenda = {}
    for paper_id, organization_id in Consultation.objects.filter(
        paper_id__in=changed, meeting__start__gte=now
    ).values_list("paper_id", "organization_id"):
        agenda.setdefault(paper_id, set()).add(organization_id)
    if not agenda:
        return 0

    sent = 0
    by_body = {}
    for paper_id, organization_ids in agenda.items():
        by_body.setdefault(changed[paper_id][0].body_id, set()).update(organization_ids)
    for body_id, organization_ids in by_body.items():
        for user in _councillors(body_id, organization_ids, "notify_paper_changes"):
            mine = member_organization_ids(user)
            candidates = [pid for pid, orgs in agenda.items() if orgs & mine]
            visible = set(Paper.objects.visible_to(user).filter(pk__in=candidates).values_list("pk", flat=True))
            papers = [
                {
                    "paper": changed[pid][0],
                    "changes": changed[pid][1],
                    "link": absolute_reverse("councillors:paper", pid),
                }
                for pid in candidates
                if pid in visible
            ]
            if not papers:
                continue
            papers.sort(key=lambda entry: entry["paper"].reference or "")
            body = render_to_string(
                "councillors/mail/paper_changes.txt",
                {"recipient": user, "papers": papers, "settings_link": absolute_reverse("councillors:settings")},
            )
            subject = (
                f"Geänderte Vorlage: {papers[0]['paper']}"
                if len(papers) == 1
                else f"{len(papers)} geänderte Vorlagen auf Ihrer Tagesordnung"
            )
            send_mail(subject, body, None, [user.email])
            sent += 1
    return sent
