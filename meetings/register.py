"""The register of decisions (Beschlussbuch): every decision of a Body, as the user may see it.

A decision is an agenda item with a paper whose result is adopted, adopted with changes,
rejected or a recommendation. Visibility comes from council.visibility: the public sees
public items of public papers, the council office everything of its Body.
"""

from django.db.models import Max, Min, Q

from council.models import AgendaItem, Meeting, Organization
from resolutions.models import Paper

R = AgendaItem.Result
REGISTER_RESULTS = (R.ADOPTED, R.ADOPTED_WITH_CHANGES, R.REJECTED, R.RECOMMENDED)


def decisions(user, body, organization=None, year=None, query=""):
    items = (
        AgendaItem.objects.details_visible_to(user)
        .filter(body=body, result__in=REGISTER_RESULTS, consultation__isnull=False)
        .filter(consultation__paper__in=Paper.objects.visible_to(user))
        .select_related("meeting__organization", "consultation__paper")
        .order_by("-meeting__start", "order")
    )
    if organization is not None:
        items = items.filter(meeting__organization=organization)
    if year:
        items = items.filter(meeting__start__year=year)
    for word in query.split():
        items = items.filter(
            Q(name__icontains=word)
            | Q(resolution_text__icontains=word)
            | Q(consultation__paper__reference__icontains=word)
            | Q(consultation__paper__name__icontains=word)
        )
    return items


def organizations(body):
    return Organization.objects.filter(body=body, kind__in=Organization.CONSULTING_KINDS).order_by("name")


def years(body):
    span = Meeting.objects.filter(body=body).aggregate(first=Min("start__year"), last=Max("start__year"))
    if span["first"] is None:
        return []
    return list(range(span["last"], span["first"] - 1, -1))
