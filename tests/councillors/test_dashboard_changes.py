"""The dashboard says per changed paper what changed, on which meeting and TOP it is, and
whether I have read it; "Verhinderung melden" records me as excused; the calendar address
comes with a copy button and a webcal:// link."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from council.models import Attendance
from councillors.models import CouncillorProfile, PaperReading
from tests import factories as f

pytestmark = pytest.mark.django_db


def _edit(paper, **fields):
    """A content edit, as the back office makes it: a new version."""
    for name, value in fields.items():
        setattr(paper, name, value)
    paper.version += 1
    paper.save()


def _second_visit(client, user):
    client.force_login(user)
    client.get("/mein/")
    CouncillorProfile.objects.filter(user=user).update(previous_visit=timezone.now())


def _row(html, name):
    table = html.split('class="responsive changed-papers"')[1].split("</table>")[0]
    rows = [row for row in table.split("<tr") if name in row]
    assert len(rows) == 1, name
    return rows[0]


def test_a_changed_paper_says_which_fields_changed_where_it_is_and_that_it_is_unread(client, world):
    _second_visit(client, world.member)
    _edit(world.public_paper, resolution_text="<p>Neu gefasst.</p>", financial_amount=120000)
    html = client.get("/mein/").content.decode()
    row = _row(html, "Neubau der Kita Sonnenschein")
    assert "Beschlusstext, Betrag (EUR)" in row
    assert "Titel" not in row
    assert f'href="/mein/sitzungen/{world.meeting.pk}/#top-{world.public_item.pk}"' in row
    assert f"TOP {world.public_item.number}" in row and "Hauptausschuss" in row
    assert "ungelesen" in row and 'class="unread"' in row
    assert "Vergabe Los 3 Dach" not in html.split("changed-papers")[1]  # unchanged since the last visit


def test_opening_the_paper_marks_it_read_and_a_later_version_unread_again(client, world):
    _second_visit(client, world.member)
    _edit(world.public_paper, name="Neubau der Kita Sonnenschein, 2. Bauabschnitt")
    assert client.get(f"/mein/vorlagen/{world.public_paper.pk}/").status_code == 200
    reading = PaperReading.objects.get(user=world.member, paper=world.public_paper)
    assert reading.version == world.public_paper.version
    row = _row(client.get("/mein/").content.decode(), "2. Bauabschnitt")
    assert "ungelesen" not in row and ">gelesen<" in row

    # Another councillor's reading is their own.
    assert not PaperReading.objects.filter(user=world.non_member).exists()

    # A new version after reading: unread again, and the summary compares with the version read.
    CouncillorProfile.objects.filter(user=world.member).update(previous_visit=timezone.now())
    _edit(world.public_paper, reasoning="<p>Begründung ergänzt.</p>")
    row = _row(client.get("/mein/").content.decode(), "2. Bauabschnitt")
    assert "ungelesen" in row
    assert "Erläuterung/Begründung" in row and "Titel" not in row
    assert f"seit Ihrer Fassung {reading.version}" in row


def test_a_paper_new_since_the_last_visit_is_marked_new(client, world):
    _second_visit(client, world.member)
    paper = f.paper(world.body, name="Ganz neue Vorlage", state="in_consultation")
    f.consultation(paper, world.committee)
    row = _row(client.get("/mein/").content.decode(), "Ganz neue Vorlage")
    assert "Neue Vorlage" in row and "noch nicht" in row and "ungelesen" in row


def test_the_top_of_a_nonpublic_item_is_shown_only_to_members(client, world):
    _second_visit(client, world.member)
    _edit(world.secret_paper, reasoning="<p>Neue Angebote.</p>")
    row = _row(client.get("/mein/").content.decode(), "Vergabe Los 3 Dach")
    assert f"TOP {world.secret_item.number}" in row


def test_the_dashboard_keeps_its_query_budget_with_many_changed_papers(client, world):
    _second_visit(client, world.member)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/mein/").status_code == 200
        return len(queries)

    _edit(world.public_paper, name="Geändert")
    few = count()
    for index in range(8):
        paper = f.paper(world.body, state="in_consultation")
        f.agenda_item(
            world.meeting, order=20 + index, consultation=f.consultation(paper, world.committee, meeting=world.meeting)
        )
        _edit(paper, reasoning=f"<p>{index}</p>")
        client.get(f"/mein/vorlagen/{paper.pk}/")
        _edit(paper, reasoning=f"<p>{index} neu</p>")
    assert count() == few


def test_reporting_absence_records_the_member_as_excused_and_the_office_sees_it(client, world):
    client.force_login(world.member)
    html = client.get("/mein/").content.decode()
    assert f'action="/mein/sitzungen/{world.meeting.pk}/verhinderung/"' in html
    response = client.post(f"/mein/sitzungen/{world.meeting.pk}/verhinderung/", {"next": "/mein/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/mein/"
    assert "ist dem Sitzungsdienst gemeldet" in response.content.decode()
    attendance = Attendance.objects.get(meeting=world.meeting, person=world.member.person)
    assert (attendance.present, attendance.excused) == (False, True)
    assert "Verhinderung gemeldet" in client.get("/mein/").content.decode()
    assert "Verhinderung gemeldet" in client.get(f"/mein/sitzungen/{world.meeting.pk}/").content.decode()

    # Twice is once.
    client.post(f"/mein/sitzungen/{world.meeting.pk}/verhinderung/")
    assert Attendance.objects.filter(meeting=world.meeting).count() == 1

    client.force_login(world.office)
    page = client.get(f"/sitzungsdienst/sitzungen/{world.meeting.pk}/").content.decode()
    absences = page.split('id="verhinderungen"')[1].split("</section>")[0]
    assert world.member.person.name in absences and "entschuldigt" in absences


def test_absence_only_for_members_before_the_meeting(client, world):
    client.force_login(world.non_member)
    assert client.post(f"/mein/sitzungen/{world.meeting.pk}/verhinderung/").status_code == 404
    assert client.get(f"/mein/sitzungen/{world.meeting.pk}/verhinderung/").status_code == 405
    client.force_login(world.other_body_councillor)
    assert client.post(f"/mein/sitzungen/{world.meeting.pk}/verhinderung/").status_code == 404
    past = f.meeting(world.committee, start=timezone.now() - dt.timedelta(days=1), state="held")
    client.force_login(world.member)
    response = client.post(f"/mein/sitzungen/{past.pk}/verhinderung/", follow=True)
    assert "schon begonnen" in response.content.decode()
    cancelled = f.meeting(world.committee, start=timezone.now() + dt.timedelta(days=3), state="cancelled")
    response = client.post(f"/mein/sitzungen/{cancelled.pk}/verhinderung/", follow=True)
    assert "abgesagt" in response.content.decode()
    assert not Attendance.objects.exists()
    client.logout()
    assert client.post(f"/mein/sitzungen/{world.meeting.pk}/verhinderung/").status_code == 302
    assert not Attendance.objects.exists()


def test_a_reported_absence_can_be_withdrawn_until_the_meeting_starts(client, world):
    client.force_login(world.member)
    withdraw = f"/mein/sitzungen/{world.meeting.pk}/verhinderung/zuruecknehmen/"
    assert "keine Verhinderung von Ihnen gemeldet" in client.post(withdraw, follow=True).content.decode()
    client.post(f"/mein/sitzungen/{world.meeting.pk}/verhinderung/")
    html = client.get(f"/mein/sitzungen/{world.meeting.pk}/").content.decode()
    assert f'action="{withdraw}"' in html and "Verhinderung zurücknehmen" in html

    response = client.post(withdraw, {"next": "/mein/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/mein/"
    html = response.content.decode()
    assert "ist zurückgenommen" in html and "Verhinderung gemeldet" not in html
    assert not Attendance.objects.filter(meeting=world.meeting).exists()
    history = Attendance.history.filter(meeting_id=world.meeting.pk).latest("history_date")
    assert (history.history_type, history.history_user) == ("-", world.member)

    client.force_login(world.office)
    page = client.get(f"/sitzungsdienst/sitzungen/{world.meeting.pk}/").content.decode()
    assert world.member.person.name not in page.split('id="verhinderungen"')[1].split("</section>")[0]


def test_a_reported_absence_stays_once_the_meeting_has_started(client, world):
    client.force_login(world.member)
    client.post(f"/mein/sitzungen/{world.meeting.pk}/verhinderung/")
    world.meeting.start = timezone.now() - dt.timedelta(minutes=5)
    world.meeting.save()
    html = client.get(f"/mein/sitzungen/{world.meeting.pk}/").content.decode()
    assert "Verhinderung gemeldet" in html and "zurücknehmen" not in html
    response = client.post(f"/mein/sitzungen/{world.meeting.pk}/verhinderung/zuruecknehmen/", follow=True)
    assert "schon begonnen" in response.content.decode()
    assert Attendance.objects.get(meeting=world.meeting, person=world.member.person).excused
    client.force_login(world.non_member)
    assert client.post(f"/mein/sitzungen/{world.meeting.pk}/verhinderung/zuruecknehmen/").status_code == 404


def test_the_new_calendar_address_has_a_copy_button_and_a_webcal_link(client, world):
    client.force_login(world.member)
    response = client.post("/mein/einstellungen/kalender/", follow=True)
    html = response.content.decode()
    address = html.split('id="kalender-adresse" readonly value="')[1].split('"')[0]
    assert address.startswith("http://testserver/mein/kalender/")
    assert f'href="webcal://{address.removeprefix("http://")}"' in html
    assert 'data-copy="kalender-adresse"' in html and "/static/councillors/copy.js" in html
    assert client.get(address.removeprefix("http://testserver")).status_code == 200
    # Shown once: the next visit of the page has no address, so no webcal link either.
    assert "webcal://" not in client.get("/mein/einstellungen/").content.decode()


def test_a_decision_shows_as_a_change_of_state_and_a_released_draft_as_new(client, world):
    draft = f.paper(world.body, name="Bisher ein Entwurf", state="draft")
    f.consultation(draft, world.committee)
    _second_visit(client, world.member)
    world.public_paper.state, world.public_paper.result = "decided", "adopted"
    world.public_paper.save()
    draft.state, draft.reference = "released", "B-99/2026"
    draft.save()
    html = client.get("/mein/").content.decode()
    assert "Stand: " + world.public_paper.get_state_display() in _row(html, "Neubau der Kita Sonnenschein")
    assert "Neue Vorlage" in _row(html, "Bisher ein Entwurf")
