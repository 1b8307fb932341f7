"""Meine Arbeit: what waits for a user in the back office, section by section.

Clerks (and everyone who writes papers) see their drafts, what they submitted (and on
whose sign-off it waits), what came back to them, what is fully signed and ready to
release, and what is in consultation. Signers also see what waits for their sign-off and
what they have signed (or returned) lately.

Each section is a queryset over the papers the user sees in the back office; the page
shows the first few of each, the paper list (`?arbeit=<key>`) all of them. `describe`
says for a page of papers where each one stands, in the words of the back office
("eingereicht, wartet auf Kämmerin (Karla Kamm)", the title as the Body calls it), in a fixed number of queries.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.formats import date_format

from accounts import roles
from resolutions import permissions, workflow
from resolutions.models import Consultation, Paper, SignOff, Transition

State = Paper.State
Action = Transition.Action


def _last_action():
    return Subquery(Transition.objects.filter(paper=OuterRef("pk")).order_by("-at", "-id").values("action")[:1])


def _pending():
    return Exists(SignOff.objects.filter(paper=OuterRef("pk"), state=SignOff.State.PENDING))


def writes_papers(user):
    return bool(user.is_superuser or user.roles & (permissions.BODY_AUTHORS | permissions.DEPARTMENT_AUTHORS))


def signs_papers(user):
    return bool(user.roles & roles.SIGNER_ROLES)


def drafts(user, papers):
    """Drafts the user wrote, but not those a signer returned (they have their own section)."""
    return (
        papers.filter(state=State.DRAFT, originator=user)
        .annotate(last_action=_last_action())
        .filter(Q(last_action__isnull=True) | ~Q(last_action=Action.RETURN))
        .order_by("-modified", "-id")
    )


def returned(user, papers):
    """Drafts the user wrote whose last step was a return: they need the author again."""
    return (
        papers.filter(state=State.DRAFT, originator=user)
        .annotate(last_action=_last_action())
        .filter(last_action=Action.RETURN)
        .order_by("-modified", "-id")
    )


def submitted(user, papers):
    """In sign-off and still waiting for a signature."""
    return papers.filter(state=State.IN_SIGNOFF, originator=user).filter(_pending()).order_by("date", "id")


def releasable(user, papers):
    """Fully signed papers the user may release: of their department (the council office: of the Body)."""
    if not (user.is_superuser or user.roles & permissions.BODY_AUTHORS):
        papers = papers.filter(under_direction_of_id=user.department_id)
    return papers.filter(state=State.IN_SIGNOFF).exclude(_pending()).order_by("date", "id")


def in_consultation(user, papers):
    """Released papers the user wrote, waiting for or in their Beratungsfolge."""
    return papers.filter(state__in=[State.RELEASED, State.IN_CONSULTATION], originator=user).order_by(
        "-modified", "-id"
    )


def waiting_for_me(user, papers):
    """Papers in sign-off whose current step (lowest pending position) the user may sign."""
    step_roles = [step for step, role in permissions.SIGNOFF_STEPS if role in user.roles]
    earlier_pending = SignOff.objects.filter(
        paper=OuterRef("paper"), state=SignOff.State.PENDING, position__lt=OuterRef("position")
    )
    mine = SignOff.objects.filter(paper=OuterRef("pk"), state=SignOff.State.PENDING, role__in=step_roles).exclude(
        Exists(earlier_pending)
    )
    head = SignOff.Role.HEAD_OF_DEPARTMENT
    if head in step_roles:
        # Heads of department sign only for their own department.
        mine = mine.exclude(Q(role=head) & ~Q(paper__under_direction_of_id=user.department_id))
    return papers.filter(state=State.IN_SIGNOFF).filter(Exists(mine)).order_by("date", "id")


def signed_by_me(user, papers):
    """Papers the user signed or returned, the most recent first."""
    mine = Transition.objects.filter(paper=OuterRef("pk"), by=user, action__in=[Action.SIGN, Action.RETURN])
    latest = mine.order_by().values("paper").annotate(latest=Max("at")).values("latest")
    return papers.filter(Exists(mine)).annotate(my_step_at=Subquery(latest)).order_by("-my_step_at", "-id")


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    empty: str
    select: Callable
    for_user: Callable


SECTIONS = [
    Section("warten", "Warten auf meine Mitzeichnung", "Nichts wartet auf Ihre Mitzeichnung.", waiting_for_me,
            signs_papers),
    Section("zurueckgegeben", "An mich zurückgegeben", "Keine zurückgegebenen Vorlagen.", returned, writes_papers),
    Section("freigabe", "Mitgezeichnet, bereit zur Freigabe", "Keine Vorlage ist fertig mitgezeichnet.", releasable,
            writes_papers),
    Section("entwuerfe", "Meine Entwürfe", "Keine Entwürfe.", drafts, writes_papers),
    Section("eingereicht", "Eingereicht, in der Mitzeichnung", "Keine Ihrer Vorlagen wartet auf eine Mitzeichnung.",
            submitted, writes_papers),
    Section("beratung", "In der Beratung", "Keine Ihrer Vorlagen ist freigegeben oder in der Beratung.",
            in_consultation, writes_papers),
    Section("mitgezeichnet", "Von mir mitgezeichnet oder zurückgegeben", "Sie haben noch keine Vorlage mitgezeichnet.",
            signed_by_me, signs_papers),
]  # fmt: skip
SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}


def sections_for(user):
    return [section for section in SECTIONS if section.for_user(user)]


# --- Where a paper stands --------------------------------------------------------------------


def _name(user):
    return user.get_full_name() or user.username


def _signers(body_ids):
    """Signer logins of these Bodies: {(body id, role): [(department id, name), …]} (one query)."""
    found = defaultdict(list)
    rows = (
        get_user_model()
        .objects.filter(body_id__in=body_ids, is_active=True, groups__name__in=roles.SIGNER_ROLES)
        .values_list("body_id", "groups__name", "department_id", "first_name", "last_name", "username")
    )
    for body_id, role, department_id, first, last, username in rows:
        found[body_id, role].append((department_id, f"{first} {last}".strip() or username))
    return found


def _waits_for(step, paper, signers):
    """The step's label and, where exactly one login holds it, the person: "Amtsleitung (Hans Haupt)"."""
    role = permissions.STEP_ROLE[step.role]
    candidates = signers.get((paper.body_id, role), [])
    if role == roles.HEAD_OF_DEPARTMENT:
        candidates = [c for c in candidates if c[0] == paper.under_direction_of_id]
    names = {name for _, name in candidates}
    label = paper.body.signer_title(step.role)
    return f"{label} ({names.pop()})" if len(names) == 1 else label


def describe(papers):
    """Set `work_state` (and `work_note`, e.g. the comment of a return) on each paper of a list.

    At most four queries, whatever the number of papers: the last steps of the drafts, the
    sign-off steps of the papers in sign-off, the signers of their Bodies, the upcoming
    meetings of the released ones.
    """
    papers = list(papers)
    by_state = defaultdict(list)
    for paper in papers:
        paper.work_state, paper.work_note = paper.get_state_display(), ""
        by_state[paper.state].append(paper)

    if by_state[State.DRAFT]:
        last = {}
        steps = Transition.objects.filter(paper__in=by_state[State.DRAFT]).select_related("by").order_by("at", "id")
        for step in steps:
            last[step.paper_id] = step
        for paper in by_state[State.DRAFT]:
            step = last.get(paper.pk)
            if step is not None and step.action == Action.RETURN:
                by = f"{paper.body.signer_title(step.step)} ({_name(step.by)})" if step.step else _name(step.by)
                paper.work_state, paper.work_note = f"zurückgegeben von {by}", step.comment

    if by_state[State.IN_SIGNOFF]:
        signoffs = defaultdict(list)
        for signoff in SignOff.objects.filter(paper__in=by_state[State.IN_SIGNOFF]).order_by("position", "id"):
            signoffs[signoff.paper_id].append(signoff)
        signers = _signers({paper.body_id for paper in by_state[State.IN_SIGNOFF]})
        for paper in by_state[State.IN_SIGNOFF]:
            active = [s for s in signoffs[paper.pk] if s.state not in workflow.FINISHED_ROUND_STATES]
            step = workflow.current_step(active)
            if step is None:
                paper.work_state = "mitgezeichnet, bereit zur Freigabe"
            else:
                paper.work_state = f"eingereicht, wartet auf {_waits_for(step, paper, signers)}"

    advised = by_state[State.RELEASED] + by_state[State.IN_CONSULTATION]
    if advised:
        upcoming = {}
        consultations = (
            Consultation.objects.filter(paper__in=advised, meeting__start__gte=timezone.now())
            .select_related("meeting__organization")
            .order_by("-meeting__start", "-id")
        )
        for consultation in consultations:
            upcoming[consultation.paper_id] = consultation.meeting  # the earliest one wins
        for paper in advised:
            meeting = upcoming.get(paper.pk)
            paper.work_state = "in der Beratung" if paper.state == State.IN_CONSULTATION else "freigegeben"
            if meeting is not None:
                when = date_format(timezone.localtime(meeting.start), "d.m.Y")
                paper.work_state += f", nächste Sitzung: {meeting.organization.name} am {when}"
            elif paper.state == State.RELEASED:
                paper.work_state += ", wartet auf die Beratung"
    return papers
