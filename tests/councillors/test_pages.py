"""What the councillor area shows: the dashboard, a meeting for members and non-members, a paper."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from councillors.models import CouncillorProfile
from councillors.notes import save_note
from resolutions.files import store_file
from tests import factories as f
from tests.councillors.conftest import PDF

pytestmark = pytest.mark.django_db


def test_member_sees_the_whole_agenda_with_the_nonpublic_paper_and_its_files(client, world):
    client.force_login(world.member)
    html = client.get(f"/mein/sitzungen/{world.meeting.pk}/").content.decode()
    assert "vollständige Tagesordnung einschließlich des nichtöffentlichen Teils" in html
    assert "Vergabe Los 3 Dach" in html
    assert f"/mein/vorlagen/{world.secret_paper.pk}/" in html
    for name in ("angebote.pdf", "vermerk.pdf", "kosten.pdf", "kita.pdf"):
        assert name in html


def test_non_member_councillor_sees_only_what_the_public_sees(client, world):
    client.force_login(world.non_member)
    html = client.get(f"/mein/sitzungen/{world.meeting.pk}/").content.decode()
    assert "sehen, was auch die Öffentlichkeit sieht" in html
    assert "Neubau der Kita Sonnenschein" in html and "kita.pdf" in html
    for secret in (
        "Vergabe Los 3 Dach",
        "angebote.pdf",
        "vermerk.pdf",
        "kosten.pdf",
        f"/vorlagen/{world.secret_paper.pk}/",
    ):
        assert secret not in html
    assert "nichtöffentlich" in html


def test_member_reads_the_nonpublic_paper_with_its_documents(client, world):
    client.force_login(world.member)
    html = client.get(f"/mein/vorlagen/{world.secret_paper.pk}/").content.decode()
    assert "<h1>Vergabe Los 3 Dach</h1>" in html
    assert "vertraulich zu behandeln" in html
    assert "angebote.pdf" in html
    assert "Die Versammlung beschließt." in html


def test_dashboard_lists_my_upcoming_meetings_with_invitation_status(client, world):
    planned = f.meeting(world.committee, start=timezone.now() + dt.timedelta(days=30))
    f.meeting(world.other_committee, start=timezone.now() + dt.timedelta(days=3), name="Fremde Sitzung")
    f.meeting(world.committee, start=timezone.now() - dt.timedelta(days=3), name="Vergangene Sitzung")
    client.force_login(world.member)
    html = client.get("/mein/").content.decode()
    assert html.index(f"/mein/sitzungen/{world.meeting.pk}/") < html.index(f"/mein/sitzungen/{planned.pk}/")
    sent = timezone.localtime(world.meeting.invitation_published_at)
    assert f'versandt am <span class="nowrap">{sent:%d.%m.%Y}</span>' in html
    assert "noch nicht versandt" in html
    assert "Fremde Sitzung" not in html and "Vergangene Sitzung" not in html


def test_dashboard_shows_papers_changed_since_the_previous_visit(client, world):
    client.force_login(world.member)  # first visit: the last 14 days
    html = client.get("/mein/").content.decode()
    assert "In den letzten 14 Tagen" in html
    assert "Vergabe Los 3 Dach" in html and "Neubau der Kita Sonnenschein" in html
    profile = CouncillorProfile.objects.get(user=world.member)
    assert profile.last_visit is not None and profile.previous_visit is None

    client.logout()
    client.force_login(world.member)  # second visit: only what changed since the first
    world.public_paper.name = "Neubau der Kita Sonnenschein (geänderte Fassung)"
    world.public_paper.save()
    html = client.get("/mein/").content.decode()
    assert "Seit Ihrem letzten Besuch" in html
    assert "geänderte Fassung" in html
    assert "Vergabe Los 3 Dach" not in html


def test_dashboard_never_lists_papers_the_councillor_may_not_see(client, world):
    f.consultation(f.paper(world.body, name="Geheimer Entwurf", state="draft"), world.committee)
    f.consultation(f.paper(world.body, name="Fremde Geheimsache", public=False), world.other_committee)
    client.force_login(world.non_member)
    html = client.get("/mein/").content.decode()
    assert "Geheimer Entwurf" not in html and "Fremde Geheimsache" not in html and "Vergabe Los 3 Dach" not in html


def test_dashboard_shows_my_notes_only(client, world):
    save_note(world.member, "Nachfragen: Kosten je Quadratmeter", paper=world.public_paper)
    save_note(world.non_member, "Notiz von jemand anderem", paper=world.public_paper)
    client.force_login(world.member)
    html = client.get("/mein/").content.decode()
    assert "Nachfragen: Kosten je Quadratmeter" in html
    assert "Notiz von jemand anderem" not in html


def test_bad_page_numbers_do_not_fail(client, world):
    client.force_login(world.member)
    for page in ("abc", "-1", "99999"):
        assert client.get(f"/mein/?seite={page}").status_code == 200
        assert client.get(f"/mein/notizen/?seite={page}").status_code == 200


def test_nav_shows_mein_bereich_to_councillors_only(client, world):
    client.force_login(world.member)
    assert 'href="/mein/">Mein Bereich</a>' in client.get(f"/{world.body.slug}/").content.decode()
    client.force_login(world.office)
    assert "Mein Bereich" not in client.get(f"/{world.body.slug}/").content.decode()


def _grow(world, n):
    """More meetings, papers, items, files and notes: the query count must not follow."""
    for index in range(n):
        meeting = f.meeting(world.committee, start=timezone.now() + dt.timedelta(days=10 + index), state="invited")
        paper = f.paper(world.body, public=index % 2 == 0, state="in_consultation")
        item = f.agenda_item(
            world.meeting,
            order=10 + index,
            public=paper.public,
            consultation=f.consultation(paper, world.committee, meeting=world.meeting),
        )
        f.agenda_item(meeting, order=1)
        store_file(PDF, file_name=f"anlage-{index}.pdf", text="Anlage", paper=paper)
        store_file(PDF, file_name=f"top-{index}.pdf", text="Anlage", agenda_item=item)
        save_note(world.member, f"Notiz {index}", paper=paper)
        save_note(world.member, f"TOP-Notiz {index}", agenda_item=item)


@pytest.mark.parametrize(
    "url",
    [
        "/mein/",
        "meeting",
        "paper",
        "paper_note",
        "item_note",
        "/mein/notizen/",
        "/mein/einstellungen/",
    ],
)
def test_pages_keep_their_query_budget(client, world, url):
    save_note(world.member, "Erste Fassung", paper=world.secret_paper)
    save_note(world.member, "Zweite Fassung", paper=world.secret_paper)
    url = {
        "meeting": f"/mein/sitzungen/{world.meeting.pk}/",
        "paper": f"/mein/vorlagen/{world.secret_paper.pk}/",
        "paper_note": f"/mein/vorlagen/{world.secret_paper.pk}/notiz/",
        "item_note": f"/mein/tagesordnungspunkte/{world.secret_item.pk}/notiz/",
    }.get(url, url)
    client.force_login(world.member)
    client.get(url)  # the profile is created on first use

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    _grow(world, 6)
    large = count()
    assert large == small, f"{small} queries grew to {large}"
    assert large <= 14
