"""The profile every councillor has in the councillor area, and the visit it remembers.

Who may enter the area (logins with the councillor role and a Body) is
`accounts.access.councillor_required`. Everything shown inside it still goes through
`council.visibility`: a councillor who is not a member of an organization sees of its
meetings only what the public sees.
"""

from django.utils import timezone

from accounts.access import is_councillor
from councillors.models import CouncillorProfile


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
