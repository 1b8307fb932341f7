"""The council office's minutes page (issue 12.1): attendance with "alle anwesend", substitutes and
guests, chair and minute-taker, the course per item, the preview, without JavaScript."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.models import Attendance, Vote
from tests.documents.worlds import SECRET
from tests.minutes_world import minutes_town

pytestmark = pytest.mark.django_db
BUDGET = 28


@pytest.fixture
def town(client):
    town = minutes_town()
    client.force_login(town.office)
    return town


def attendance_data(town, **overrides):
    people = [row.person for row in Attendance.objects.filter(meeting=town.meeting, represents__isnull=True)]
    data = {f"status_{person.pk}": "present" for person in people}
    data.update({f"substitute_{person.pk}": "" for person in people})
    data["guests"] = ""
    data.update(overrides)
    return data


def test_the_page_preselects_the_recorded_attendance_and_previews_the_whole_minutes(client, town):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("meetings:minutes", args=[town.meeting.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and len(queries) <= BUDGET
    assert "Alle anwesend" in html and 'name="all_present"' in html
    assert f'value="{town.substitute.pk}" selected' in html  # the recorded substitute
    assert "Herr Dr. Weber, Planungsbüro Nord" in html
    assert 'data-richtext=""' in html and f"Beratung {SECRET}" in html  # the office previews everything


def test_all_present_records_every_member_as_present_without_substitutes(client, town):
    response = client.post(reverse("meetings:attendance", args=[town.meeting.pk]), {"all_present": "1"})
    assert response.status_code == 302
    rows = Attendance.objects.filter(meeting=town.meeting)
    assert all(row.present for row in rows) and not rows.filter(represents__isnull=False).exists()
    assert town.meeting.guests.count() == 1  # guests stay


def test_attendance_with_a_substitute_and_guests_is_saved_and_a_wrong_one_is_a_form_error(client, town):
    member = town.voters[1]
    Vote.objects.filter(person=member).delete()  # a member who is represented did not vote by name
    url = reverse("meetings:attendance", args=[town.meeting.pk])
    wrong = attendance_data(town, **{f"substitute_{member.pk}": str(town.substitute.pk)})
    answer = client.post(url, wrong)
    assert answer.status_code == 400 and "Ein anwesendes Mitglied wird nicht vertreten." in answer.content.decode()

    data = attendance_data(
        town,
        **{f"status_{member.pk}": "absent", f"substitute_{member.pk}": str(town.substitute.pk)},
        guests="Frau Klein, Kreisverwaltung\nHerr Lehmann",
    )
    assert client.post(url, data).status_code == 302

    assert Attendance.objects.get(meeting=town.meeting, person=town.substitute).represents == member
    row = Attendance.objects.get(meeting=town.meeting, person=member)
    assert not row.present and not row.excused
    assert [(g.name, g.function) for g in town.meeting.guests.all()] == [
        ("Frau Klein", "Kreisverwaltung"),
        ("Herr Lehmann", ""),
    ]


def test_the_course_per_item_is_sanitised_and_shown_in_the_preview(client, town):
    data = {f"note_{item.pk}": item.minutes_note for item in town.meeting.agenda_items.all()}
    data[f"note_{town.public_item.pk}"] = (
        '<p onclick="x()">Einstimmig <strong>befürwortet</strong></p><script>x()</script>'
    )
    response = client.post(reverse("meetings:minutes_notes", args=[town.meeting.pk]), data)
    assert response.status_code == 302
    town.public_item.refresh_from_db()
    assert town.public_item.minutes_note == "<p>Einstimmig <strong>befürwortet</strong></p>"

    head = {"chair": str(town.voters[1].pk), "minute_taker": "Herr Schulz", "remarks": "Keine."}
    assert client.post(reverse("meetings:minutes", args=[town.meeting.pk]), head).status_code == 302
    html = client.get(reverse("meetings:minutes", args=[town.meeting.pk])).content.decode()
    preview = html[html.index('id="vorschau"') :]
    assert "Einstimmig <strong>befürwortet</strong>" in preview and "Herr Schulz" in preview


def test_attendance_that_contradicts_the_votes_by_name_is_a_form_error_and_nothing_is_lost(client, town):
    member = town.voters[1]  # voted by name
    data = attendance_data(town, **{f"status_{member.pk}": "absent"}, guests="Frau Klein, Kreisverwaltung")

    answer = client.post(reverse("meetings:attendance", args=[town.meeting.pk]), data)

    html = answer.content.decode()
    assert answer.status_code == 400 and "namentlich abgestimmt" in html and member.name in html
    assert "Frau Klein, Kreisverwaltung" in html  # the input is kept
    assert Attendance.objects.get(meeting=town.meeting, person=member).present
