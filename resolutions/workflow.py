"""The life of a paper (DESIGN.md): submit, sign, return, release, withdraw.

    draft ──submit──▶ in sign-off ──all signed, release──▶ released ──▶ … ──withdraw──▶ withdrawn
      ▲                   │
      └────return ◀───────┘   (the signatures so far become void)

Each function takes the paper and the acting user, checks the user's role and the
paper's state (`office.permissions`), works on the paper row locked with SELECT … FOR
UPDATE in one transaction, records the step in the paper's timeline
(`office.models.Transition`) and its history (who, when, which transition), and tells the
person whose turn it is by e-mail once the transaction has committed. A refusal raises
`NotAllowed` (the role may not: 403) or `WrongState` (not now: 409) with a German message.
"""

from django.db import transaction
from django.utils import timezone

from office import notifications, permissions
from office.models import Transition
from resolutions import numbering
from resolutions.models import Paper, SignOff
from resolutions.signals import paper_released


class WorkflowError(Exception):
    status = 409

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NotAllowed(WorkflowError):
    """The user's role does not allow this transition on this paper."""

    status = 403


class WrongState(WorkflowError):
    """The paper is not in a state where this transition is possible (for this user)."""

    status = 409


ACTION_LABELS = {
    permissions.SUBMIT: "Einreichen zur Mitzeichnung",
    permissions.SIGN: "Mitzeichnen",
    permissions.RETURN: "Zurückgeben",
    permissions.RELEASE: "Freigeben",
    permissions.WITHDRAW: "Zurückziehen",
}

# Shown in the paper's history as "which transition" made a version.
CHANGE_REASONS = {
    permissions.SUBMIT: "Zur Mitzeichnung eingereicht",
    permissions.SIGN: "Mitgezeichnet",
    permissions.RETURN: "Zurückgegeben",
    permissions.RELEASE: "Freigegeben",
    permissions.WITHDRAW: "Zurückgezogen",
}


def _locked(paper):
    return Paper.objects.select_for_update(of=("self",)).select_related("paper_type", "body").get(pk=paper.pk)


def _check(user, action, paper):
    label = ACTION_LABELS[action]
    if not permissions.role_allows(user, action, paper):
        raise NotAllowed(f"„{label}“ ist für Ihre Rolle bei dieser Vorlage nicht erlaubt.")
    if not permissions.state_allows(user, action, paper):
        raise WrongState(
            f"„{label}“ ist im Stand „{paper.get_state_display()}“ nicht möglich"
            + (" oder Sie sind nicht an der Reihe." if action in (permissions.SIGN, permissions.RETURN) else ".")
        )


def _save(paper, by, action):
    paper.version += 1
    paper._history_user = by
    paper._change_reason = CHANGE_REASONS[action]
    paper.save()


def _record(paper, action, by, from_state, comment="", step=""):
    return Transition.objects.create(
        paper=paper,
        body=paper.body,
        action=action,
        by=by,
        comment=comment,
        from_state=from_state,
        to_state=paper.state,
        step=step,
    )


def missing_for_submit(paper):
    """What a paper still lacks before it can go into sign-off (German, one line each)."""
    from resolutions.richtext import to_plain_text

    missing = []
    if not to_plain_text(paper.resolution_text):
        missing.append("Der Beschlusstext fehlt.")
    consultations = list(paper.consultations.all())
    if not consultations:
        missing.append("Die Beratungsfolge ist leer.")
    elif paper.paper_type.needs_decision and not any(c.authoritative for c in consultations):
        missing.append("Die Beratungsfolge braucht ein entscheidendes Gremium.")
    return missing


@transaction.atomic
def submit(paper, *, by):
    """Send a draft into sign-off: one pending step per signer, in order."""
    paper = _locked(paper)
    _check(by, permissions.SUBMIT, paper)
    missing = missing_for_submit(paper)
    if missing:
        raise WrongState("Die Vorlage kann noch nicht eingereicht werden. " + " ".join(missing))
    from_state = paper.state
    now = timezone.now()
    for position, (step, _role) in enumerate(permissions.SIGNOFF_STEPS, start=1):
        signoff = SignOff(paper=paper, body=paper.body, role=step, position=position, state=SignOff.State.PENDING)
        signoff._history_user = by
        signoff.save()
    paper.state = Paper.State.IN_SIGNOFF
    if paper.date is None:
        paper.date = timezone.localdate(now)
    _save(paper, by, permissions.SUBMIT)
    transition = _record(paper, permissions.SUBMIT, by, from_state)
    transaction.on_commit(lambda: notifications.turn_changed(paper, transition))
    return paper


@transaction.atomic
def sign(paper, *, by, comment=""):
    """The signer whose turn it is signs their step; the next signer is told."""
    paper = _locked(paper)
    _check(by, permissions.SIGN, paper)
    step = permissions.current_step(permissions.active_signoffs(paper))
    step.state = SignOff.State.SIGNED
    step.signed_by = by
    step.signed_at = timezone.now()
    step.comment = comment
    step._history_user = by
    step.save()
    _save(paper, by, permissions.SIGN)
    transition = _record(paper, permissions.SIGN, by, paper.state, comment=comment, step=step.role)
    transaction.on_commit(lambda: notifications.turn_changed(paper, transition))
    return paper


@transaction.atomic
def return_to_draft(paper, *, by, comment):
    """Send the paper back to its authors with a comment; every signature so far is void."""
    comment = (comment or "").strip()
    if not comment:
        raise WrongState("Bitte begründen Sie die Rückgabe in einem Kommentar.")
    paper = _locked(paper)
    _check(by, permissions.RETURN, paper)
    step = permissions.current_step(permissions.active_signoffs(paper))
    now = timezone.now()
    for signoff in permissions.active_signoffs(paper):
        if signoff.pk == step.pk:
            signoff.state = SignOff.State.RETURNED
            signoff.signed_by = by
            signoff.signed_at = now
            signoff.comment = comment
        else:
            signoff.state = SignOff.State.VOID
        signoff._history_user = by
        signoff.save()
    from_state = paper.state
    paper.state = Paper.State.DRAFT
    _save(paper, by, permissions.RETURN)
    transition = _record(paper, permissions.RETURN, by, from_state, comment=comment, step=step.role)
    transaction.on_commit(lambda: notifications.turn_changed(paper, transition))
    return paper


@transaction.atomic
def release(paper, *, by):
    """Give the fully signed paper its reference and publish it to the next step."""
    paper = _locked(paper)
    _check(by, permissions.RELEASE, paper)
    try:
        paper.reference = numbering.next_reference(paper.paper_type)
    except numbering.NumberingError as broken:
        raise WrongState(str(broken)) from broken
    from_state = paper.state
    paper.state = Paper.State.RELEASED
    paper.released_at = timezone.now()
    if paper.date is None:
        paper.date = timezone.localdate(paper.released_at)
    _save(paper, by, permissions.RELEASE)
    transition = _record(paper, permissions.RELEASE, by, from_state)
    paper_released.send(sender=Paper, paper=paper, by=by)
    transaction.on_commit(lambda: notifications.turn_changed(paper, transition))
    return paper


@transaction.atomic
def withdraw(paper, *, by, comment=""):
    """Take a released paper back (Zurückziehung); it keeps its reference."""
    paper = _locked(paper)
    _check(by, permissions.WITHDRAW, paper)
    from_state = paper.state
    paper.state = Paper.State.WITHDRAWN
    _save(paper, by, permissions.WITHDRAW)
    transition = _record(paper, permissions.WITHDRAW, by, from_state, comment=(comment or "").strip())
    transaction.on_commit(lambda: notifications.turn_changed(paper, transition))
    return paper


TRANSITION_FUNCTIONS = {
    permissions.SUBMIT: submit,
    permissions.SIGN: sign,
    permissions.RETURN: return_to_draft,
    permissions.RELEASE: release,
    permissions.WITHDRAW: withdraw,
}
