"""Who may enter the councillor area, and the profile every councillor has there.

The area is for logins with the councillor role and a Body. Everything shown inside it
still goes through `council.visibility`: a councillor who is not a member of an
organization sees of its meetings only what the public sees.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts import roles
from councillors.models import CouncillorProfile


def is_councillor(user):
    return bool(user and user.is_authenticated and user.body_id and user.has_role(roles.COUNCILLOR))


def councillor_required(view):
    """Anonymous visitors go to the login; other logins get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_councillor(request.user):
            raise PermissionDenied("Dieser Bereich ist nur für Mandatsträgerinnen und Mandatsträger.")
        return view(request, *args, **kwargs)

    return wrapper


def profile_for(user):
    profile, _ = CouncillorProfile.objects.get_or_create(user=user)
    return profile


def record_visit(sender, request, user, **kwargs):
    """On login, remember the previous visit: the dashboard shows what changed since then."""
    if not is_councillor(user):
        return
    profile = profile_for(user)
    # A visit is not a change of settings: update() keeps it out of the profile's history.
    CouncillorProfile.objects.filter(pk=profile.pk).update(previous_visit=profile.last_visit, last_visit=timezone.now())
