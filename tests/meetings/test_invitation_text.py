"""The council office edits an organization's invitation text (issue 13.5), with a preview of the letter."""

import pytest
from django.urls import reverse

from accounts import roles
from council.models import Meeting, Organization
from documents import pdf
from tests import factories as f
from tests.meetings.conftest import at

pytestmark = pytest.mark.django_db


def url(organization):
    return reverse("meetings:invitation_text", args=[organization.pk])


def test_the_office_saves_the_text_and_history_names_it(client, world):
    client.force_login(world.office)
    text = "Liebe Mitglieder,\r\n\r\nzur {nummer} Sitzung am {datum} lade ich ein."
    response = client.post(url(world.committee), {"text": text, "speichern": ""})
    assert response.status_code == 302 and response["Location"] == url(world.committee)
    committee = Organization.objects.get(pk=world.committee.pk)
    assert committee.invitation_text == "Liebe Mitglieder,\n\nzur {nummer} Sitzung am {datum} lade ich ein."
    assert committee.history.latest().history_user == world.office


def test_the_preview_shows_the_letter_for_the_next_meeting_without_saving(client, world, django_assert_max_num_queries):
    meeting = f.meeting(world.committee, start=at(2099, 5, 4), location=f.location(world.body, description="Rathaus"))
    f.meeting(world.committee, start=at(2099, 4, 1), state=Meeting.State.CANCELLED)
    client.force_login(world.office)
    with django_assert_max_num_queries(12):
        response = client.post(
            url(world.committee), {"text": "Hallo {gremium},\n\nam {datum} in {ort}.", "vorschau": ""}
        )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<p>Hallo Hauptausschuss,</p>" in page and "<p>am 04.05.2099 in Rathaus.</p>" in page
    assert 'Sitzung am <span class="nowrap">04.05.2099</span>' in page
    assert Organization.objects.get(pk=world.committee.pk).invitation_text == ""
    assert pdf.invitation_letter(meeting, None)[0] == "Sehr geehrte Damen und Herren,"  # the printed one is unchanged


def test_without_a_text_the_preview_is_the_standard_letter_and_escaped(client, world):
    world.committee.invitation_text = "<script>alert(1)</script> {gremium}"
    world.committee.save()
    client.force_login(world.office)
    page = client.get(url(world.committee)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Hauptausschuss" in page and "<script>alert" not in page
    page = client.post(url(world.committee), {"text": "  ", "vorschau": ""}).content.decode()
    assert "Sehr geehrte Damen und Herren," in page and "ohne Nummer" in page


def test_an_overlong_text_is_a_form_error(client, world):
    client.force_login(world.office)
    response = client.post(url(world.committee), {"text": "x" * 4001, "speichern": ""})
    assert response.status_code == 200 and "höchstens 4000 Zeichen" in response.content.decode()
    assert Organization.objects.get(pk=world.committee.pk).invitation_text == ""


@pytest.mark.parametrize("role", [roles.CLERK, roles.MAYOR, roles.COUNCILLOR])
def test_only_the_council_office_edits_it(client, world, role):
    client.force_login(f.user(world.body, role, department=world.department if role == roles.CLERK else None))
    assert client.get(url(world.committee)).status_code == 403
    assert client.post(url(world.committee), {"text": "x", "speichern": ""}).status_code == 403
    assert Organization.objects.get(pk=world.committee.pk).invitation_text == ""


def test_the_office_of_another_body_gets_403_and_visitors_the_login(client, world):
    assert client.get(url(world.committee)).status_code == 302
    client.force_login(f.user(f.body(), roles.COUNCIL_OFFICE, initials="xyz"))
    assert client.post(url(world.committee), {"text": "x", "speichern": ""}).status_code == 403
    assert Organization.objects.get(pk=world.committee.pk).invitation_text == ""


def test_the_meeting_page_links_to_it(client, world):
    meeting = f.meeting(world.committee, start=at(2099, 5, 4))
    client.force_login(world.office)
    page = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert f'href="{url(world.committee)}"' in page and "Einladungstext von Hauptausschuss bearbeiten" in page
