"""Who may act on papers: the roles of the staff and their scope (Body, department).

Every answer is scoped to the user's Body; clerks and heads of department write only
papers of their own department (`user.department`). Whether a step of the lifecycle is
possible now (the paper's state, whose turn it is) is the lifecycle's question, answered
from its table in `resolutions.workflow`; this module says who a role may act for.

Seeing a paper is decided by `council.visibility`; a paper the user cannot see is a 404
before any of this is asked.

The role groups also carry Django model permissions (`ROLE_PERMISSIONS`, granted after
every migrate); the checks ask for them too, so taking a permission away from a group in
the admin takes the action away from the role.
"""

from accounts import roles
from accounts.access import works_in_back_office
from council.visibility import sees_whole_body
from resolutions.models import Paper, SignOff, Transition

# What the back office does with a paper besides the lifecycle's steps.
VIEW = "view"
CREATE = "create"
EDIT = "edit"

Action = Transition.Action

# Roles that write papers: for their department (clerk, head), or for the Body.
DEPARTMENT_AUTHORS = {roles.CLERK, roles.HEAD_OF_DEPARTMENT}
BODY_AUTHORS = {roles.COUNCIL_OFFICE, roles.ADMIN}

# Sign-off steps of a paper, in order: head of department, treasurer, the mayor last.
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
# The model permission an action needs, besides the role and scope rules.
ACTION_PERMISSION = {
    CREATE: "resolutions.add_paper",
    EDIT: "resolutions.change_paper",
    Action.SUBMIT: "resolutions.change_paper",
    Action.RELEASE: "resolutions.change_paper",
    Action.WITHDRAW: "resolutions.change_paper",
    Action.SIGN: "resolutions.change_signoff",
    Action.RETURN: "resolutions.change_signoff",
    Action.SCHEDULE: "resolutions.change_paper",
    Action.UNSCHEDULE: "resolutions.change_paper",
    Action.DEFER: "resolutions.change_paper",
    Action.DECIDE: "resolutions.change_paper",
    Action.TAKE_NOTE: "resolutions.change_paper",
}

EDITABLE_STATES = (Paper.State.DRAFT,)


def uses_back_office(user):
    """May the user work in the back office at all? (`accounts.access` guards its pages with it.)"""
    return works_in_back_office(user)


def has_action_permission(user, action):
    needed = ACTION_PERMISSION.get(action)
    return not needed or user.has_perm(needed)


def office_papers(user):
    """The papers the user sees in the back office: visible to them, of their own Body."""
    papers = Paper.objects.visible_to(user)
    if user.is_superuser and user.body_id is None:
        return papers
    return papers.filter(body_id=user.body_id)


def same_body(user, body_id):
    return user.is_superuser or (user.body_id is not None and user.body_id == body_id)


def writes_for(user, body_id, department_id):
    """May the user write papers of this department of this Body?"""
    if not same_body(user, body_id):
        return False
    if user.is_superuser or user.roles & BODY_AUTHORS:
        return True
    return bool(user.roles & DEPARTMENT_AUTHORS) and user.department_id == department_id


def is_author(user, paper):
    """Clerks and heads of the department in charge, the council office and administrators of the Body."""
    return writes_for(user, paper.body_id, paper.under_direction_of_id)


def is_council_office(user, paper):
    """The council office of the paper's Body (and superusers): it runs the Beratungsfolge."""
    return sees_whole_body(user, paper.body_id)


def may_create(user):
    return (
        uses_back_office(user)
        and user.has_perm(ACTION_PERMISSION[CREATE])
        and bool(
            user.is_superuser or user.roles & BODY_AUTHORS or (user.roles & DEPARTMENT_AUTHORS and user.department_id)
        )
    )


def may_write_for(user, body, department):
    """May the user create or move a paper to `department` of `body`?"""
    return (
        uses_back_office(user) and user.has_perm(ACTION_PERMISSION[EDIT]) and writes_for(user, body.pk, department.pk)
    )


def may_view(user, paper):
    return uses_back_office(user) and same_body(user, paper.body_id)


def may_edit(user, paper):
    """Role half and state half of editing: (role allows, state allows)."""
    role_ok = uses_back_office(user) and has_action_permission(user, EDIT) and is_author(user, paper)
    return role_ok, paper.state in EDITABLE_STATES


def department_choices(user, departments):
    """The departments a user may write papers for, from a queryset of the Body's departments."""
    if user.is_superuser or user.roles & BODY_AUTHORS:
        return departments
    return departments.filter(pk=user.department_id)


def signer_steps(user, paper):
    """The sign-off steps of this paper the user could sign, by role and scope."""
    if not same_body(user, paper.body_id) or user.is_superuser and not user.roles & roles.SIGNER_ROLES:
        return set()
    steps = set()
    for step, role in SIGNOFF_STEPS:
        if role not in user.roles:
            continue
        if role == roles.HEAD_OF_DEPARTMENT and user.department_id != paper.under_direction_of_id:
            continue
        steps.add(step)
    return steps


def grant_role_permissions(**kwargs):
    """Give each role group its model permissions (post_migrate; adds, never removes)."""
    from django.contrib.auth.models import Group, Permission

    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="resolutions", codename__in=codenames))
