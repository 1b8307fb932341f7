"""External lists: keyset pages, filters, tombstones for deleted and withdrawn objects, query budgets."""

import datetime as dt
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resolutions.files import store_file
from resolutions.models import Paper
from tests import factories as f

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF"


def since(moment):
    return quote(moment.replace(microsecond=0).isoformat())


def test_pages_follow_links_next_until_every_paper_was_listed_once(api):
    body = f.body()
    papers = [f.paper(body) for _ in range(7)]
    f.paper(body, state=Paper.State.DRAFT)
    url, seen, pages = f"/body/{body.pk}/paper?limit=3", [], 0
    while url:
        data = api(url).json()
        assert set(data) == {"data", "pagination", "links"}
        seen += [item["name"] for item in data["data"]]
        url = data["links"].get("next")
        pages += 1
    assert seen == [paper.name for paper in papers] and pages == 3


def test_a_page_stays_stable_when_papers_are_added_before_it(api):
    body = f.body()
    for _ in range(4):
        f.paper(body)
    first = api(f"/body/{body.pk}/paper?limit=2").json()
    f.paper(body)  # a new paper gets a higher id and lands at the end, not in the middle
    second = api(first["links"]["next"]).json()
    assert [item["id"] for item in second["data"]] == [
        item["id"] for item in api(f"/body/{body.pk}/paper?limit=4").json()["data"][2:]
    ]


def test_links_keep_the_filters_that_were_asked_for(api):
    body = f.body()
    for _ in range(3):
        f.paper(body)
    data = api(f"/body/{body.pk}/paper?limit=1&modified_since=2020-01-01T00%3A00%3A00%2B01%3A00").json()
    assert "modified_since=2020-01-01T00%3A00%3A00%2B01%3A00" in data["links"]["next"]
    assert "limit=1" in data["links"]["next"]


@pytest.mark.parametrize(
    "query",
    [
        "limit=abc",
        "limit=0",
        "limit=-5",
        "after=x",
        "after=99999999999999999999",
        "modified_since=0001-01-01T00:00:00%2B14:00",
        "created_since=gestern",
        "modified_since=2024-13-45T00:00:00%2B01:00",
        "modified_until=0000-01-01",
        "omit_internal=vielleicht",
    ],
)
def test_bad_parameters_get_a_400_with_a_json_error(api, query):
    body = f.body()
    response = api(f"/body/{body.pk}/paper?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["type"] == "https://schema.oparl.org/1.1/Error" and response.json()["message"]


def test_an_unencoded_plus_in_a_date_filter_is_understood(api):
    body = f.body()
    f.paper(body)
    assert len(api(f"/body/{body.pk}/paper?modified_since=2020-01-01T00:00:00+01:00").json()["data"]) == 1


def test_created_and_modified_filters_select_by_time(api):
    body = f.body()
    old = f.paper(body)
    Paper.objects.filter(pk=old.pk).update(
        created=dt.datetime(2020, 1, 1, tzinfo=dt.UTC), modified=dt.datetime(2020, 1, 2, tzinfo=dt.UTC)
    )
    Paper.history.filter(id=old.pk).update(history_date=dt.datetime(2020, 1, 2, tzinfo=dt.UTC))
    new = f.paper(body)
    cut = since(dt.datetime(2021, 1, 1, tzinfo=dt.UTC))
    names = lambda query: [item["name"] for item in api(f"/body/{body.pk}/paper?{query}").json()["data"]]  # noqa: E731
    assert names(f"created_since={cut}") == [new.name]
    assert names(f"created_until={cut}") == [old.name]
    assert names(f"modified_since={cut}") == [new.name]
    assert names(f"modified_until={cut}") == [old.name]


def test_until_filters_include_an_object_whose_shown_time_equals_the_limit(api):
    body = f.body()
    paper = f.paper(body)
    stored = dt.datetime(2024, 3, 1, 9, 30, 15, 654321, tzinfo=dt.UTC)
    Paper.objects.filter(pk=paper.pk).update(created=stored, modified=stored)
    Paper.history.filter(id=paper.pk).update(history_date=stored)
    shown = api(f"/paper/{paper.pk}").json()
    assert shown["created"] == shown["modified"] == "2024-03-01T10:30:15+01:00"
    limit = quote(shown["created"])
    for name in ("created_until", "modified_until", "created_since", "modified_since"):
        assert len(api(f"/body/{body.pk}/paper?{name}={limit}").json()["data"]) == 1, name
    before = quote("2024-03-01T10:30:14+01:00")
    for name in ("created_until", "modified_until"):
        assert api(f"/body/{body.pk}/paper?{name}={before}").json()["data"] == [], name


def test_until_filters_of_tombstones_include_the_second_shown(api):
    body = f.body()
    paper = f.paper(body)
    paper.public = False
    paper.save()
    moment = dt.datetime(2024, 3, 1, 9, 30, 15, 999999, tzinfo=dt.UTC)
    Paper.objects.filter(pk=paper.pk).update(modified=moment)
    Paper.history.filter(id=paper.pk).update(history_date=moment)  # the withdrawal dates the tombstone
    gone = api(f"/paper/{paper.pk}").json()
    assert gone["deleted"] is True and gone["modified"] == "2024-03-01T10:30:15+01:00"
    query = f"modified_since={quote('2024-03-01T00:00:00+01:00')}&modified_until={quote(gone['modified'])}"
    assert [item["id"] for item in api(f"/body/{body.pk}/paper?{query}").json()["data"]] == [gone["id"]]


def test_a_paper_withdrawn_from_the_public_becomes_a_tombstone_for_mirrors(api):
    body = f.body()
    paper = f.paper(body)
    start = since(dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
    paper.public = False
    paper.save()
    listed = api(f"/body/{body.pk}/paper?modified_since={start}").json()["data"]
    assert listed == [
        {
            "id": listed[0]["id"],
            "type": "https://schema.oparl.org/1.1/Paper",
            "created": listed[0]["created"],
            "modified": listed[0]["modified"],
            "deleted": True,
        }
    ]
    assert api(f"/body/{body.pk}/paper").json()["data"] == []  # without modified_since no deleted objects
    single = api(listed[0]["id"])
    assert single.status_code == 200 and single.json()["deleted"] is True and paper.name not in single.content.decode()


def test_a_deleted_meeting_and_agenda_item_stay_as_tombstones(api):
    body = f.body()
    meeting = f.meeting(f.organization(body))
    item = f.agenda_item(meeting)
    item_url, meeting_url = f"/agendaitem/{item.pk}", f"/meeting/{meeting.pk}"
    start = since(dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
    meeting.delete()
    assert api(meeting_url).json()["deleted"] is True
    assert api(item_url).json()["deleted"] is True
    items = api(f"/body/{body.pk}/agendaitem?modified_since={start}").json()["data"]
    assert [entry["deleted"] for entry in items] == [True]


def test_a_draft_that_is_deleted_leaves_no_trace(api):
    body = f.body()
    draft = f.paper(body, state=Paper.State.DRAFT)
    pk = draft.pk
    draft.delete()
    assert api(f"/paper/{pk}").status_code == 404
    assert api(f"/body/{body.pk}/paper?modified_since=2020-01-01T00%3A00%3A00%2B01%3A00").json()["data"] == []


def test_a_change_to_an_embedded_consultation_or_file_bumps_the_paper(api):
    body = f.body()
    paper = f.paper(body)
    consultation = f.consultation(paper, f.organization(body))
    old = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    Paper.objects.filter(pk=paper.pk).update(modified=old)
    Paper.history.filter(id=paper.pk).update(history_date=old)
    type(consultation).objects.filter(pk=consultation.pk).update(modified=old)
    type(consultation).history.filter(id=consultation.pk).update(history_date=old)
    assert api(f"/paper/{paper.pk}").json()["modified"] == "2020-01-01T01:00:00+01:00"
    consultation.role = "information"
    consultation.save()
    bumped = api(f"/paper/{paper.pk}").json()
    assert bumped["modified"] > "2021" and bumped["modified"] == bumped["consultation"][0]["modified"]
    store_file(PDF, file_name="a.pdf", paper=paper, text="-")
    assert api(f"/paper/{paper.pk}").json()["modified"] >= bumped["modified"]


def test_a_new_agenda_item_bumps_its_meeting_once_the_agenda_is_published(api):
    body = f.body()
    meeting = f.meeting(f.organization(body))
    type(meeting).objects.filter(pk=meeting.pk).update(modified=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    type(meeting).history.filter(id=meeting.pk).update(history_date=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    before = api(f"/meeting/{meeting.pk}").json()["modified"]
    f.agenda_item(meeting)
    # A draft agenda is nobody's business but its insiders' (council.visibility.agenda_published).
    assert api(f"/meeting/{meeting.pk}").json()["modified"] == before
    type(meeting).objects.filter(pk=meeting.pk).update(state="held")
    f.agenda_item(meeting, order=2)
    assert api(f"/meeting/{meeting.pk}").json()["modified"] > before


def test_omit_internal_leaves_out_embedded_lists(api):
    body = f.body()
    meeting = f.meeting(f.organization(body), state="held")
    f.agenda_item(meeting)
    data = api(f"/body/{body.pk}/meeting?omit_internal=true").json()
    assert "agendaItem" not in data["data"][0] and "omit_internal=true" in data["links"]["self"]
    assert "agendaItem" in api(f"/body/{body.pk}/meeting").json()["data"][0]


LISTS = ["organization", "person", "membership", "meeting", "agendaitem", "paper", "consultation", "file", "location"]


def test_list_pages_cost_the_same_queries_for_5_and_50_objects(client, demo):
    for n in range(8):
        store_file(PDF, file_name=f"a{n}.pdf", paper=demo.seed_paper, text="-")
    for segment in [*LISTS, "legislativeterm"]:
        counts = []
        for limit in (5, 50):
            for query in (f"limit={limit}", f"limit={limit}&modified_since=2000-01-01T00%3A00%3A00%2B01%3A00"):
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(f"/oparl/v1/body/{demo.luckenwalde.pk}/{segment}?{query}")
                assert response.status_code == 200
                counts.append(len(queries))
        assert counts[0] == counts[2] and counts[1] == counts[3], (segment, counts)
        assert max(counts) <= 14, (segment, counts)
    for path in ("/oparl/v1/system", "/oparl/v1/body", f"/oparl/v1/paper/{demo.seed_paper.pk}"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        assert len(queries) <= 10, (path, len(queries))


def test_withdrawing_a_paper_turns_its_consultations_and_files_into_tombstones_too(api):
    body = f.body()
    paper = f.paper(body)
    consultation = f.consultation(paper, f.organization(body))
    record = store_file(PDF, file_name="a.pdf", paper=paper, text="-")
    start = since(dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
    paper.public = False
    paper.save()
    for segment, pk in (("consultation", consultation.pk), ("file", record.pk)):
        listed = api(f"/body/{body.pk}/{segment}?modified_since={start}").json()["data"]
        assert [(item["id"].rsplit("/", 1)[1], item["deleted"]) for item in listed] == [(str(pk), True)]
        assert api(f"/body/{body.pk}/{segment}").json()["data"] == []
