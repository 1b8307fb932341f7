import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from council.models import AgendaItem, Meeting
from resolutions.models import Paper
from tests import factories as f
from tests.meetings.conftest import at

pytestmark = pytest.mark.django_db
R = AgendaItem.Result


def decision(world, name, organization=None, start=None, public=True, paper_public=True, result=R.ADOPTED, order=1):
    organization = organization or world.council
    meeting = Meeting.objects.filter(organization=organization, start=start or at(2026, 3, 3)).first() or f.meeting(
        organization, start=start or at(2026, 3, 3), state=Meeting.State.HELD
    )
    paper = f.paper(world.body, state=Paper.State.DECIDED, public=paper_public, name=name)
    consultation = f.consultation(paper, organization, meeting=meeting)
    return f.agenda_item(
        meeting,
        order=order,
        public=public,
        name=name,
        consultation=consultation,
        result=result,
        votes_yes=4,
        votes_no=1,
    )


def register_url(world, **query):
    url = reverse("register:list", args=[world.body.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_public_sees_public_decisions_only(client, world):
    decision(world, "Haushaltssatzung", order=1)
    decision(world, "Personalsache", public=False, order=2)
    decision(world, "Grundstücksverkauf", paper_public=False, order=3)
    decision(world, "Vertagter Punkt", result=R.DEFERRED, order=4)
    other = f.body()
    f.agenda_item(f.meeting(f.organization(other)), name="Fremde Gemeinde", result=R.ADOPTED)

    html = client.get(register_url(world)).content.decode()
    assert "Haushaltssatzung" in html and "4 ja, 1 nein, 0 Enthaltungen" in html
    for hidden in ("Personalsache", "Grundstücksverkauf", "Vertagter Punkt", "Fremde Gemeinde"):
        assert hidden not in html

    client.force_login(world.office)
    html = client.get(register_url(world)).content.decode()
    assert "Personalsache" in html and "Grundstücksverkauf" in html and "nichtöffentlich" in html

    councillor_person = f.person(world.body)
    f.membership(councillor_person, world.council)
    client.force_login(f.user(world.body, roles.COUNCILLOR, person=councillor_person))
    assert "Personalsache" in client.get(register_url(world)).content.decode()


def test_filters_by_organization_and_year_and_searches(client, world):
    decision(world, "Haushaltssatzung 2026", start=at(2026, 3, 3))
    decision(world, "Schulentwicklungsplan", start=at(2025, 3, 4))
    decision(world, "Turnhalle", organization=world.committee, start=at(2026, 3, 5))

    def names(**query):
        html = client.get(register_url(world, **query)).content.decode()
        names = ("Haushaltssatzung 2026", "Schulentwicklungsplan", "Turnhalle")
        return {name for name in names if f"</a> {name}" in html}

    assert names() == {"Haushaltssatzung 2026", "Schulentwicklungsplan", "Turnhalle"}
    assert names(year=2025) == {"Schulentwicklungsplan"}
    assert names(organization=world.committee.pk) == {"Turnhalle"}
    assert names(q="haushalt") == {"Haushaltssatzung 2026"}
    assert names(q="Turnhalle", year=2025) == set()
    assert client.get(register_url(world, year="abc", organization="x")).status_code == 200


def test_a_bad_year_is_an_error_next_to_its_field_and_the_other_filters_still_apply(client, world):
    decision(world, "Haushaltssatzung 2026", start=at(2026, 3, 3))
    decision(world, "Turnhalle", organization=world.committee, start=at(2026, 3, 5))
    html = client.get(register_url(world, year="abc", organization=world.committee.pk)).content.decode()
    assert 'id="id_year_error"' in html and 'aria-invalid="true"' in html
    assert "</a> Turnhalle" in html and "</a> Haushaltssatzung 2026" not in html


def test_the_register_is_paginated_and_exported_as_csv(client, world):
    for index in range(30):
        decision(world, f"Beschluss Nummer {index:02d}", start=at(2026, 1, 1 + index % 28, 10 + index // 28), order=1)
    page_one = client.get(register_url(world)).content.decode()
    assert "Seite 1 von 2" in page_one
    assert "Seite 2 von 2" in client.get(register_url(world, seite=2)).content.decode()

    response = client.get(reverse("register:csv", args=[world.body.slug]) + "?q=Nummer")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:6] == ["Datum", "Gremium", "TOP", "Vorlagen-Nr.", "Betreff", "Ergebnis"]
    assert len(rows) == 31
    assert {row[5] for row in rows[1:]} == {"beschlossen"}


def test_the_csv_quotes_a_subject_a_spreadsheet_would_take_for_a_formula(client, world):
    decision(world, '=HYPERLINK("http://example.com";"Umlaute äöü")')

    response = client.get(reverse("register:csv", args=[world.body.slug]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert rows[1][4] == '\'=HYPERLINK("http://example.com";"Umlaute äöü")'


def test_register_keeps_its_query_budget(client, world):
    decision(world, "Eins")

    def count(url):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        return len(captured)

    urls = [register_url(world), reverse("register:csv", args=[world.body.slug])]
    before = [count(url) for url in urls]
    for index in range(10):
        decision(world, f"Weitere {index}", start=at(2026, 4, 1 + index), public=index % 2 == 0)
    assert [count(url) for url in urls] == before
    assert before[0] <= 8
    client.force_login(world.office)
    assert count(urls[0]) <= 12


def test_votes_read_as_german_with_one_abstention_in_the_singular():
    one = AgendaItem(votes_yes=20, votes_no=3, votes_abstention=1)
    two = AgendaItem(votes_yes=20, votes_no=3, votes_abstention=2)
    assert one.votes_summary == "20 ja, 3 nein, 1 Enthaltung"
    assert two.votes_summary == "20 ja, 3 nein, 2 Enthaltungen"
    assert AgendaItem(unanimous=True).votes_summary == "einstimmig"
    assert AgendaItem().votes_summary == ""
