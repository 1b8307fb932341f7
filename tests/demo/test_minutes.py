"""The demo's approved minutes (issue 12.8): substitute, guest, chair, minute-taker, notes, a non-public
item whose course never reaches the public, on the portal and in OParl."""

import json

import pytest
from django.urls import reverse

from council.models import Meeting
from demo.minutes import GUEST, MINUTE_TAKER, NONPUBLIC_NOTE, NONPUBLIC_TITLE, ORGANIZATION
from meetings.minutes import minutes_for
from resolutions.models import File

pytestmark = pytest.mark.django_db


def approved_record(demo):
    return Meeting.objects.select_related("organization", "location", "body").get(
        body=demo.luckenwalde, organization__short_name=ORGANIZATION, minutes_state=Meeting.MinutesState.APPROVED
    )


def test_the_demo_keeps_a_full_record_of_a_committee_meeting(demo):
    meeting = approved_record(demo)
    record = minutes_for(meeting, None)

    assert [row.represents is not None for row in record.present].count(True) == 1
    assert [row.substitute is not None for row in record.excused].count(True) == 1
    assert [str(guest) for guest in record.guests] == [", ".join(GUEST)]
    assert record.chair and record.minute_taker == MINUTE_TAKER
    assert any(entry.note for entry in record.public_items)
    assert [entry.item.name for entry in record.nonpublic_items] == [NONPUBLIC_TITLE]
    assert not record.nonpublic_items[0].details_visible
    office = demo.luckenwalde.users.get(username="sitzungsdienst")
    assert minutes_for(meeting, office).nonpublic_items[0].note == f"<p>{NONPUBLIC_NOTE}</p>"


def test_the_approved_minutes_are_public_on_the_portal_and_in_oparl_without_the_nonpublic_part(client, demo):
    meeting = approved_record(demo)
    copy = File.objects.get(meeting=meeting, kind=File.Kind.MINUTES)
    assert copy.public and "Planungsbüro Nord" in copy.text and "Nordbau" not in copy.text

    page = client.get(reverse("portal:meeting", args=[demo.luckenwalde.slug, meeting.pk])).content.decode()
    assert 'id="niederschrift"' in page and "Planungsbüro Nord" in page and "Nordbau" not in page

    oparl = json.loads(client.get(reverse("oparl:object", args=["meeting", meeting.pk])).content)
    assert oparl["resultsProtocol"]["id"].endswith(f"/file/{copy.pk}")
    assert "Nordbau" not in json.dumps(oparl)
