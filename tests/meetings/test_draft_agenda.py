"""Issue 12.5: a planned meeting's agenda is public only from the invitation on; a cancelled
meeting shows its cancellation instead of invitation and bundle. Issue 12.7: sane dates."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from council.models import AgendaItem, Meeting
from council.visibility import agenda_for
from meetings import agenda, planning
from meetings.forms import ImplementationForm, MeetingForm, SeriesForm
from tests import factories as f

pytestmark = pytest.mark.django_db
DRAFT_TITLE = "Entwurfspunkt Stadtbibliothek"


@pytest.fixture
def draft(world):
    start = (timezone.now() + dt.timedelta(days=30)).replace(microsecond=0)
    meeting = f.meeting(world.council, start=start, location=f.location(world.body))
    # The paper itself is public once released (its page, search); the agenda item is not.
    paper = f.paper(world.body, under_direction_of=world.department, name="Radwegekonzept")
    agenda.add_paper(meeting, f.consultation(paper, world.council), by=world.office)
    agenda.add_item(meeting, DRAFT_TITLE, public=True, by=world.office)
    agenda.add_item(meeting, "Personalangelegenheit", public=False, by=world.office)
    member = f.user(world.body, roles.COUNCILLOR, person=world.members[0])
    outsider_person = f.person(world.body, family_name="Nichtmitglied")
    f.membership(outsider_person, world.committee)
    outsider = f.user(world.body, roles.COUNCILLOR, person=outsider_person)
    return {"meeting": meeting, "paper": paper, "member": member, "outsider": outsider}


def public_surfaces(client, body, meeting):
    """What each public surface shows of the meeting, as text."""
    oparl_list = client.get(f"/oparl/v1/body/{body.pk}/agendaitem")
    oparl_meeting = client.get(f"/oparl/v1/meeting/{meeting.pk}")
    return {
        "page": client.get(reverse("portal:meeting", args=[body.slug, meeting.pk])).content.decode(),
        "calendar": client.get(reverse("portal:calendar", args=[body.slug])).content.decode(),
        "organization calendar": client.get(
            reverse("portal:organization_calendar", args=[body.slug, meeting.organization_id])
        ).content.decode(),
        "oparl list": oparl_list.content.decode() if oparl_list.status_code == 200 else oparl_list.status_code,
        "oparl meeting": oparl_meeting.content.decode(),
        "search": client.get(reverse("portal:search", args=[body.slug]), {"q": "Stadtbibliothek"}).content.decode(),
    }


def oparl_items(client, body):
    return client.get(f"/oparl/v1/body/{body.pk}/agendaitem").json()["data"]


def test_a_meeting_cancelled_before_its_invitation_does_not_promise_an_agenda(client, world, draft):
    meeting = draft["meeting"]
    planning.cancel_meeting(meeting, "Beschlussunfähigkeit absehbar", by=world.office)
    page = client.get(reverse("portal:meeting", args=[world.body.slug, meeting.pk])).content.decode()
    assert "Die Sitzung wurde abgesagt, bevor eine Tagesordnung veröffentlicht wurde." in page
    assert "wird mit der Einladung veröffentlicht" not in page
    assert "Entwurfspunkt" not in page


@pytest.mark.parametrize("viewer", [None, "outsider"])
def test_a_draft_agenda_is_not_public(client, world, draft, viewer):
    meeting = draft["meeting"]
    if viewer:
        client.force_login(draft[viewer])
    shown = public_surfaces(client, world.body, meeting)
    assert "Die Tagesordnung wird mit der Einladung veröffentlicht." in shown["page"]
    for surface, text in shown.items():
        assert "Entwurfspunkt" not in str(text), surface
        assert "Ö 2" not in str(text) and "N 1" not in str(text), surface
    # The meeting itself is public: date and place.
    assert meeting.start.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ") in shown["calendar"]
    assert world.council.name in shown["page"]
    # Neither invitation nor bundle exist yet for the public.
    assert "einladung.pdf" not in shown["page"]
    for name in ("documents:invitation_pdf", "documents:bundle_pdf"):
        assert client.get(reverse(name, args=[world.body.slug, meeting.pk])).status_code == 404
    client.logout()
    assert oparl_items(client, world.body) == []
    item = meeting.agenda_items.get(name=DRAFT_TITLE)
    assert client.get(f"/oparl/v1/agendaitem/{item.pk}").status_code == 404
    assert list(agenda_for(meeting, draft[viewer] if viewer else None)) == []
    assert not AgendaItem.objects.details_visible_to(draft[viewer] if viewer else None).filter(meeting=meeting)


@pytest.mark.parametrize("viewer", ["member", "office"])
def test_members_and_the_council_office_see_the_draft_agenda(client, world, draft, viewer):
    user = world.office if viewer == "office" else draft["member"]
    meeting = draft["meeting"]
    items = agenda_for(meeting, user)
    assert [item.number for item in items] == ["Ö 1", "Ö 2", "N 1"] and all(item.details_visible for item in items)
    client.force_login(user)
    page = client.get(reverse("portal:meeting", args=[world.body.slug, meeting.pk])).content.decode()
    assert DRAFT_TITLE in page and "Personalangelegenheit" in page
    if viewer == "member":
        page = client.get(reverse("councillors:meeting", args=[meeting.pk])).content.decode()
        assert DRAFT_TITLE in page
    assert client.get(reverse("documents:invitation_pdf", args=[world.body.slug, meeting.pk])).status_code == 200


def test_the_invitation_makes_the_agenda_public_everywhere(client, world, draft, django_capture_on_commit_callbacks):
    meeting = draft["meeting"]
    # The search index follows after the commit.
    with django_capture_on_commit_callbacks(execute=True):
        agenda.publish_invitation(meeting, by=world.office)
    shown = public_surfaces(client, world.body, meeting)
    for surface in ("page", "calendar", "organization calendar", "oparl list", "oparl meeting", "search"):
        assert DRAFT_TITLE in shown[surface], surface
        assert "Personalangelegenheit" not in shown[surface], surface
    assert "einladung.pdf" in shown["page"]
    assert [entry["number"] for entry in oparl_items(client, world.body)] == ["Ö 1", "Ö 2", "N 1"]
    assert client.get(reverse("documents:invitation_pdf", args=[world.body.slug, meeting.pk])).status_code == 200


def test_the_public_meeting_page_keeps_its_query_budget(client, world, draft, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get(reverse("portal:meeting", args=[world.body.slug, draft["meeting"].pk]))


def test_a_cancelled_meeting_shows_its_cancellation_instead_of_invitation_and_bundle(client, world, draft):
    meeting = draft["meeting"]
    agenda.publish_invitation(meeting, by=world.office)
    planning.cancel_meeting(meeting, "Erkrankung der Vorsitzenden", by=world.office)
    page = client.get(reverse("portal:meeting", args=[world.body.slug, meeting.pk])).content.decode()
    assert "Die Sitzung wurde abgesagt." in page and "Erkrankung der Vorsitzenden" in page
    assert "gelten nicht mehr. <span" in page  # the reason does not run into the next sentence
    assert "einladung.pdf" not in page and "sitzungsmappe.pdf" not in page
    for name in ("documents:invitation_pdf", "documents:bundle_pdf"):
        assert client.get(reverse(name, args=[world.body.slug, meeting.pk])).status_code == 410
    client.force_login(draft["member"])
    page = client.get(reverse("councillors:meeting", args=[meeting.pk])).content.decode()
    assert "Die Sitzung wurde abgesagt." in page and "Erkrankung der Vorsitzenden" in page
    assert "einladung.pdf" not in page and "sitzungsmappe.pdf" not in page


def test_a_meeting_cancelled_before_its_invitation_withdraws_no_invitation(client, world, draft):
    meeting = draft["meeting"]
    planning.cancel_meeting(meeting, "Keine Beratungsgegenstände", by=world.office)
    page = client.get(reverse("portal:meeting", args=[world.body.slug, meeting.pk])).content.decode()
    assert "Die Sitzung wurde abgesagt." in page and "Grund: Keine Beratungsgegenstände" in page
    assert "gelten nicht mehr" not in page


# --- sane dates (12.7) --------------------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "1989-12-31", "2101-01-01", "9999-12-31"])
def test_dates_outside_the_sane_range_are_form_errors(world, day):
    form = MeetingForm({"organization": world.council.pk, "date": day, "start_time": "18:00"}, body=world.body)
    assert not form.is_valid() and "zwischen 01.01.1990 und 31.12.2100" in str(form.errors["date"])
    tracking = ImplementationForm({"status": "open", "due_date": day})
    assert not tracking.is_valid() and "due_date" in tracking.errors
    series = SeriesForm(
        {"organization": world.council.pk, "year": day[:4], "week": 1, "weekday": 1, "time": "17:00", "months": [1]},
        body=world.body,
    )
    assert not series.is_valid() and "year" in series.errors


def test_the_office_gets_a_form_error_for_a_meeting_in_the_year_1(client, world):
    client.force_login(world.office)
    data = {"organization": world.council.pk, "name": "Sondersitzung", "date": "0001-01-01", "start_time": "08:00"}
    response = client.post(reverse("meetings:meeting_create"), data)
    assert response.status_code == 200 and "zwischen 01.01.1990 und 31.12.2100" in response.content.decode()
    assert "Sondersitzung" in response.content.decode()  # nothing typed is lost
    assert not Meeting.objects.exists()


def test_the_database_refuses_a_meeting_dated_01_01_0001(world):
    with pytest.raises(ValidationError):
        Meeting(organization=world.council, body=world.body, start=dt.datetime(1, 1, 1, 12, tzinfo=dt.UTC)).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(organization=world.council, start=dt.datetime(1, 1, 2, tzinfo=dt.UTC))
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(organization=world.council, start=dt.datetime(2200, 1, 1, tzinfo=dt.UTC))


def test_the_paper_form_refuses_a_date_outside_the_range(world):
    from office.forms import PaperForm

    clerk = f.user(world.body, roles.CLERK, department=world.department)
    form = PaperForm({"date": "01.01.0001"}, user=clerk, body=world.body)
    form.is_valid()
    assert "zwischen 01.01.1990 und 31.12.2100" in str(form.errors.get("date"))
