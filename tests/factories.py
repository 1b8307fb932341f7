"""Small factory functions for tests: each makes one valid record with sensible defaults."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group

from accounts.models import User
from council.models import AgendaItem, Body, Location, Meeting, Membership, Organization, Person
from portal.models import LegalPages
from resolutions.models import Amendment, Consultation, Paper, PaperType

_seq = itertools.count(1)
TZ = ZoneInfo("Europe/Berlin")


def body(**fields):
    n = next(_seq)
    fields.setdefault("name", f"Gemeinde Test {n}")
    fields.setdefault("slug", f"test-{n}")
    return Body.objects.create(**fields)


def organization(body, kind=Organization.Kind.COMMITTEE, **fields):
    n = next(_seq)
    fields.setdefault("name", f"Ausschuss {n}")
    fields.setdefault("short_name", f"A{n}")
    return Organization.objects.create(body=body, kind=kind, **fields)


def department(body, **fields):
    fields.setdefault("name", f"Amt {next(_seq)}")
    return organization(body, kind=Organization.Kind.DEPARTMENT, **fields)


def paper_type(body, **fields):
    n = next(_seq)
    fields.setdefault("name", f"Beschlussvorlage {n}")
    fields.setdefault("prefix", f"B{n}")
    return PaperType.objects.create(body=body, **fields)


def paper(body, state=Paper.State.RELEASED, public=True, **fields):
    n = next(_seq)
    fields.setdefault("paper_type", paper_type(body))
    fields.setdefault("under_direction_of", department(body))
    fields.setdefault("name", f"Vorlage {n}")
    fields.setdefault("resolution_text", "<p>Die Versammlung beschließt.</p>")
    fields.setdefault("date", dt.date(2026, 1, 1))
    if state in Paper.PUBLISHED_STATES and state != Paper.State.WITHDRAWN:
        fields.setdefault("reference", f"T-{n}/2026")
    if state == Paper.State.DECIDED:
        fields.setdefault("result", Paper.Result.ADOPTED)
    return Paper.objects.create(body=body, state=state, public=public, **fields)


def location(body, **fields):
    fields.setdefault("description", "Rathaus")
    return Location.objects.create(body=body, **fields)


def meeting(organization, start=None, **fields):
    start = start or dt.datetime(2026, 6, 1, 18, 0, tzinfo=TZ)
    if fields.get("state") == Meeting.State.INVITED:
        fields.setdefault("invitation_published_at", start - dt.timedelta(days=14))
    return Meeting.objects.create(organization=organization, start=start, **fields)


def consultation(paper, organization, position=1, role=Consultation.Role.DECISION, **fields):
    return Consultation.objects.create(paper=paper, organization=organization, position=position, role=role, **fields)


def agenda_item(meeting, order=1, public=True, **fields):
    fields.setdefault("number", f"{'Ö' if public else 'N'} {order}")
    fields.setdefault("name", f"Punkt {order}")
    return AgendaItem.objects.create(meeting=meeting, order=order, public=public, **fields)


def amendment(consultation, kind, before, after="", initials="jae", position=1, **fields):
    return Amendment.objects.create(
        consultation=consultation,
        kind=kind,
        text_before=before,
        text_after=after,
        initials=initials,
        position=position,
        **fields,
    )


def person(body, **fields):
    n = next(_seq)
    fields.setdefault("given_name", "Erika")
    fields.setdefault("family_name", f"Muster{n}")
    return Person.objects.create(body=body, **fields)


def membership(person, organization, **fields):
    return Membership.objects.create(person=person, organization=organization, **fields)


def user(body, *roles, department=None, person=None, password="pw-test-123", **fields):
    n = next(_seq)
    fields.setdefault("username", f"user{n}")
    account = User.objects.create_user(password=password, body=body, department=department, **fields)
    for role in roles:
        account.groups.add(Group.objects.get_or_create(name=role)[0])
    if person is not None:
        person.user = account
        person.save()
    return account


def legal_pages(body=None, **fields):
    """Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit of a Body (None: the installation)."""
    fields.setdefault("imprint", "<h2>Herausgeber</h2><p>Impressum-Text</p>")
    fields.setdefault("privacy", "<p>Datenschutz-Text</p>")
    fields.setdefault("accessibility", "<p>Barrierefreiheit-Text</p>")
    fields.setdefault("feedback_email", "barrieren@example.org")
    fields.setdefault("feedback_phone", "0123 4567")
    fields.setdefault("feedback_address", "Rathaus\nMarkt 1")
    fields.setdefault("enforcement_name", "Durchsetzungsstelle des Landes")
    fields.setdefault("enforcement_url", "https://durchsetzung.example.org/")
    return LegalPages.objects.create(body=body, **fields)
