"""Organizations with their members, and people (public fields only)."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from council.models import Meeting, Organization, Person
from council.visibility import people_visible_to, public_memberships
from portal.caching import conditional, latest_modified, this_hour
from portal.views.common import LISTED_KINDS, PEOPLE_PAGE_SIZE, get_body, paginate, query_without_page

GROUP_HEADINGS = {
    Organization.Kind.COUNCIL: "Vertretung",
    Organization.Kind.COMMITTEE: "Ausschüsse",
    Organization.Kind.ADVISORY: "Beiräte und Ortsbeiräte",
    Organization.Kind.FACTION: "Fraktionen",
    Organization.Kind.PARTY: "Parteien",
}


def _organizations_modified(request, body_slug):
    body = get_body(request, body_slug)
    return latest_modified(body, Organization.objects.filter(body=body, kind__in=LISTED_KINDS))


@conditional(_organizations_modified, per_body=True)
def organization_list(request, body_slug):
    body = get_body(request, body_slug)
    organizations = Organization.objects.filter(body=body, kind__in=LISTED_KINDS).order_by("name")
    groups = {kind: [] for kind in LISTED_KINDS}
    for organization in organizations:
        groups[organization.kind].append(organization)
    labels = dict(Organization.Kind.choices)
    return render(
        request,
        "portal/organization_list.html",
        {
            "body": body,
            "groups": [
                (kind, GROUP_HEADINGS.get(kind, labels[kind]), members) for kind, members in groups.items() if members
            ],
        },
    )


def _current(memberships, today):
    return [m for m in memberships if m.is_active(today)]


def _organization_modified(request, body_slug, pk):
    body = get_body(request, body_slug)
    organizations = Organization.objects.filter(body=body, pk=pk, kind__in=LISTED_KINDS)
    return max(
        latest_modified(
            body,
            organizations,
            public_memberships().filter(organization__in=organizations),
            Person.objects.filter(memberships__organization__in=organizations),
            Meeting.objects.visible_to(request.user).filter(organization__in=organizations),
            must_exist=True,
        ),
        this_hour(),
    )


@conditional(_organization_modified)
def organization_detail(request, body_slug, pk):
    body = get_body(request, body_slug)
    organization = get_object_or_404(Organization, body=body, pk=pk, kind__in=LISTED_KINDS)
    today = timezone.localdate()
    memberships = list(
        public_memberships()
        .filter(organization=organization)
        .select_related("person", "on_behalf_of")
        .order_by("person__family_name", "person__given_name")
    )
    current = _current(memberships, today)
    meetings = (
        Meeting.objects.visible_to(request.user)
        .filter(organization=organization)
        .select_related("organization", "location")
    )
    now = timezone.now()
    return render(
        request,
        "portal/organization_detail.html",
        {
            "body": body,
            "organization": organization,
            "memberships": current,
            "upcoming_meetings": meetings.filter(start__gte=now).order_by("start")[:5],
            "recent_meetings": meetings.filter(start__lt=now).order_by("-start")[:5],
        },
    )


def _people_modified(request, body_slug):
    body = get_body(request, body_slug)
    return latest_modified(
        body,
        people_visible_to(request.user).filter(body=body),
        public_memberships().filter(body=body),
        Organization.objects.filter(body=body),
    )


@conditional(_people_modified, per_body=True, query=("seite",))
def person_list(request, body_slug):
    body = get_body(request, body_slug)
    factions = public_memberships().filter(organization__kind=Organization.Kind.FACTION).select_related("organization")
    people = (
        people_visible_to(request.user)
        .filter(body=body)
        .only("pk", "title", "given_name", "family_name", "party", "body_id")
        .prefetch_related(Prefetch("memberships", queryset=factions, to_attr="faction_memberships"))
        .order_by("family_name", "given_name")
    )
    return render(
        request,
        "portal/person_list.html",
        {
            "body": body,
            "people": paginate(request, people, PEOPLE_PAGE_SIZE),
            "query_prefix": query_without_page(request),
        },
    )


def _person_modified(request, body_slug, pk):
    body = get_body(request, body_slug)
    people = people_visible_to(request.user).filter(body=body, pk=pk)
    return latest_modified(
        body,
        people,
        public_memberships().filter(person__in=people),
        Organization.objects.filter(memberships__person__in=people),
        must_exist=True,
    )


@conditional(_person_modified)
def person_detail(request, body_slug, pk):
    body = get_body(request, body_slug)
    person = get_object_or_404(
        people_visible_to(request.user).only("pk", "title", "given_name", "family_name", "party", "body_id"),
        body=body,
        pk=pk,
    )
    today = timezone.localdate()
    memberships = list(
        public_memberships()
        .filter(person=person)
        .select_related("organization", "on_behalf_of")
        .order_by("organization__name", "-start_date")
    )
    return render(
        request,
        "portal/person_detail.html",
        {
            "body": body,
            "person": person,
            "current_memberships": _current(memberships, today),
            "past_memberships": [m for m in memberships if not m.is_active(today)],
        },
    )
