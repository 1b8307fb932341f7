"""Who may use the council office's pages (Sitzungsdienst) and the decision tracking."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts import roles
from council.visibility import sees_whole_body


def is_council_office(user):
    """A council office login of some Body, or a superuser."""
    if not user or not user.is_authenticated:
        return False
    return user.is_superuser or (user.body_id is not None and user.has_role(roles.COUNCIL_OFFICE))


def office_required(view):
    """Anonymous visitors are sent to the login; everyone but the council office gets 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_council_office(request.user):
            raise PermissionDenied("Nur der Sitzungsdienst darf diese Seite verwenden.")
        return view(request, *args, **kwargs)

    return wrapper


def office_object(request, queryset, **lookup):
    """The record, if it belongs to the Body of this council office (403 for another Body)."""
    record = get_object_or_404(queryset, **lookup)
    if not sees_whole_body(request.user, record.body_id):
        raise PermissionDenied("Dieser Datensatz gehört zu einer anderen Kommune.")
    return record


def office_scope(queryset, user):
    """Restrict a queryset of BodyScoped records to the office's Body (superusers: all)."""
    if user.is_superuser and user.body_id is None:
        return queryset
    return queryset.filter(body_id=user.body_id)


def may_track(user, paper):
    """The department in charge of the paper and the council office record its implementation."""
    if not user or not user.is_authenticated:
        return False
    if sees_whole_body(user, paper.body_id):
        return True
    return (
        user.body_id == paper.body_id
        and user.department_id is not None
        and user.department_id == paper.under_direction_of_id
    )
