import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from meetings import tracking
from meetings.errors import MeetingsError
from resolutions.models import Implementation, Paper
from tests import factories as f

pytestmark = pytest.mark.django_db


def decided(world, name, department=None, result=Paper.Result.ADOPTED):
    return f.paper(
        world.body, state=Paper.State.DECIDED, result=result, name=name,
        under_direction_of=department or world.department,
    )  # fmt: skip


def test_the_department_in_charge_records_status_notes_and_due_date(client, world):
    paper = decided(world, "Sanierung Turnhalle")
    clerk = f.user(world.body, roles.CLERK, department=world.department)
    client.force_login(clerk)
    response = client.post(
        reverse("meetings:tracking_edit", args=[paper.pk]),
        {"status": "in_progress", "due_date": "2027-03-31", "notes": "Ausschreibung läuft."},
    )
    assert response.status_code == 302
    implementation = Implementation.objects.get(paper=paper)
    assert implementation.status == Implementation.Status.IN_PROGRESS
    assert implementation.due_date == dt.date(2027, 3, 31) and implementation.updated_by == clerk
    assert implementation.history.first().history_user == clerk


def test_other_departments_and_councillors_may_not_record(client, world):
    paper = decided(world, "Sanierung Turnhalle")
    other = f.user(world.body, roles.CLERK, department=f.department(world.body))
    with pytest.raises(MeetingsError, match="federführende Amt"):
        tracking.update_implementation(paper, "done", None, "", by=other)
    client.force_login(other)
    assert client.get(reverse("meetings:tracking_edit", args=[paper.pk])).status_code == 403
    assert paper.name not in client.get(reverse("meetings:tracking")).content.decode()
    client.force_login(f.user(world.body, roles.COUNCILLOR))
    assert client.get(reverse("meetings:tracking")).status_code == 403
    client.force_login(f.user(f.body(), roles.COUNCIL_OFFICE))
    assert client.get(reverse("meetings:tracking_edit", args=[paper.pk])).status_code == 403
    client.logout()
    assert client.get(reverse("meetings:tracking")).status_code == 302


def test_rejected_papers_are_not_tracked(world):
    paper = decided(world, "Abgelehnt", result=Paper.Result.REJECTED)
    with pytest.raises(MeetingsError, match="Nur beschlossene"):
        tracking.update_implementation(paper, "open", None, "", by=world.office)


def test_the_overdue_list_shows_decisions_past_their_due_date_that_are_not_done(client, world):
    late = decided(world, "Verspätet")
    done = decided(world, "Erledigt")
    future = decided(world, "Später fällig")
    yesterday = dt.date.today() - dt.timedelta(days=1)
    tracking.update_implementation(late, "in_progress", yesterday, "", by=world.office)
    tracking.update_implementation(done, "done", yesterday, "", by=world.office)
    tracking.update_implementation(future, "open", dt.date.today() + dt.timedelta(days=30), "", by=world.office)

    client.force_login(world.office)
    html = client.get(reverse("meetings:tracking") + "?ueberfaellig=1").content.decode()
    assert "Verspätet" in html and "überfällig" in html
    assert "Erledigt" not in html and "Später fällig" not in html
    full = client.get(reverse("meetings:tracking")).content.decode()
    assert all(name in full for name in ("Verspätet", "Erledigt", "Später fällig"))


def test_tracking_list_keeps_its_query_budget(client, world):
    client.force_login(world.office)
    decided(world, "Eins")

    first = decided(world, "Zwei")
    urls = [reverse("meetings:tracking"), reverse("meetings:tracking_edit", args=[first.pk])]

    def count(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = [count(url) for url in urls]
    for index in range(5):
        paper = decided(world, f"Weitere {index}")
        tracking.update_implementation(paper, "open", dt.date(2020, 1, 1), "", by=world.office)
    tracking.update_implementation(first, "open", dt.date(2020, 1, 1), "Vermerk", by=world.office)
    after = [count(url) for url in urls]
    assert after[0] == before[0] <= 10
    assert after[1] <= 10


def test_a_due_date_before_the_decision_is_refused(world):
    paper = decided(world, "Sanierung Turnhalle")
    paper.decided_at = f.dt.datetime(2026, 6, 10, 19, tzinfo=f.TZ)
    paper.save()
    with pytest.raises(MeetingsError, match="vor dem Beschluss vom 10.06.2026"):
        tracking.update_implementation(paper, "open", dt.date(2026, 6, 1), "", by=world.office)
    assert not Implementation.objects.filter(paper=paper).exists()
    tracking.update_implementation(paper, "open", dt.date(2026, 6, 10), "", by=world.office)
