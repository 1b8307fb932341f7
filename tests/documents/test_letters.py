"""The letters about a meeting (issue 13.5): the invitation's text, number, chair and signature; the
Nachtragseinladung; the Absage of a cancelled meeting."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from council.models import LegislativeTerm, Meeting
from lib.history import save_as
from tests import factories as f
from tests.documents.helpers import all_text, xmp
from tests.documents.worlds import SECRET, council_with_secret_item

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=2))


@pytest.fixture
def town():
    town = council_with_secret_item()
    LegislativeTerm.objects.create(body=town.body, name="Wahlperiode 2024–2029", start_date=dt.date(2024, 6, 9))
    for month, state in ((2, Meeting.State.HELD), (3, Meeting.State.CANCELLED), (4, Meeting.State.HELD)):
        f.meeting(town.council, start=dt.datetime(2026, month, 1, 18, tzinfo=TZ), state=state)
    f.meeting(f.organization(town.body, name="Bauausschuss 2"), start=dt.datetime(2026, 5, 1, 18, tzinfo=TZ))
    f.meeting(town.council, start=dt.datetime(2024, 5, 1, 18, tzinfo=TZ), state=Meeting.State.HELD)  # term before
    town.meeting.location = f.location(town.body, description="Rathaus, Sitzungssaal", locality="Prüfstadt")
    town.meeting.save()
    chair = f.person(town.body, given_name="Renate", family_name="Vorsteher")
    f.membership(chair, town.council, role="Vorsitzende")
    f.membership(f.person(town.body), town.council, role="Vorsitzender", end_date=dt.date(2025, 1, 1))  # former
    return town


def url(town, name, meeting=None):
    return f"/dokumente/{town.body.slug}/sitzungen/{(meeting or town.meeting).pk}/{name}.pdf"


def test_invitation_has_number_salutation_text_place_date_and_the_chairs_signature(client, town):
    text = all_text(client.get(url(town, "einladung")).content)
    assert "Einladung zur 3. Sitzung" in text  # February, April, June: the cancelled March meeting has no number
    assert "Sehr geehrte Damen und Herren," in text
    assert (
        "hiermit lade ich Sie zur 3. Sitzung des Gremiums „Gemeindevertretung“ am 01.06.2026 um 18:00 Uhr ein." in text
    )
    assert "Sitzungsort: Rathaus, Sitzungssaal" in text
    published = timezone.localdate(town.meeting.invitation_published_at)
    assert f"Prüfstadt, den {published:%d.%m.%Y}" in text
    assert "gez. Renate Vorsteher" in text and "Renate Vorsteher, Vorsitzende" in text


def test_invitation_text_is_the_organizations_own_with_its_placeholders(client, town):
    town.council.invitation_text = (
        "Liebe Mitglieder,\r\n\r\nzur {nummer} Sitzung am {datum} in {ort}. {unbekannt} {gremium.__class__}"
    )
    town.council.save()
    text = all_text(client.get(url(town, "einladung")).content)
    assert "Liebe Mitglieder," in text
    assert "zur 3. Sitzung am 01.06.2026 in Rathaus, Sitzungssaal. {unbekannt} {gremium.__class__}" in text
    assert "Sehr geehrte Damen und Herren" not in text


def test_invitation_without_term_or_chair_still_reads(client):
    town = council_with_secret_item()
    text = all_text(client.get(url(town, "einladung")).content)
    assert "Einladung zur Sitzung" in text and "zur Sitzung des Gremiums" in text
    assert "gez." not in text and "Vorsitz" in text


def test_supplementary_invitation_lists_only_the_added_items_as_the_reader_may_see_them(client, town):
    f.agenda_item(town.meeting, order=4, name="Eilvergabe Winterdienst", is_supplement=True)
    f.agenda_item(town.meeting, order=5, public=False, name=f"Eilige Personalsache {SECRET}", is_supplement=True)
    response = client.get(url(town, "nachtrag"))
    assert response.status_code == 200 and response["Cache-Control"] == "public, max-age=600"
    text = all_text(response.content)
    assert "Nachtragseinladung" in text and "Nachtrag zur Einladung zur 3. Sitzung" in text
    assert "Ö 4 Eilvergabe Winterdienst" in text and "N 5 nichtöffentlich" in text
    assert "Radweg" not in text and SECRET not in text
    assert "gez. Renate Vorsteher" in text
    client.force_login(town.member)
    response = client.get(url(town, "nachtrag"))
    text = all_text(response.content)
    assert f"N 5 Eilige Personalsache {SECRET}" in text and "Vollständige Fassung mit nichtöffentlichem Teil" in text
    assert response["Cache-Control"] == "private, no-store"


def test_a_members_nachtrag_of_public_items_only_does_not_claim_a_nonpublic_part(client, town):
    f.agenda_item(town.meeting, order=4, name="Eilvergabe Winterdienst", is_supplement=True)
    client.force_login(town.member)
    text = all_text(client.get(url(town, "nachtrag")).content)
    assert "Ö 4 Eilvergabe Winterdienst" in text and "Öffentliche Fassung" in text
    assert "nichtöffentlichem Teil" not in text and SECRET not in text


def test_no_supplementary_invitation_without_added_items_or_before_the_invitation(client, town):
    assert client.get(url(town, "nachtrag")).status_code == 404
    planned = f.meeting(town.council, start=dt.datetime(2026, 9, 1, 18, tzinfo=TZ))
    f.agenda_item(planned, is_supplement=True)
    assert client.get(url(town, "nachtrag", planned)).status_code == 404


def test_cancelled_meeting_has_an_absage_with_its_reason_and_no_agenda(client, town):
    assert client.get(url(town, "absage")).status_code == 404
    town.meeting.state = Meeting.State.CANCELLED
    town.meeting.cancellation_reason = "Beschlussunfähigkeit absehbar"
    town.meeting.save()
    response = client.get(url(town, "absage"))
    assert response.status_code == 200
    text = all_text(response.content)
    assert "Absage der Sitzung" in text and "fällt aus" in text and "Grund: Beschlussunfähigkeit absehbar" in text
    assert "Radweg" not in text and SECRET not in text
    assert "gez. Renate Vorsteher" in text
    packet = xmp(response.content)
    assert re.search(r'pdfaid:part="3"', packet) and re.search(r'pdfaid:conformance="A"', packet)


def test_portal_meeting_page_links_the_nachtrag_once_and_the_absage_when_cancelled(client, town):
    page = f"/{town.body.slug}/sitzungen/{town.meeting.pk}/"
    html = client.get(page).content.decode()
    assert "nachtrag.pdf" not in html and "absage.pdf" not in html
    f.agenda_item(town.meeting, order=4, name="Eilvergabe Winterdienst", is_supplement=True)
    f.agenda_item(town.meeting, order=5, name="Eilvergabe Streusalz", is_supplement=True)
    html = client.get(page).content.decode()
    assert html.count(url(town, "nachtrag")) == 1
    town.meeting.state = Meeting.State.CANCELLED
    town.meeting.save()
    assert url(town, "absage") in client.get(page).content.decode()


def test_the_demo_councils_invitation_is_signed_by_its_chair(client, demo):
    meeting = Meeting.objects.filter(body=demo.luckenwalde, organization__short_name="STVV", state="invited").first()
    text = all_text(client.get(f"/dokumente/luckenwalde/sitzungen/{meeting.pk}/einladung.pdf").content)
    assert "gez. Michael Lehmann" in text and "Michael Lehmann, Vorsitzender" in text


def test_nachtrag_and_absage_are_dated_when_the_item_was_added_and_the_meeting_cancelled(client, town):
    """Printed weeks later, a letter keeps the date it was issued on, as the one sent."""
    added = f.agenda_item(town.meeting, order=4, name="Eilvergabe Winterdienst", is_supplement=True)
    added.history.update(history_date=dt.datetime(2026, 5, 20, 9, tzinfo=TZ))
    assert "Prüfstadt, den 20.05.2026" in all_text(client.get(url(town, "nachtrag")).content)

    town.meeting.state = Meeting.State.CANCELLED
    town.meeting.cancellation_reason = "Beschlussunfähigkeit absehbar"
    save_as(town.meeting, None, at=dt.datetime(2026, 5, 28, 11, tzinfo=TZ))
    town.meeting.state = Meeting.State.CANCELLED
    town.meeting.save()  # a later edit of the cancelled meeting does not move the date
    assert "Prüfstadt, den 28.05.2026" in all_text(client.get(url(town, "absage")).content)
