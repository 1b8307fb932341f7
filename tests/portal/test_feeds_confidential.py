"""Issue 11 through the Atom feeds: the public view only, the deciding meeting's date, few queries."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from council.models import AgendaItem, Meeting
from meetings import results
from portal import publication
from resolutions.models import Amendment, Consultation, Paper
from resolutions.paper_view import DECIDED_IN_PRIVATE
from tests import factories as f
from tests.confidential import MEETING_START, SECRET_WORD, confidential  # noqa: F401

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def feed(client, name, body, user=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(reverse(f"portal:{name}_feed", args=[body.slug]))
    assert response.status_code == 200
    return response


def entries(response):
    root = ET.fromstring(response.content)
    return {
        entry.findtext(f"{ATOM}title"): {
            "summary": entry.findtext(f"{ATOM}summary") or "",
            "published": entry.findtext(f"{ATOM}published"),
        }
        for entry in root.findall(f"{ATOM}entry")
    }


@pytest.mark.parametrize("name", ["papers", "decisions"])
def test_feeds_show_the_public_view_to_everyone(client, confidential, name):  # noqa: F811
    for user in (None, confidential.member, confidential.office):
        response = feed(client, name, confidential.body, user)
        assert SECRET_WORD.encode() not in response.content
        paper = entries(response)[next(title for title in entries(response) if confidential.paper.name in title)]
        assert paper["summary"].startswith("<p>") and "Beschlussvorschlag:" in paper["summary"]
        assert "Verkauf des Grundstücks Am Markt 3." in paper["summary"]


def test_a_decision_in_a_nonpublic_session_is_listed_without_result_and_date(client, confidential):  # noqa: F811
    found = entries(feed(client, "decisions", confidential.body))
    title = f"{confidential.paper.reference} {confidential.paper.name} – {DECIDED_IN_PRIVATE}"
    assert list(found) == [title]
    assert "Ergebnis: in nichtöffentlicher Sitzung entschieden" in found[title]["summary"]
    assert "geändert beschlossen" not in found[title]["summary"]
    assert found[title]["published"] != MEETING_START.astimezone(dt.UTC).isoformat()


def test_a_public_decision_carries_the_date_of_its_meeting(client, confidential):  # noqa: F811
    item = AgendaItem.objects.get(consultation__paper=confidential.annexed_paper)
    results.record_result(item, AgendaItem.Result.ADOPTED, by=confidential.office, unanimous=True)
    found = entries(feed(client, "decisions", confidential.body))
    title = f"{confidential.annexed_paper.reference} {confidential.annexed_paper.name} – beschlossen"
    assert found[title]["published"] == MEETING_START.astimezone(dt.UTC).isoformat()
    assert "Beschluss:" in found[title]["summary"]


@pytest.mark.parametrize("name", ["papers", "decisions"])
def test_a_change_to_the_nonpublic_amendment_leaves_the_feed_validators_alone(client, confidential, name):  # noqa: F811
    paper = decided_in_public(confidential, 1)
    before = feed(client, name, confidential.body)
    secret = Amendment.objects.get(consultation__paper=confidential.paper)
    Amendment.objects.filter(pk=secret.pk).update(modified=timezone.now() + dt.timedelta(days=1))
    # `update()` sends no signal: it says itself that the Body changed (the stored feed is dropped).
    publication.bump(confidential.body.pk)
    after = feed(client, name, confidential.body)
    assert (after["ETag"], after["Last-Modified"]) == (before["ETag"], before["Last-Modified"])
    # A public amendment does move them: the validator sees what the feed shows.
    Amendment.objects.filter(consultation__paper=paper).update(modified=timezone.now() + dt.timedelta(days=2))
    publication.bump(confidential.body.pk)
    assert feed(client, name, confidential.body)["ETag"] != before["ETag"]


def decided_in_public(scenario, n):
    """A paper decided with an amendment in a public item (made directly: only the count of queries matters)."""
    paper = f.paper(
        scenario.body,
        state=Paper.State.DECIDED,
        result=Paper.Result.ADOPTED_WITH_CHANGES,
        resolution_text=f"<p>Vorlage {n} wird beschlossen.</p>",
        decided_at=MEETING_START,
    )
    meeting = f.meeting(scenario.council, start=MEETING_START + dt.timedelta(days=n), state="held")
    consultation = f.consultation(paper, scenario.council, role=Consultation.Role.DECISION, meeting=meeting)
    f.agenda_item(meeting, consultation=consultation, result=AgendaItem.Result.ADOPTED_WITH_CHANGES)
    f.amendment(consultation, Amendment.Kind.ADDED, "wird beschlossen.", "wird sofort beschlossen.", meeting=meeting)
    return paper


@pytest.mark.parametrize("name", ["papers", "decisions"])
def test_feeds_take_a_fixed_number_of_queries(client, confidential, name):  # noqa: F811
    url = reverse(f"portal:{name}_feed", args=[confidential.body.slug])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for n in range(1, 4):
        decided_in_public(confidential, n)
    assert count() == before <= 8
    found = entries(feed(client, name, confidential.body))
    assert any("sofort" in entry["summary"] and "*) ergänzt STVV" in entry["summary"] for entry in found.values())


@pytest.mark.parametrize("name", ["calendar", "organization_calendar"])
def test_an_edit_of_the_nonpublic_item_leaves_the_calendar_validators_alone(client, confidential, name):  # noqa: F811
    args = [confidential.body.slug, *([confidential.council.pk] if name == "organization_calendar" else [])]
    url = reverse(f"portal:{name}", args=args)
    before = client.get(url)
    later = timezone.now() + dt.timedelta(days=1)
    AgendaItem.objects.filter(pk=confidential.item.pk).update(name="Grundstücksverkauf", modified=later)
    publication.bump(confidential.body.pk)
    after = client.get(url)
    assert after.content == before.content and "Grundstücksverkauf" not in after.content.decode()
    assert (after["ETag"], after["Last-Modified"]) == (before["ETag"], before["Last-Modified"])
    # Its number is in the calendar: renumbering it shows, as does an item that goes.
    AgendaItem.objects.filter(pk=confidential.item.pk).update(number="N 9")
    publication.bump(confidential.body.pk)
    renumbered = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert renumbered.status_code == 200 and "N 9" in renumbered.content.decode()
    AgendaItem.objects.filter(meeting=confidential.meeting, public=True).delete()
    publication.bump(confidential.body.pk)
    assert client.get(url, HTTP_IF_NONE_MATCH=renumbered["ETag"]).status_code == 200


@pytest.mark.parametrize("name", ["papers", "decisions"])
def test_a_result_corrected_after_a_decision_in_private_moves_no_entry(client, confidential, name):  # noqa: F811
    def updated():
        root = ET.fromstring(feed(client, name, confidential.body).content)
        return {
            entry.findtext(f"{ATOM}title"): entry.findtext(f"{ATOM}updated") for entry in root.findall(f"{ATOM}entry")
        }

    before = updated()
    later = timezone.now() + dt.timedelta(days=1)
    Paper.objects.filter(pk=confidential.paper.pk).update(result=Paper.Result.REJECTED, modified=later)
    publication.bump(confidential.body.pk)
    assert updated() == before


def test_minutes_in_the_making_date_no_calendar_event(client, confidential):  # noqa: F811
    url = reverse("portal:calendar", args=[confidential.body.slug])
    old = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    Meeting.objects.update(modified=old)
    Meeting.history.update(history_date=old)
    publication.bump(confidential.body.pk)
    before = client.get(url)
    meeting = Meeting.objects.get(pk=confidential.meeting.pk)
    meeting.minutes_text, meeting.minute_taker = "Entwurf", "Frau Schreiber"
    meeting.save()
    after = client.get(url)
    assert after.content == before.content
    assert (after["ETag"], after["Last-Modified"]) == (before["ETag"], before["Last-Modified"])
    meeting.start += dt.timedelta(hours=1)
    meeting.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200
