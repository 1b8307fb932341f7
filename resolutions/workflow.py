"""The life of a paper: one table of steps (`LIFECYCLE`), and one function per step.

    draft ──submit──▶ in sign-off ──release──▶ released ──schedule──▶ in consultation ──decide──▶ decided
      ▲                 │    ▲                    ▲                     │    ▲     └──take note──▶ decided
      └─────return──────┘    └─sign               └─────unschedule──────┘    └─schedule, defer
    released, in consultation ──withdraw──▶ withdrawn

The back office submits, signs, returns, releases and withdraws; the council office puts a
paper's consultation on an agenda (schedule), takes it off again (unschedule: an item
removed from a draft agenda, a cancelled meeting), defers it, and records the result that
decides the paper or takes note of it (`follow_result` maps an agenda item's result to
the step).

Every step function locks the paper row (SELECT … FOR UPDATE), checks the table again
(the user's role: `NotAllowed`, 403; the paper's state: `WrongState`, 409; both with a
German message), changes the records in one transaction, writes one `Transition` into the
paper's timeline (who, when, comment, meeting) and sends
`resolutions.signals.paper_transitioned`. Side effects (mails, frozen PDFs, caches) are
receivers of that signal in the apps that own them. State changes are not content
changes: they never raise `Paper.version`, which counts the edits of the text.

`docs/architecture.md` shows the table.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from council.models import AgendaItem, Meeting
from lib.history import save_as
from resolutions import numbering, permissions
from resolutions.models import Consultation, Implementation, Paper, SignOff, Transition
from resolutions.signals import paper_decided, paper_released, paper_transitioned

Action = Transition.Action
State = Paper.State


class WorkflowError(Exception):
    status = 409

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NotAllowed(WorkflowError):
    """The user's role does not allow this step on this paper."""

    status = 403


class WrongState(WorkflowError):
    """The paper is not in a state where this step is possible (for this user, now)."""

    status = 409


# --- Sign-off rounds -----------------------------------------------------------------------

# Steps of an earlier round: voided by a return, or the step that returned the paper.
FINISHED_ROUND_STATES = (SignOff.State.VOID, SignOff.State.RETURNED)


def active_signoffs(paper):
    """The sign-off steps of the current round (a return ends a round; a new submit starts one)."""
    return [s for s in paper.signoffs.all() if s.state not in FINISHED_ROUND_STATES]


def current_step(signoffs):
    """The pending sign-off step whose turn it is (lowest position), or None."""
    pending = [s for s in signoffs if s.state == SignOff.State.PENDING]
    return min(pending, key=lambda s: (s.position, s.pk)) if pending else None


def _signers_turn(user, paper):
    step = current_step(active_signoffs(paper))
    return step is not None and step.role in permissions.signer_steps(user, paper)


def _fully_signed(user, paper):
    signoffs = active_signoffs(paper)
    return bool(signoffs) and all(s.state == SignOff.State.SIGNED for s in signoffs)


def _is_signer(user, paper):
    return bool(permissions.signer_steps(user, paper))


def _author_or_mayor(user, paper):
    from accounts import roles

    return permissions.is_author(user, paper) or (
        permissions.same_body(user, paper.body_id) and roles.MAYOR in user.roles
    )


# --- The table -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One row of the lifecycle: from which states, to which, who may, and the words for it."""

    action: str
    label: str
    sources: tuple
    target: str  # for unschedule: where the paper goes when no other agenda holds it
    who: Callable
    who_label: str
    # A further condition on the paper's state for this user (whose turn, fully signed).
    when: Callable | None = None
    when_label: str = ""


LIFECYCLE = {
    step.action: step
    for step in (
        Step(Action.SUBMIT, "Zur Mitzeichnung einreichen", (State.DRAFT,), State.IN_SIGNOFF,
             permissions.is_author, "Verfassende (Amt, Sitzungsdienst)"),
        Step(Action.SIGN, "Mitzeichnen", (State.IN_SIGNOFF,), State.IN_SIGNOFF,
             _is_signer, "Mitzeichnende", _signers_turn, "wenn ihr Schritt an der Reihe ist"),
        Step(Action.RETURN, "Zurückgeben", (State.IN_SIGNOFF,), State.DRAFT,
             _is_signer, "Mitzeichnende", _signers_turn, "wenn ihr Schritt an der Reihe ist"),
        Step(Action.RELEASE, "Freigeben", (State.IN_SIGNOFF,), State.RELEASED,
             permissions.is_author, "Verfassende (Amt, Sitzungsdienst)", _fully_signed, "wenn alle mitgezeichnet haben"),
        Step(Action.SCHEDULE, "Auf die Tagesordnung setzen", (State.RELEASED, State.IN_CONSULTATION),
             State.IN_CONSULTATION, permissions.is_council_office, "Sitzungsdienst"),
        Step(Action.UNSCHEDULE, "Von der Tagesordnung nehmen", (State.IN_CONSULTATION, State.WITHDRAWN),
             State.RELEASED, permissions.is_council_office, "Sitzungsdienst"),
        Step(Action.DEFER, "Vertagen", (State.IN_CONSULTATION,), State.IN_CONSULTATION,
             permissions.is_council_office, "Sitzungsdienst"),
        Step(Action.DECIDE, "Beschluss erfassen", (State.IN_CONSULTATION, State.DECIDED), State.DECIDED,
             permissions.is_council_office, "Sitzungsdienst"),
        Step(Action.TAKE_NOTE, "Kenntnisnahme erfassen", (State.IN_CONSULTATION,), State.DECIDED,
             permissions.is_council_office, "Sitzungsdienst"),
        Step(Action.WITHDRAW, "Zurückziehen", (State.RELEASED, State.IN_CONSULTATION), State.WITHDRAWN,
             _author_or_mayor, "Verfassende, Bürgermeisterin/Bürgermeister"),
    )
}  # fmt: skip

# The steps the back office offers on the paper page (the others belong to the council office).
BACK_OFFICE_ACTIONS = (Action.SUBMIT, Action.SIGN, Action.RETURN, Action.RELEASE, Action.WITHDRAW)

# Shown in the paper's history as the reason of a version that a step saved.
CHANGE_REASONS = {
    Action.SUBMIT: "Zur Mitzeichnung eingereicht",
    Action.RETURN: "Zurückgegeben",
    Action.RELEASE: "Freigegeben",
    Action.SCHEDULE: "Auf die Tagesordnung gesetzt",
    Action.UNSCHEDULE: "Von der Tagesordnung genommen",
    Action.DECIDE: "Entschieden",
    Action.TAKE_NOTE: "Zur Kenntnis genommen",
    Action.WITHDRAW: "Zurückgezogen",
}


def role_allows(user, action, paper):
    """Does the user's role let them take this step on this paper at all? (no: 403)"""
    step = LIFECYCLE[action]
    return (
        permissions.uses_back_office(user)
        and permissions.has_action_permission(user, action)
        and bool(step.who(user, paper))
    )


def state_allows(user, action, paper):
    """Does the paper's state allow the step now, for this user? (no: 409)"""
    step = LIFECYCLE[action]
    return paper.state in step.sources and (step.when is None or bool(step.when(user, paper)))


def may(user, action, paper):
    return role_allows(user, action, paper) and state_allows(user, action, paper)


def allowed_actions(user, paper):
    """The steps (and editing) the user may take on the paper in the back office right now."""
    actions = {action for action in BACK_OFFICE_ACTIONS if may(user, action, paper)}
    if all(permissions.may_edit(user, paper)):
        actions.add(permissions.EDIT)
    return actions


def _check(user, action, paper):
    step = LIFECYCLE[action]
    if not role_allows(user, action, paper):
        raise NotAllowed(f"„{step.label}“ ist für Ihre Rolle bei dieser Vorlage nicht erlaubt.")
    if not state_allows(user, action, paper):
        turn = " oder Sie sind nicht an der Reihe" if action in (Action.SIGN, Action.RETURN) else ""
        raise WrongState(f"„{step.label}“ ist im Stand „{paper.get_state_display()}“ nicht möglich{turn}.")


def _locked(paper_or_pk):
    pk = getattr(paper_or_pk, "pk", paper_or_pk)
    return Paper.objects.select_for_update(of=("self",)).select_related("paper_type", "body").get(pk=pk)


def _locked_consultation(consultation):
    return Consultation.objects.select_for_update(of=("self",)).select_related("organization").get(pk=consultation.pk)


def _record(paper, action, by, from_state, at, *, save=False, **details):
    """Save the paper where the step changed it, write the timeline entry, tell the listeners."""
    if save or paper.state != from_state:
        save_as(paper, by, reason=CHANGE_REASONS.get(action, ""), at=at)
    transition = Transition.objects.create(
        paper=paper, body=paper.body, action=action, by=by, at=at, from_state=from_state, to_state=paper.state,
        **details,
    )  # fmt: skip
    paper_transitioned.send(sender=Paper, paper=paper, transition=transition)
    return transition


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


# --- Back office: sign-off and release ---------------------------------------------------


@transaction.atomic
def submit(paper, *, by, at=None):
    """Send a draft into sign-off: one pending step per signer, in order."""
    at = at or timezone.now()
    paper = _locked(paper)
    _check(by, Action.SUBMIT, paper)
    missing = missing_for_submit(paper)
    if missing:
        raise WrongState("Die Vorlage kann noch nicht eingereicht werden. " + " ".join(missing))
    for position, (role, _) in enumerate(permissions.SIGNOFF_STEPS, start=1):
        save_as(SignOff(paper=paper, body=paper.body, role=role, position=position), by, at=at)
    from_state, paper.state = paper.state, State.IN_SIGNOFF
    if paper.date is None:
        paper.date = timezone.localdate(at)
    _record(paper, Action.SUBMIT, by, from_state, at)
    return paper


@transaction.atomic
def sign(paper, *, by, comment="", at=None):
    """The signer whose turn it is signs their step; the paper itself does not change."""
    at = at or timezone.now()
    paper = _locked(paper)
    _check(by, Action.SIGN, paper)
    step = current_step(active_signoffs(paper))
    step.state, step.signed_by, step.signed_at, step.comment = SignOff.State.SIGNED, by, at, comment
    save_as(step, by, at=at)
    _record(paper, Action.SIGN, by, paper.state, at, comment=comment, step=step.role)
    return paper


@transaction.atomic
def return_to_draft(paper, *, by, comment, at=None):
    """Send the paper back to its authors with a comment; every signature of the round is void."""
    comment = (comment or "").strip()
    if not comment:
        raise WrongState("Bitte begründen Sie die Rückgabe in einem Kommentar.")
    at = at or timezone.now()
    paper = _locked(paper)
    _check(by, Action.RETURN, paper)
    signoffs = active_signoffs(paper)
    step = current_step(signoffs)
    for signoff in signoffs:
        if signoff.pk == step.pk:
            signoff.state, signoff.signed_by, signoff.signed_at, signoff.comment = (
                SignOff.State.RETURNED, by, at, comment,
            )  # fmt: skip
        else:
            signoff.state = SignOff.State.VOID
        save_as(signoff, by, at=at)
    from_state, paper.state = paper.state, State.DRAFT
    _record(paper, Action.RETURN, by, from_state, at, comment=comment, step=step.role)
    return paper


@transaction.atomic
def release(paper, *, by, at=None):
    """Give the fully signed paper its reference; from now on it is public (unless marked otherwise)."""
    at = at or timezone.now()
    paper = _locked(paper)
    _check(by, Action.RELEASE, paper)
    try:
        paper.reference = numbering.next_reference(paper.paper_type, on=timezone.localdate(at))
    except numbering.NumberingError as broken:
        raise WrongState(str(broken)) from broken
    from_state, paper.state = paper.state, State.RELEASED
    paper.released_at = at
    if paper.date is None:
        paper.date = timezone.localdate(at)
    _record(paper, Action.RELEASE, by, from_state, at)
    paper_released.send(sender=Paper, paper=paper, by=by)
    return paper


@transaction.atomic
def withdraw(paper, *, by, comment="", at=None):
    """Take a released paper back (Zurückziehung); it keeps its reference."""
    at = at or timezone.now()
    paper = _locked(paper)
    _check(by, Action.WITHDRAW, paper)
    from_state, paper.state = paper.state, State.WITHDRAWN
    _record(paper, Action.WITHDRAW, by, from_state, at, comment=(comment or "").strip())
    return paper


# --- Council office: the Beratungsfolge ----------------------------------------------------


@transaction.atomic
def schedule(consultation, meeting, *, by, at=None):
    """Put a consultation on the agenda of `meeting`: the paper is in consultation."""
    at = at or timezone.now()
    consultation = _locked_consultation(consultation)
    paper = _locked(consultation.paper_id)
    if not permissions.is_council_office(by, paper) or not role_allows(by, Action.SCHEDULE, paper):
        raise NotAllowed("Nur der Sitzungsdienst setzt Vorlagen auf eine Tagesordnung.")
    if consultation.organization_id != meeting.organization_id or consultation.body_id != meeting.body_id:
        raise WrongState(f"Die Beratungsfolge von {paper} sieht „{meeting.organization.name}“ nicht vor.")
    if consultation.meeting_id is not None:
        raise WrongState(f"{paper} steht bereits auf der Tagesordnung einer Sitzung.")
    if not state_allows(by, Action.SCHEDULE, paper):
        raise WrongState(f"{paper} ist nicht freigegeben und kann nicht beraten werden.")
    consultation.meeting = meeting
    save_as(consultation, by, at=at)
    from_state, paper.state = paper.state, State.IN_CONSULTATION
    _record(paper, Action.SCHEDULE, by, from_state, at, consultation=consultation, meeting=meeting)
    return paper


@transaction.atomic
def unschedule(consultation, *, by, comment="", at=None):
    """The consultation waits for a meeting again (item removed, meeting cancelled).

    A paper in consultation that no other agenda holds any more is released again.
    """
    at = at or timezone.now()
    consultation = _locked_consultation(consultation)
    meeting = consultation.meeting
    paper = _locked(consultation.paper_id)
    _check(by, Action.UNSCHEDULE, paper)
    consultation.meeting = None
    save_as(consultation, by, at=at)
    still_on_an_agenda = (
        AgendaItem.objects.filter(consultation__paper=paper, withdrawn=False)
        .exclude(meeting__state=Meeting.State.CANCELLED)
        .exists()
    )
    from_state = paper.state
    if paper.state == State.IN_CONSULTATION and not still_on_an_agenda:
        paper.state = LIFECYCLE[Action.UNSCHEDULE].target
    _record(paper, Action.UNSCHEDULE, by, from_state, at, comment=comment, consultation=consultation, meeting=meeting)
    return paper


@transaction.atomic
def defer(consultation, meeting, *, by, at=None):
    """The meeting deferred the item (vertagt): the consultation waits for a later meeting."""
    at = at or timezone.now()
    consultation = _locked_consultation(consultation)
    paper = _locked(consultation.paper_id)
    _check(by, Action.DEFER, paper)
    consultation.meeting = None
    save_as(consultation, by, at=at)
    _record(paper, Action.DEFER, by, paper.state, at, consultation=consultation, meeting=meeting)
    return paper


def _conclude(action, consultation, meeting, result, by, at):
    paper = _locked(consultation.paper_id)
    if paper.state == State.DECIDED and paper.result == result:
        return paper  # recorded again with the same result: nothing happens to the paper
    _check(by, action, paper)
    from_state = paper.state
    paper.state, paper.result = State.DECIDED, result
    # The decision date is the day of the meeting that took it, not the day it was recorded.
    paper.decided_at = meeting.start
    _record(paper, action, by, from_state, at, consultation=consultation, meeting=meeting, result=result, save=True)
    tracked = result in (Paper.Result.ADOPTED, Paper.Result.ADOPTED_WITH_CHANGES)
    if tracked and not Implementation.objects.filter(paper=paper).exists():
        save_as(Implementation(paper=paper, updated_by=by), by, at=at)
    paper_decided.send(sender=Paper, paper=paper, by=by)
    return paper


@transaction.atomic
def decide(consultation, meeting, result, *, by, at=None):
    """The deciding consultation adopted (with or without changes) or rejected the paper."""
    if result not in (Paper.Result.ADOPTED, Paper.Result.ADOPTED_WITH_CHANGES, Paper.Result.REJECTED):
        raise ValueError(f"not a decision: {result!r}")
    if not consultation.authoritative:
        raise WrongState(f"„{consultation.organization}“ berät die Vorlage nur vor und entscheidet sie nicht.")
    return _conclude(Action.DECIDE, consultation, meeting, result, by, at or timezone.now())


@transaction.atomic
def take_note(consultation, meeting, *, by, at=None):
    """The last consultation of a paper that needs no decision took note of it."""
    return _conclude(Action.TAKE_NOTE, consultation, meeting, Paper.Result.NOTED, by, at or timezone.now())


# An agenda item's result, as the paper's step it makes.
R = AgendaItem.Result
DECIDING_RESULTS = {
    R.ADOPTED: Paper.Result.ADOPTED,
    R.ADOPTED_WITH_CHANGES: Paper.Result.ADOPTED_WITH_CHANGES,
    R.REJECTED: Paper.Result.REJECTED,
}


def follow_result(consultation, meeting, item_result, *, by, at=None):
    """The paper follows the result recorded for its consultation in `meeting`.

    Deferred: the consultation waits again. A decision of the deciding consultation decides
    the paper. "Noted" at the last consultation of a paper that needs no decision concludes
    it. Other results (a recommendation, a preliminary reading) leave the paper in consultation.
    """
    paper = consultation.paper
    if item_result == R.DEFERRED:
        return defer(consultation, meeting, by=by, at=at)
    if consultation.authoritative and item_result in DECIDING_RESULTS:
        return decide(consultation, meeting, DECIDING_RESULTS[item_result], by=by, at=at)
    is_last = not paper.consultations.filter(position__gt=consultation.position).exists()
    if item_result == R.NOTED and not paper.paper_type.needs_decision and is_last:
        return take_note(consultation, meeting, by=by, at=at)
    if paper.state == State.DECIDED and consultation.authoritative:
        raise WrongState("Die Vorlage ist mit dieser Beratung entschieden; bitte ein Beschlussergebnis wählen.")
    return paper


# The back office's steps by the word its URLs use.
BACK_OFFICE_FUNCTIONS = {
    Action.SUBMIT: submit,
    Action.SIGN: sign,
    Action.RETURN: return_to_draft,
    Action.RELEASE: release,
    Action.WITHDRAW: withdraw,
}
