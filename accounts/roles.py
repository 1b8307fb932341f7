"""The roles (docs/architecture.md) as Django groups, and how to ask a user for them.

A role is a group with a fixed name. Permission checks ask `user.has_role(...)`; the
groups are created by a post_migrate hook so every database has them.
"""

from django.utils.translation import gettext_lazy as _

CLERK = "clerk"
HEAD_OF_DEPARTMENT = "head_of_department"
TREASURER = "treasurer"
MAYOR = "mayor"
COUNCIL_OFFICE = "council_office"
COUNCILLOR = "councillor"
ADMIN = "admin"

ROLES = {
    CLERK: _("Clerk"),
    HEAD_OF_DEPARTMENT: _("Head of department"),
    TREASURER: _("Treasurer"),
    MAYOR: _("Mayor"),
    COUNCIL_OFFICE: _("Council office"),
    COUNCILLOR: _("Councillor"),
    ADMIN: _("Administrator"),
}

SIGNER_ROLES = {HEAD_OF_DEPARTMENT, TREASURER, MAYOR}
STAFF_ROLES = {CLERK, HEAD_OF_DEPARTMENT, TREASURER, MAYOR, COUNCIL_OFFICE, ADMIN}


def user_roles(user):
    """The set of role names of a user, cached on the user object for the request."""
    if not user or not user.is_authenticated:
        return set()
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        cached = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        if user.is_superuser:
            cached.add(ADMIN)
        user._role_cache = cached
    return cached


def ensure_groups(**kwargs):
    from django.contrib.auth.models import Group

    for name in ROLES:
        Group.objects.get_or_create(name=name)
