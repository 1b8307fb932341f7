"""Every URL pattern of the project, enumerated from the URL configuration, with a concrete
address for each on the demo: the permission matrix, the no-store walk and the fuzzing
(`tests/test_url_matrix.py`, `tests/test_no_5xx.py`) all start from here, so a new pattern
shows up in all of them."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Pattern:
    key: str  # "namespace:name", or the route for an unnamed pattern
    namespace: str
    route: str  # the whole route, e.g. "verwaltung/vorlagen/<id:pk>/"
    pattern: URLPattern

    @property
    def converters(self):
        """{argument name: converter name} of the whole route, e.g. {"pk": "id"}."""
        return {name: kind for kind, name in re.findall(r"<(\w+):(\w+)>", self.route)}


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            key = f"{namespace}:{entry.name}" if entry.name else route
            yield Pattern(key, namespace, route, entry)


def all_patterns():
    return list(_walk(get_resolver().url_patterns))


def project_patterns():
    """The project's own patterns: everything but the Django admin's (checked as one area)."""
    return [p for p in all_patterns() if p.namespace != "admin"]


def admin_patterns():
    return [p for p in all_patterns() if p.namespace == "admin"]


# Patterns that change something: only POST does (GET is 405, or a form page for some).
POST_ONLY = {
    "office:transition",
    "office:subordinate",
    "meetings:add_standing_items",
    "meetings:add_item",
    "meetings:add_paper",
    "meetings:cancel",
    "meetings:minutes_open",
    "meetings:minutes_notes",
    "meetings:minutes_approve",
    "meetings:attendance",
    "meetings:move_item",
    "meetings:toggle_public",
    "meetings:remove_item",
    "councillors:calendar_renew",
    "councillors:report_absence",
    "councillors:withdraw_absence",
    "accounts:logout",
}


@dataclass
class DemoRecords:
    """The demo records each pattern is addressed with (built by `demo_records`)."""

    slug: str
    body_pk: int
    paper: int  # released, public, on the councillor's agenda (the seed paper)
    draft: int  # a draft of another department than the clerk's
    decided: int
    meeting: int  # a meeting of a committee the councillor sits in, with a non-public item
    item: int  # that non-public item
    organization: int
    person: int
    file: object
    calendar_token: str


def demo_records(demo):
    from accounts.models import User
    from council.models import AgendaItem, Membership, Person
    from councillors import calendar
    from councillors.models import CouncillorProfile
    from resolutions.models import File, Paper

    body = demo.luckenwalde
    councillor = User.objects.get(username="stadtverordnete")
    member_of = Membership.objects.filter(person__user=councillor).values("organization_id")
    item = (
        AgendaItem.objects.filter(meeting__body=body, public=False, meeting__organization_id__in=member_of)
        .order_by("meeting__start", "order")
        .first()
    )
    profile, _ = CouncillorProfile.objects.get_or_create(user=councillor)
    return DemoRecords(
        slug=body.slug,
        body_pk=body.pk,
        paper=demo.seed_paper.pk,
        draft=Paper.objects.filter(body=body, state="draft").order_by("pk").first().pk,  # of the Ordnungsamt
        decided=Paper.objects.filter(body=body, state="decided").order_by("pk").first().pk,
        meeting=item.meeting_id,
        item=item.pk,
        organization=item.meeting.organization_id,
        person=Person.objects.get(user=councillor).pk,
        file=File.objects.filter(body=body).order_by("pk").first(),
        calendar_token=calendar.renew_token(profile),
    )


def sample_path(pattern, r):
    """A concrete address of `pattern` on the demo records `r` (a DemoRecords)."""
    key = pattern.key
    if key == "oparl/v1/^.*$":
        return "/oparl/v1/gibt-es-nicht"
    pk_for = {
        "office:paper_edit": r.draft,
        "meetings:tracking_edit": r.decided,
        "meetings:invitation_text": r.organization,
        "subscriptions:organization": r.organization,
        "portal:organization": r.organization,
        "portal:organization_calendar": r.organization,
        "portal:person": r.person,
        "portal:file": r.file.pk,
        "oparl:file_download": r.file.pk,
    }
    if (
        key.startswith("meetings:")
        and "tagesordnungspunkte" in pattern.route
        or key in ("councillors:agenda_item_note", "portal:agenda_item")
    ):
        pk = r.item
    elif pk_for.get(key):
        pk = pk_for[key]
    elif "sitzungen" in pattern.route:
        pk = r.meeting
    else:
        pk = r.paper
    values = {
        "pk": pk,
        "meeting_pk": r.meeting,
        "body_pk": r.body_pk,
        "body_slug": r.slug,
        "segment": "paper",
        "file_name": r.file.file_name,
        "uidb64": "MQ",
        "token": r.calendar_token if key == "councillors:calendar_feed" else "set-password",
        "action": "einreichen",
    }
    path = re.sub(r"<(\w+):(\w+)>", lambda m: str(values[m.group(2)]), pattern.route)
    return "/" + path
