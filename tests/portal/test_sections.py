"""The portal's sections: papers, calendar, organizations, people, start page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from resolutions.models import Implementation
from tests import factories as f
from tests.portal.conftest import content

pytestmark = pytest.mark.django_db


def get(client, name, world, *args, **params):
    response = client.get(reverse(f"portal:{name}", args=[world.body.slug, *args]), params)
    assert response.status_code == 200
    return content(response)


def test_start_page_has_next_meetings_latest_decisions_and_a_search_box(client, world, settings):
    html = get(client, "start", world)
    assert world.decided_paper.name in html
    assert 'role="search"' in html and 'name="q"' in html
    assert f'href="/{world.body.slug}/beschluesse/"' in html


def test_paper_list_filters_by_state_and_paginates(client, world):
    for n in range(22):
        f.paper(world.body, name=f"Listenvorlage {n:02d}", date=dt.date(2025, 1, 1))
    first = get(client, "papers", world)
    assert "Seite 1 von 2" in first
    assert "Listenvorlage" in get(client, "papers", world, seite=2)
    decided = get(client, "papers", world, stand="decided")
    assert world.decided_paper.name in decided and world.public_paper.name not in decided
    assert "Listenvorlage" not in get(client, "papers", world, jahr=2026)


def test_paper_page_shows_implementation_status_of_a_decision(client, world):
    html = get(client, "paper", world, world.decided_paper.pk)
    assert "Umsetzung des Beschlusses" in html and "in Bearbeitung" in html
    assert "zehn Bänke aus Holz" in html and "*) ergänzt GV" in html
    assert "Umsetzung des Beschlusses" not in get(client, "paper", world, world.public_paper.pk)


def test_paper_page_lists_public_files_and_related_papers_only(client, world):
    html = get(client, "paper", world, world.public_paper.pk)
    assert "Lageplan Stadtpark" in html
    assert "Verwandte Vorlagen" not in html  # all related papers are secret


def test_month_view_places_meetings_on_their_day(client, world):
    html = get(client, "meetings", world, monat="2026-06")
    assert "Juni 2026" in html
    assert 'href="?monat=2026-07"' in html
    assert reverse("portal:meeting", args=[world.body.slug, world.meeting.pk]) in html
    assert reverse("portal:meeting", args=[world.body.slug, world.meeting.pk]) not in get(
        client, "meetings", world, monat="2026-05"
    )
    july = get(client, "meetings", world, monat="2026-07")
    assert "abgesagt" in july


def test_month_links_stop_at_the_first_and_the_last_meeting(client, world):
    """A crawler following "Vorheriger/Nächster Monat" meets no endless run of empty months."""
    today = timezone.localdate().replace(day=1)
    earlier = f.meeting(world.committee, start=dt.datetime(2024, 3, 5, 18, 0, tzinfo=f.TZ), state="held")
    later = f.meeting(world.committee, start=dt.datetime(2031, 9, 1, 18, 0, tzinfo=f.TZ), state="invited")
    first = get(client, "meetings", world, monat="2024-03")
    assert 'rel="prev"' not in first and 'href="?monat=2024-04"' in first
    last = get(client, "meetings", world, monat="2031-09")
    assert 'href="?monat=2031-08"' in last and 'rel="next"' not in last
    # An address outside the span still shows its month, with the way back only.
    assert 'rel="next"' in get(client, "meetings", world, monat="2001-01")
    assert 'rel="prev"' not in get(client, "meetings", world, monat="2001-01")

    # Without meetings beyond it, this month ends the way forward.
    later.delete()
    earlier.delete()
    assert 'rel="next"' not in get(client, "meetings", world, monat=f"{today:%Y-%m}")


def test_list_view_shows_upcoming_meetings_and_filters_by_organization(client, world):
    html = get(client, "meetings", world, ansicht="liste", gremium=world.council.pk)
    council_meeting = world.decided_paper.consultations.get().meeting
    assert reverse("portal:meeting", args=[world.body.slug, council_meeting.pk]) in html
    assert reverse("portal:meeting", args=[world.body.slug, world.meeting.pk]) not in html
    assert "Auch vergangene Sitzungen zeigen" in get(client, "meetings", world, ansicht="liste")


def test_meeting_page_shows_cancellation(client, world):
    html = get(client, "meeting", world, world.cancelled_meeting.pk)
    assert "Die Sitzung wurde abgesagt." in html and "Keine Themen" in html


def test_organizations_list_groups_and_detail_lists_members(client, world):
    html = get(client, "organizations", world)
    assert "Gemeindevertretung" in html and "Fraktion Grüne Mitte" in html
    assert world.public_paper.under_direction_of.name not in html  # departments are no Gremium
    html = get(client, "organization", world, world.council.pk)
    assert world.councillor.family_name in html
    assert reverse("portal:organization_calendar", args=[world.body.slug, world.council.pk]) in html
    department = world.public_paper.under_direction_of
    assert client.get(reverse("portal:organization", args=[world.body.slug, department.pk])).status_code == 404


def test_people_show_name_party_faction_and_memberships_only(client, world):
    html = get(client, "people", world)
    assert world.councillor.family_name in html and "Fraktion Grüne Mitte" in html and "Grüne" in html
    html = get(client, "person", world, world.councillor.pk)
    assert "Gemeindevertretung" in html and "Ausschuss für Stadtentwicklung" in html
    assert world.councillor.email not in html and world.councillor.phone not in html
    old = f.organization(world.body, name="Alter Beirat")
    f.membership(world.councillor, old, start_date=dt.date(2019, 1, 1), end_date=dt.date(2020, 1, 1))
    html = get(client, "person", world, world.councillor.pk)
    assert "Frühere Mitgliedschaften" in html and "Alter Beirat" in html


def test_implementation_without_record_is_simply_absent(client, world):
    Implementation.objects.filter(paper=world.decided_paper).delete()
    assert "Umsetzung des Beschlusses" not in get(client, "paper", world, world.decided_paper.pk)


def test_portal_pages_need_no_javascript(client, world):
    from tests.portal.test_caching import urls

    for url in urls(world):
        response = client.get(url)
        if response["Content-Type"].startswith("text/html"):
            assert "<script" not in content(response), url
