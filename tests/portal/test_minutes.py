"""The minutes on the portal's meeting page (issue 12.1): the public part of approved minutes only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as f
from tests.documents.worlds import SECRET
from tests.minutes_world import STRUCK, approve, minutes_town

pytestmark = pytest.mark.django_db
BUDGET = 18  # the meeting page (about 8) and the minutes built from their records


def page(client, town):
    return client.get(reverse("portal:meeting", args=[town.body.slug, town.meeting.pk]))


def test_a_draft_is_not_on_the_portal_not_even_for_members(client):
    town = minutes_town()
    assert 'id="niederschrift"' not in page(client, town).content.decode()
    client.force_login(town.member)
    assert 'id="niederschrift"' not in page(client, town).content.decode()


def test_approved_minutes_show_their_public_part_with_amendments_votes_and_signatures(client):
    town = minutes_town()
    approve(town)

    html = page(client, town).content.decode()

    section = html[html.index('id="niederschrift"') :]
    assert SECRET not in html  # the canary of the non-public item: title, paper and course
    assert "<del" in section and STRUCK in section and "gestrichen GV" in section
    assert "Der Radweg wird lebhaft erörtert." in section
    assert "Herr Dr. Weber, Planungsbüro Nord" in section and "Vertretung für" in section
    assert "ja: Erika Muster" in section and "nein: Erika Rat1" in section
    assert "TOP N 1: nichtöffentlich" in section
    assert "Schriftführung" in section and "Frau Jäger" in section


def test_the_minutes_section_keeps_to_a_fixed_number_of_queries(client):
    town = minutes_town()
    approve(town)
    with CaptureQueriesContext(connection) as small:
        assert page(client, town).status_code == 200
    for order in range(10, 14):
        item = f.agenda_item(town.meeting, order=order, name=f"Anfrage {order}", result="noted")
        item.minutes_note = f"<p>Beantwortet {order}</p>"
        item.save()
    f.meeting(town.meeting.organization)  # more meetings change nothing
    with CaptureQueriesContext(connection) as large:
        html = page(client, town).content.decode()
    assert "Beantwortet 13" in html
    assert len(large) == len(small) <= BUDGET
