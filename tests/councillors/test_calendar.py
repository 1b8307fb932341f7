"""The personal calendar feed behind a secret, renewable token."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from councillors.models import CouncillorProfile
from tests import factories as f

pytestmark = pytest.mark.django_db


def create_feed_address(client, user):
    client.force_login(user)
    response = client.post("/mein/einstellungen/kalender/", follow=True)
    match = re.search(r'value="http://[^"/]+(/mein/kalender/[-\w]+\.ics)"', response.content.decode())
    assert match, "the new address is shown once after creating it"
    return match.group(1)


def test_feed_lists_my_meetings_with_public_agenda_only(client, world):
    cancelled = f.meeting(
        world.committee, start=timezone.now() + dt.timedelta(days=20), state="cancelled", cancellation_reason="x"
    )
    f.meeting(world.other_committee, start=timezone.now() + dt.timedelta(days=5), name="Fremde Sitzung")
    url = create_feed_address(client, world.member)
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {f"meeting-{world.meeting.pk}@127.0.0.1:8000", f"meeting-{cancelled.pk}@127.0.0.1:8000"}
    event = events[f"meeting-{world.meeting.pk}@127.0.0.1:8000"]
    assert event.decoded("dtstart") == world.meeting.start.replace(microsecond=0)
    assert "Hauptausschuss" in str(event["summary"])
    description = str(event["description"])
    assert "Neubau der Kita Sonnenschein" in description
    assert "Vergabe Los 3 Dach" not in description  # non-public titles stay in the app
    assert f"/mein/sitzungen/{world.meeting.pk}/" in description
    assert str(events[f"meeting-{cancelled.pk}@127.0.0.1:8000"]["status"]) == "CANCELLED"


def test_renewing_the_token_makes_the_old_address_404(client, world):
    old = create_feed_address(client, world.member)
    assert client.get(old).status_code == 200
    html = client.get("/mein/einstellungen/").content.decode()
    assert old not in html  # shown once only
    new = create_feed_address(client, world.member)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_only_the_hash_of_the_token_is_stored(client, world):
    url = create_feed_address(client, world.member)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    stored = CouncillorProfile.objects.get(user=world.member).calendar_token_hash
    assert stored and token not in stored and len(stored) == 64


def test_unknown_token_and_a_token_of_a_user_no_longer_councillor_give_404(client, world):
    assert client.get("/mein/kalender/erfunden.ics").status_code == 404
    url = create_feed_address(client, world.member)
    world.member.is_active = False
    world.member.save()
    assert client.get(url).status_code == 404


def test_feed_keeps_its_query_budget(client, world):
    url = create_feed_address(client, world.member)
    for day in range(10):
        meeting = f.meeting(world.committee, start=timezone.now() + dt.timedelta(days=30 + day))
        f.agenda_item(meeting, order=1)
        f.agenda_item(meeting, order=2, public=False)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= 8
