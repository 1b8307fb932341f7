"""Who may do what in the back office: one answer to "may user X do action Y on paper Z".

Every check is scoped to the user's Body; clerks and heads of department act only on
papers of their own department (`user.department`). A check has two halves, kept apart
because a refusal says different things:

- `role_allows`: does the user's role let them do this to this paper at all? (no: 403)
- `state_allows`: does the paper's state allow it now, for this user? (no: 409)

Seeing a paper is decided by `council.visibility` (`office_papers`); a paper the user
cannot see is a 404 before either half is asked.

The role groups also carry Django model permissions (`ROLE_PERMISSIONS`, granted after
every migrate); `role_allows` asks for them too, so taking a permission away from a group
in the admin takes the action away from the role.
"""

from accounts import roles
from resolutions.models import Paper, SignOff

VIEW = "view"
CREATE = "create"
EDIT = "edit"
SUBMIT = "submit"
SIGN = "sign"
RETURN = "return"
RELEASE = "release"
WITHDRAW = "withdraw"

TRANSITIONS = (SUBMIT, SIGN, RETURN, RELEASE, WITHDRAW)

# Roles that work in the back office at all (councillors have their own area).
BACK_OFFICE_ROLES = roles.STAFF_ROLES
# Roles that write papers: for their department (clerk, head), or for the Body.
DEPARTMENT_AUTHORS = {roles.CLERK, roles.HEAD_OF_DEPARTMENT}
BODY_AUTHORS = {roles.COUNCIL_OFFICE, roles.ADMIN}

# Sign-off steps of DESIGN.md, in order: head of department, treasurer, mayor last.
SIGNOFF_STEPS = (
    (SignOff.Role.HEAD_OF_DEPARTMENT, roles.HEAD_OF_DEPARTMENT),
    (SignOff.Role.TREASURER, roles.TREASURER),
    (SignOff.Role.MAYOR, roles.MAYOR),
)
STEP_ROLE = dict(SIGNOFF_STEPS)

# Django permissions each role group holds (granted by `grant_role_permissions`).
_WRITE = ["view_paper", "add_paper", "change_paper", "view_file", "add_file", "delete_file", "view_consultation"]
_SIGN = ["view_paper", "view_file", "view_signoff", "change_signoff"]
ROLE_PERMISSIONS = {
    roles.CLERK: _WRITE,
    roles.HEAD_OF_DEPARTMENT: _WRITE + _SIGN,
    roles.TREASURER: _SIGN,
    roles.MAYOR: [*_SIGN, "change_paper"],  # the mayor may withdraw a paper
    roles.COUNCIL_OFFICE: _WRITE,
    roles.ADMIN: _WRITE,
}
# The model permission an action needs, besides the role and scope rules below.
ACTION_PERMISSION = {
    CREATE: "resolutions.add_paper",
    EDIT: "resolutions.change_paper",
    SUBMIT: "resolutions.change_paper",
    RELEASE: "resolutions.change_paper",
    WITHDRAW: "resolutions.change_paper",
    SIGN: "resolutions.change_signoff",
    RETURN: "resolutions.change_signoff",
}

EDITABLE_STATES = (Paper.State.DRAFT,)
WITHDRAWABLE_STATES = (Paper.State.RELEASED, Paper.State.IN_CONSULTATION)


def uses_back_office(user):
    if not user or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.body_id is not None and bool(user.roles & BACK_OFFICE_ROLES)


def office_papers(user):
    """The papers the user sees in the back office: visible to them, of their own Body."""
    papers = Paper.objects.visible_to(user)
    if user.is_superuser and user.body_id is None:
        return papers
    return papers.filter(body_id=user.body_id)


def _same_body(user, body_id):
    return user.is_superuser or (user.body_id is not None and user.body_id == body_id)


def _writes_for(user, body_id, department_id):
    """May the user write papers of this department of this Body?"""
    if not _same_body(user, body_id):
        return False
    if user.is_superuser or user.roles & BODY_AUTHORS:
        return True
    return bool(user.roles & DEPARTMENT_AUTHORS) and user.department_id == department_id


def may_create(user):
    return (
        uses_back_office(user)
        and user.has_perm(ACTION_PERMISSION[CREATE])
        and bool(
            user.is_superuser or user.roles & BODY_AUTHORS or (user.roles & DEPARTMENT_AUTHORS and user.department_id)
        )
    )


def department_choices(user, departments):
    """The departments a user may write papers for, from a queryset of the Body's departments."""
    if user.is_superuser or user.roles & BODY_AUTHORS:
        return departments
    return departments.filter(pk=user.department_id)


def signer_steps(user, paper):
    """The sign-off steps of this paper the user could sign, by role and scope."""
    if not _same_body(user, paper.body_id) or user.is_superuser and not user.roles & roles.SIGNER_ROLES:
        return set()
    steps = set()
    for step, role in SIGNOFF_STEPS:
        if role not in user.roles:
            continue
        if role == roles.HEAD_OF_DEPARTMENT and user.department_id != paper.under_direction_of_id:
            continue
        steps.add(step)
    return steps


def current_step(signoffs):
    """The pending sign-off step whose turn it is (lowest position), or None."""
    pending = [s for s in signoffs if s.state == SignOff.State.PENDING]
    return min(pending, key=lambda s: (s.position, s.pk)) if pending else None


# Steps of an earlier round: voided by a return, or the step that returned the paper.
FINISHED_ROUND_STATES = (SignOff.State.VOID, SignOff.State.RETURNED)


def active_signoffs(paper):
    """The sign-off steps of the current round (a return ends a round; a new submit starts one)."""
    return [s for s in paper.signoffs.all() if s.state not in FINISHED_ROUND_STATES]


def grant_role_permissions(**kwargs):
    """Give each role group its model permissions (post_migrate; adds, never removes)."""
    from django.contrib.auth.models import Group, Permission

    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="resolutions", codename__in=codenames))


def role_allows(user, action, paper=None):
    if not uses_back_office(user):
        return False
    needed = ACTION_PERMISSION.get(action)
    if needed and not user.has_perm(needed):
        return False
    if action == CREATE:
        return may_create(user)
    if action == VIEW:
        return _same_body(user, paper.body_id)
    if action in (EDIT, SUBMIT, RELEASE):
        return _writes_for(user, paper.body_id, paper.under_direction_of_id)
    if action in (SIGN, RETURN):
        return bool(signer_steps(user, paper))
    if action == WITHDRAW:
        return _writes_for(user, paper.body_id, paper.under_direction_of_id) or (
            _same_body(user, paper.body_id) and roles.MAYOR in user.roles
        )
    raise ValueError(f"unknown action {action!r}")


def state_allows(user, action, paper):
    state = paper.state
    if action in (VIEW, CREATE):
        return True
    if action in (EDIT, SUBMIT):
        return state in EDITABLE_STATES
    if action == WITHDRAW:
        return state in WITHDRAWABLE_STATES
    if state != Paper.State.IN_SIGNOFF:
        return False
    signoffs = active_signoffs(paper)
    step = current_step(signoffs)
    if action in (SIGN, RETURN):
        return step is not None and step.role in signer_steps(user, paper)
    if action == RELEASE:
        return step is None and bool(signoffs) and all(s.state == SignOff.State.SIGNED for s in signoffs)
    raise ValueError(f"unknown action {action!r}")


def may(user, action, paper=None):
    if not role_allows(user, action, paper):
        return False
    return paper is None or state_allows(user, action, paper)


def allowed_actions(user, paper):
    """The transitions (and edit) the user may do on the paper right now, for the paper page."""
    return {action for action in (EDIT, *TRANSITIONS) if may(user, action, paper)}
