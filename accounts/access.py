"""Who may enter the staff and councillor areas, and fetching a record for a user: one way to refuse.

Modelled on Django's `AccessMixin.handle_no_permission`: an anonymous visitor is sent to
the login page (with `next`, so they come back); a logged-in user without the right gets
`PermissionDenied`, which Django renders with the project's `templates/403.html` and the
German reason. The areas:

- `back_office_required`: the back office for papers ("Verwaltung", app `office`): staff
  of a Body with a back-office role (clerks, signers, council office, administrators).
- `council_office_required`: the council office ("Sitzungsdienst", app `meetings`).
- `councillor_required`: the councillor area ("Mein Bereich", app `councillors`).
- `decision_tracking_required`: the decision tracking ("Beschlusskontrolle"): the council
  office and staff of a department.

`get_for_user` fetches one record and authorizes it in one step (like healthchecks'
`_get_rw_check_for_user`): what the user may not see is a 404, what they see but may not
act on (another Body, the wrong role) a 403. Both raise, so a view reads top to bottom.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts import roles


def _logged_in(user):
    return bool(user and user.is_authenticated)


def works_in_back_office(user):
    """Staff of a Body with a back-office role, or a superuser."""
    if not _logged_in(user):
        return False
    if user.is_superuser:
        return True
    return user.body_id is not None and bool(user.roles & roles.STAFF_ROLES)


def works_in_council_office(user):
    """A council office login of some Body, or a superuser (which Body: see the record's checks)."""
    if not _logged_in(user):
        return False
    return user.is_superuser or (user.body_id is not None and user.has_role(roles.COUNCIL_OFFICE))


def is_councillor(user):
    """A councillor login of a Body."""
    return _logged_in(user) and user.body_id is not None and user.has_role(roles.COUNCILLOR)


def tracks_decisions(user):
    """The council office, and staff of a department (for the papers their department is in charge of)."""
    return works_in_council_office(user) or (_logged_in(user) and user.department_id is not None)


def area_required(allowed, refusal):
    """A view decorator: login page for anonymous visitors, 403 with `refusal` unless `allowed(user)`."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request.user):
                raise PermissionDenied(refusal)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


back_office_required = area_required(
    works_in_back_office, "Der Verwaltungsbereich ist Mitarbeitenden der Verwaltung vorbehalten."
)
council_office_required = area_required(works_in_council_office, "Diese Seiten sind dem Sitzungsdienst vorbehalten.")
councillor_required = area_required(is_councillor, "Dieser Bereich ist nur für Mandatsträgerinnen und Mandatsträger.")
decision_tracking_required = area_required(
    tracks_decisions, "Die Beschlusskontrolle führen das federführende Amt und der Sitzungsdienst."
)


def get_for_user(queryset, user, allowed=None, refusal="", **lookup):
    """The record of `queryset` matching `lookup`, if `allowed(user, record)`.

    `queryset` holds what the user may see: a record outside it is a 404 (its existence is
    not revealed). A record the user sees but may not act on is a 403 with `refusal`.
    """
    record = get_object_or_404(queryset, **lookup)
    if allowed is not None and not allowed(user, record):
        raise PermissionDenied(refusal or "Sie dürfen diesen Datensatz nicht bearbeiten.")
    return record
