"""One access pattern for every staff and councillor page (accounts.access).

Every URL of the back office (Verwaltung), the council office (Sitzungsdienst, with the
decision tracking and the audit trail) and the councillor area (Mein Bereich) answers an anonymous visitor
with the login page (and a way back), a logged-in user without the right with 403 and
the project's 403 page, and a user of another Body with 403 or 404 for the records of
this one. The test enumerates the URL configuration, so a new view without a row here fails.
"""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import URLPattern, get_resolver
from django.utils import timezone

from accounts import access, roles
from councillors.models import Note
from meetings import agenda
from resolutions.models import Paper
from tests import factories as f

pytestmark = pytest.mark.django_db

AREAS = ("office", "meetings", "audit", "councillors")
# Addressed by a secret token instead of a login (calendar programs cannot log in).
WITHOUT_LOGIN = {"councillors:calendar_feed"}


@dataclass
class Town:
    paper: object
    decided: object
    meeting: object
    item: object
    clerk: object
    office: object
    councillor: object
    stranger: dict


@pytest.fixture
def town(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    body = f.body()
    department = f.department(body)
    committee = f.organization(body)
    paper = f.paper(body, state=Paper.State.DRAFT, under_direction_of=department)
    released = f.paper(body, under_direction_of=department)
    decided = f.paper(body, state=Paper.State.DECIDED, under_direction_of=department)
    meeting = f.meeting(committee, start=timezone.now() + dt.timedelta(days=10))
    office = f.user(body, roles.COUNCIL_OFFICE, initials="abc")
    item = agenda.add_paper(meeting, f.consultation(released, committee), by=office)
    person = f.person(body)
    f.membership(person, committee)
    councillor = f.user(body, roles.COUNCILLOR, person=person)
    Note.objects.create(author=councillor, paper=released, text="Nachfragen", body=body)
    other = f.body()
    other_department = f.department(other)
    return Town(
        paper=paper,
        decided=decided,
        meeting=meeting,
        item=item,
        clerk=f.user(body, roles.CLERK, department=department),
        office=office,
        councillor=councillor,
        stranger={
            "office": f.user(other, roles.CLERK, department=other_department),
            "meetings": f.user(other, roles.COUNCIL_OFFICE, department=other_department),
            "councillors": f.user(other, roles.COUNCILLOR, person=f.person(other)),
        },
    )


def requests(town):
    """Every URL of the three areas: name -> (method, path, whether it addresses a record of the town)."""
    paper, meeting, item = town.paper.pk, town.meeting.pk, town.item.pk
    released = town.item.consultation.paper_id
    return {
        "office:my_work": ("get", "/verwaltung/", False),
        "office:papers": ("get", "/verwaltung/vorlagen/", False),
        "office:paper_create": ("get", "/verwaltung/vorlagen/neu/", False),
        "office:paper": ("get", f"/verwaltung/vorlagen/{paper}/", True),
        "office:paper_edit": ("get", f"/verwaltung/vorlagen/{paper}/bearbeiten/", True),
        "office:history": ("get", f"/verwaltung/vorlagen/{paper}/verlauf/", True),
        "office:compare": ("get", f"/verwaltung/vorlagen/{paper}/vergleich/?a=1&b=1", True),
        "office:preview": ("get", f"/verwaltung/vorlagen/{paper}/entwurf.pdf", True),
        "office:transition": ("post", f"/verwaltung/vorlagen/{paper}/einreichen/", True),
        "office:subordinate": ("post", f"/verwaltung/vorlagen/{released}/folgevorlage/", True),
        "meetings:index": ("get", "/sitzungsdienst/", False),
        "meetings:meeting_create": ("get", "/sitzungsdienst/sitzungen/neu/", False),
        "meetings:meeting_series": ("get", "/sitzungsdienst/sitzungen/reihe/", False),
        "meetings:meeting": ("get", f"/sitzungsdienst/sitzungen/{meeting}/", True),
        "meetings:meeting_edit": ("get", f"/sitzungsdienst/sitzungen/{meeting}/bearbeiten/", True),
        "meetings:add_standing_items": ("post", f"/sitzungsdienst/sitzungen/{meeting}/regelpunkte/", True),
        "meetings:add_item": ("post", f"/sitzungsdienst/sitzungen/{meeting}/punkt/", True),
        "meetings:add_paper": ("post", f"/sitzungsdienst/sitzungen/{meeting}/vorlage/", True),
        "meetings:publish": ("post", f"/sitzungsdienst/sitzungen/{meeting}/einladung/", True),
        "meetings:cancel": ("post", f"/sitzungsdienst/sitzungen/{meeting}/absage/", True),
        "meetings:minutes": ("get", f"/sitzungsdienst/sitzungen/{meeting}/niederschrift/", True),
        "meetings:minutes_open": ("post", f"/sitzungsdienst/sitzungen/{meeting}/niederschrift/entwurf/", True),
        "meetings:minutes_notes": (
            "post",
            f"/sitzungsdienst/sitzungen/{meeting}/niederschrift/beratungsverlauf/",
            True,
        ),
        "meetings:invitation_text": (
            "get",
            f"/sitzungsdienst/gremien/{town.meeting.organization_id}/einladungstext/",
            True,
        ),
        "meetings:minutes_approve": (
            "post",
            f"/sitzungsdienst/sitzungen/{meeting}/niederschrift/bestaetigung/",
            True,
        ),  # fmt: skip
        "meetings:attendance": ("post", f"/sitzungsdienst/sitzungen/{meeting}/anwesenheit/", True),
        "meetings:move_item": ("post", f"/sitzungsdienst/tagesordnungspunkte/{item}/verschieben/", True),
        "meetings:toggle_public": ("post", f"/sitzungsdienst/tagesordnungspunkte/{item}/oeffentlichkeit/", True),
        "meetings:remove_item": ("post", f"/sitzungsdienst/tagesordnungspunkte/{item}/entfernen/", True),
        "meetings:item_result": ("get", f"/sitzungsdienst/tagesordnungspunkte/{item}/ergebnis/", True),
        "meetings:tracking": ("get", "/sitzungsdienst/beschlusskontrolle/", False),
        "audit:list": ("get", "/sitzungsdienst/zugriffe/", False),
        "meetings:tracking_edit": ("get", f"/sitzungsdienst/beschlusskontrolle/{town.decided.pk}/", True),
        "councillors:dashboard": ("get", "/mein/", False),
        "councillors:meeting": ("get", f"/mein/sitzungen/{meeting}/", True),
        "councillors:report_absence": ("post", f"/mein/sitzungen/{meeting}/verhinderung/", True),
        "councillors:withdraw_absence": ("post", f"/mein/sitzungen/{meeting}/verhinderung/zuruecknehmen/", True),
        "councillors:paper": ("get", f"/mein/vorlagen/{released}/", True),
        "councillors:paper_note": ("get", f"/mein/vorlagen/{released}/notiz/", True),
        "councillors:agenda_item_note": ("get", f"/mein/tagesordnungspunkte/{item}/notiz/", True),
        "councillors:notes": ("get", "/mein/notizen/", False),
        "councillors:settings": ("get", "/mein/einstellungen/", False),
        "councillors:calendar_renew": ("post", "/mein/einstellungen/kalender/", False),
    }


def url_names():
    resolver = get_resolver()
    names = set()
    for namespace in AREAS:
        _, area = resolver.namespace_dict[namespace]
        names |= {f"{namespace}:{p.name}" for p in area.url_patterns if isinstance(p, URLPattern)}
    return names - WITHOUT_LOGIN


def call(client, method, path):
    return getattr(client, method)(path)


def test_every_staff_and_councillor_url_is_in_this_test(town):
    assert set(requests(town)) == url_names()


def test_anonymous_visitors_are_sent_to_the_login_and_back(client, town):
    for name, (method, path, _) in requests(town).items():
        response = call(client, method, path)
        assert response.status_code == 302, name
        assert response.headers["Location"] == f"/konto/anmelden/?next={quote(path, safe='/')}", name


def test_the_right_role_is_let_in_and_the_wrong_role_gets_the_403_page(client, town):
    right = {"office": town.clerk, "meetings": town.office, "councillors": town.councillor}
    wrong = {"office": town.councillor, "meetings": town.clerk, "councillors": town.clerk}
    right["audit"], wrong["audit"] = town.office, town.councillor  # the audit trail is the council office's
    # The decision tracking is the department's too; a councillor has none.
    right["meetings:tracking"], wrong["meetings:tracking"] = town.clerk, town.councillor
    for name, (method, path, _) in requests(town).items():
        area = "meetings:tracking" if name.startswith("meetings:tracking") else name.split(":")[0]
        users = (right[area], wrong[area])
        client.force_login(users[0])
        if method == "get":
            assert call(client, method, path).status_code == 200, name
        client.force_login(users[1])
        response = call(client, method, path)
        assert response.status_code == 403, name
        assert "<h1>Kein Zugriff</h1>" in response.content.decode(), name


def test_a_user_of_another_body_gets_403_or_404_for_the_records_of_this_one(client, town):
    for name, (method, path, addresses_a_record) in requests(town).items():
        area = name.split(":")[0]
        client.force_login(town.stranger["meetings" if area == "audit" else area])
        status = call(client, method, path).status_code
        if addresses_a_record:
            assert status in (403, 404), name
        else:
            assert status in (200, 302), name  # their own Body's page (a form redirects after saving)
    town.paper.refresh_from_db()
    assert town.paper.state == Paper.State.DRAFT
    assert town.meeting.agenda_items.count() == 1


def view(request):
    return HttpResponse("drin")


def test_the_area_decorator_sends_anonymous_to_the_login_and_refuses_with_the_reason(town):
    guarded = access.area_required(lambda user: user.department_id is not None, "Nur für Ämter.")(view)
    request = RequestFactory().get("/irgendwo/?seite=2")
    request.user = AnonymousUser()
    assert guarded(request).headers["Location"] == "/konto/anmelden/?next=/irgendwo/%3Fseite%3D2"
    request.user = town.councillor
    with pytest.raises(PermissionDenied, match="Nur für Ämter."):
        guarded(request)
    request.user = town.clerk
    assert guarded(request).content == b"drin"


def test_get_for_user_is_404_for_what_the_user_cannot_see_and_403_for_what_they_may_not_do(town):
    papers = Paper.objects.visible_to(town.clerk)
    same_body = access.get_for_user(papers, town.clerk, lambda user, paper: True, pk=town.paper.pk)
    assert same_body == town.paper
    with pytest.raises(PermissionDenied, match="Nicht mit dieser Rolle."):
        access.get_for_user(papers, town.clerk, lambda user, paper: False, "Nicht mit dieser Rolle.", pk=town.paper.pk)
    with pytest.raises(Http404):
        access.get_for_user(Paper.objects.visible_to(town.councillor), town.councillor, pk=town.paper.pk)


def test_the_area_checks_answer_for_each_role(town):
    treasurer = f.user(town.paper.body, roles.TREASURER)
    operator = f.user(None, is_superuser=True)
    assert [access.works_in_back_office(u) for u in (town.clerk, treasurer, town.councillor, operator)] == [
        True, True, False, True,
    ]  # fmt: skip
    assert [access.works_in_council_office(u) for u in (town.office, town.clerk, operator)] == [True, False, True]
    assert [access.is_councillor(u) for u in (town.councillor, town.office, AnonymousUser())] == [True, False, False]
    assert [access.tracks_decisions(u) for u in (town.office, town.clerk, town.councillor)] == [True, True, False]
