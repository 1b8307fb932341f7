"""iCalendar (RFC 5545) and Atom feeds of a Body."""

import xml.etree.ElementTree as ET

import icalendar
import pytest
from django.urls import reverse

from council.models import Meeting
from tests.portal.conftest import content

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def events(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_body_calendar_lists_every_meeting_with_status(client, world):
    found = events(client.get(reverse("portal:calendar", args=[world.body.slug])))
    assert len(found) == Meeting.objects.filter(body=world.body).count()
    for uid, event in found.items():
        assert uid.startswith("meeting-")
        assert event["DTSTAMP"] and event["DTSTART"].dt.tzinfo is not None
    cancelled = next(e for e in found.values() if str(e["UID"]).startswith(f"meeting-{world.cancelled_meeting.pk}@"))
    assert cancelled["STATUS"] == "CANCELLED"
    invited = next(e for e in found.values() if str(e["UID"]).startswith(f"meeting-{world.meeting.pk}@"))
    assert invited["STATUS"] == "CONFIRMED"
    assert invited["DTSTART"].dt == world.meeting.start
    assert invited["DTEND"].dt == world.meeting.end
    assert invited["LOCATION"] == "Rathaus, Großer Saal"
    assert invited["URL"].endswith(f"/sitzungen/{world.meeting.pk}/")
    description = str(invited["DESCRIPTION"])
    assert world.public_item.name in description
    assert f"{world.secret_item.number} nichtöffentlich" in description
    assert world.secret_item.name not in description


def test_organization_calendar_has_only_its_meetings(client, world):
    found = events(client.get(reverse("portal:organization_calendar", args=[world.body.slug, world.committee.pk])))
    assert len(found) == Meeting.objects.filter(organization=world.committee).count() == 2
    assert client.get(reverse("portal:organization_calendar", args=[world.body.slug, 999999])).status_code == 404


def test_calendar_shows_the_public_view_even_to_a_councillor(client, world):
    client.force_login(world.councillor_user)
    response = client.get(reverse("portal:calendar", args=[world.body.slug]))
    assert world.secret_item.name not in content(response)


def entries(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.findtext(f"{ATOM}summary") or "",
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def test_papers_feed_lists_public_papers_only(client, world, settings):
    found = entries(client.get(reverse("portal:papers_feed", args=[world.body.slug])))
    titles = {entry["title"] for entry in found}
    assert f"{world.public_paper.reference} {world.public_paper.name}" in titles
    assert len(found) == 2
    assert all(entry["link"].startswith(settings.SITE_URL + "/") for entry in found)


def test_feeds_and_calendars_link_to_the_site_whichever_host_was_asked(client, world, settings):
    # The page store keeps one copy for every visitor: it must not carry the host of the first.
    settings.ALLOWED_HOSTS = ["ratsinfo.example.org", "intern.example.org"]
    settings.SITE_URL = "https://ratsinfo.example.org"
    paths = [
        reverse("portal:papers_feed", args=[world.body.slug]),
        reverse("portal:decisions_feed", args=[world.body.slug]),
        reverse("portal:calendar", args=[world.body.slug]),
    ]
    for host in ("intern.example.org", "ratsinfo.example.org"):
        for path in paths:
            body = client.get(path, HTTP_HOST=host).content.decode()
            assert "intern.example.org" not in body, (host, path)
            assert "https://ratsinfo.example.org/" in body, (host, path)


def test_decisions_feed_has_decided_text_with_markers(client, world):
    found = entries(client.get(reverse("portal:decisions_feed", args=[world.body.slug])))
    assert [entry["title"] for entry in found] == [
        f"{world.decided_paper.reference} {world.decided_paper.name} – beschlossen"
    ]
    summary = found[0]["summary"]
    assert "zehn Bänke aus Holz" in summary and "*) ergänzt GV" in summary
