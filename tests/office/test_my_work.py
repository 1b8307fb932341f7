"""Meine Arbeit: every section, where each paper stands in words, the caps and the query budget."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resolutions import workflow
from tests import factories as f

from .conftest import draft

pytestmark = pytest.mark.django_db


def section(html, title):
    """The HTML of one section of the page, from its heading to the next one."""
    return html.split(f">{title}</h2>")[1].split("<h2")[0]


def my_work(client, user):
    client.force_login(user)
    response = client.get("/verwaltung/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_submitted_paper_stays_in_the_clerks_work_and_says_on_whom_it_waits(client, town):
    town.head.first_name, town.head.last_name = "Hans", "Haupt"
    town.head.save()
    paper = workflow.submit(draft(town, name="Neubau der Kita"), by=town.clerk)
    waiting = section(my_work(client, town.clerk), "Eingereicht, in der Mitzeichnung")
    assert "Neubau der Kita" in waiting
    assert "eingereicht, wartet auf Amtsleitung (Hans Haupt)" in waiting
    workflow.sign(paper, by=town.head)
    waiting = section(my_work(client, town.clerk), "Eingereicht, in der Mitzeichnung")
    assert "eingereicht, wartet auf Kämmerin/Kämmerer (treasurer)" in waiting


def test_the_person_is_named_only_where_one_login_holds_the_step(client, town):
    f.user(town.body, "mayor", username="vertretung")
    paper = workflow.submit(draft(town, name="Neubau der Kita"), by=town.clerk)
    for signer in (town.head, town.treasurer):
        workflow.sign(paper, by=signer)
    waiting = section(my_work(client, town.clerk), "Eingereicht, in der Mitzeichnung")
    assert "eingereicht, wartet auf Bürgermeisterin/Bürgermeister</span>" in waiting


def test_a_fully_signed_paper_is_ready_to_release_and_says_so_instead_of_in_signoff(client, town):
    paper = workflow.submit(draft(town, name="Neubau der Kita"), by=town.clerk)
    for signer in (town.head, town.treasurer, town.mayor):
        workflow.sign(paper, by=signer)
    html = my_work(client, town.clerk)
    ready = section(html, "Mitgezeichnet, bereit zur Freigabe")
    assert "Neubau der Kita" in ready and "mitgezeichnet, bereit zur Freigabe" in ready
    assert "in Mitzeichnung" not in ready
    assert "Neubau der Kita" not in section(html, "Eingereicht, in der Mitzeichnung")


def test_a_returned_paper_shows_who_returned_it_and_the_comment(client, town):
    paper = workflow.submit(draft(town, name="Neubau der Kita"), by=town.clerk)
    workflow.sign(paper, by=town.head)
    workflow.return_to_draft(paper, by=town.treasurer, comment="Bitte die Folgekosten ergänzen.")
    html = my_work(client, town.clerk)
    returned = section(html, "An mich zurückgegeben")
    assert "zurückgegeben von Kämmerin/Kämmerer (treasurer)" in returned
    assert "Bitte die Folgekosten ergänzen." in returned
    assert "Neubau der Kita" not in section(html, "Meine Entwürfe")


def test_papers_in_consultation_show_their_next_meeting(client, town):
    paper = workflow.submit(draft(town, name="Neubau der Kita"), by=town.clerk)
    for signer in (town.head, town.treasurer, town.mayor):
        workflow.sign(paper, by=signer)
    workflow.release(paper, by=town.clerk)
    waiting = section(my_work(client, town.clerk), "In der Beratung")
    assert "freigegeben, wartet auf die Beratung" in waiting
    start = dt.datetime.now(tz=f.TZ).replace(hour=17, minute=0) + dt.timedelta(days=20)
    meeting = f.meeting(town.committee, start=start)
    workflow.schedule(paper.consultations.get(position=1), meeting, by=town.office)
    scheduled = section(my_work(client, town.clerk), "In der Beratung")
    assert f"in der Beratung, nächste Sitzung: Hauptausschuss am {start:%d.%m.%Y}" in scheduled


def test_signers_see_what_waits_for_them_and_what_they_signed(client, town):
    paper = workflow.submit(draft(town, name="Neubau der Kita"), by=town.clerk)
    html = my_work(client, town.head)
    assert "Neubau der Kita" in section(html, "Warten auf meine Mitzeichnung")
    assert "Neubau der Kita" not in section(html, "Von mir mitgezeichnet oder zurückgegeben")
    workflow.sign(paper, by=town.head)
    html = my_work(client, town.head)
    assert "Neubau der Kita" not in section(html, "Warten auf meine Mitzeichnung")
    assert "Neubau der Kita" in section(html, "Von mir mitgezeichnet oder zurückgegeben")
    treasurer = my_work(client, town.treasurer)
    assert "Meine Entwürfe" not in treasurer and "Neubau der Kita" in section(
        treasurer, "Warten auf meine Mitzeichnung"
    )


def test_each_section_shows_the_first_ten_and_links_to_the_full_list(client, town):
    for n in range(12):
        draft(town, name=f"Entwurf Nummer {n}")
    html = section(my_work(client, town.clerk), "Meine Entwürfe")
    assert html.count("Entwurf Nummer") == 10
    assert 'href="/verwaltung/vorlagen/?arbeit=entwuerfe"' in html
    full = client.get("/verwaltung/vorlagen/?arbeit=entwuerfe")
    assert full.context["papers"].paginator.count == 12
    assert section(my_work(client, town.clerk), "Eingereicht, in der Mitzeichnung").count("?arbeit=") == 0


def test_the_paper_list_filters_by_a_section_of_my_work(client, town):
    mine = workflow.submit(draft(town, name="Meine eingereichte Vorlage"), by=town.clerk)
    workflow.submit(draft(town, name="Fremde eingereichte Vorlage", originator=town.head), by=town.head)
    client.force_login(town.clerk)
    names = {p.name for p in client.get("/verwaltung/vorlagen/?arbeit=eingereicht").context["papers"]}
    assert names == {mine.name}
    # A section the user does not have is a form error, not a crash.
    response = client.get("/verwaltung/vorlagen/?arbeit=warten")
    assert response.status_code == 200 and response.context["form"].errors


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def a_busy_department(town, count):
    for n in range(count):
        paper = draft(town, name=f"Vorlage {n}")
        if n % 4 == 0:
            continue
        workflow.submit(paper, by=town.clerk)
        if n % 4 == 1:
            workflow.return_to_draft(paper, by=town.head, comment="Nochmal.")
            continue
        for signer in (town.head, town.treasurer, town.mayor)[: 1 if n % 4 == 2 else 3]:
            workflow.sign(paper, by=signer)
        if n % 4 == 3:
            workflow.release(paper, by=town.clerk)


@pytest.mark.parametrize("who", ["clerk", "head", "treasurer", "office"])
def test_my_work_keeps_its_query_budget_as_the_work_grows(client, town, who):
    client.force_login(getattr(town, who))
    a_busy_department(town, 4)
    few = queries_for(client, "/verwaltung/")
    a_busy_department(town, 24)
    assert queries_for(client, "/verwaltung/") <= few <= 20
