"""The way Meine Stadt Transparent reads an endpoint: Body, its 1.0 lists, links.next, embedded objects."""

import pytest

from council.models import Meeting
from resolutions.files import store_file
from tests import factories as f

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF"


def read_list(api, url):
    """Every page of an external list, two objects a page, following links.next."""
    items, url = [], url + "?limit=2"
    while url:
        page = api(url).json()
        items += page["data"]
        url = page["links"].get("next")
    return items


def embedded(objects, key):
    found = []
    for data in objects:
        value = data.get(key, [])
        found += value if isinstance(value, list) else [value]
    return found


def test_a_10_style_client_finds_every_agenda_item_consultation_and_file_embedded(api):
    body = f.body()
    committee = f.organization(body)
    f.membership(f.person(body), committee)
    for n in range(3):
        meeting = f.meeting(committee, state=Meeting.State.HELD)
        paper = f.paper(body)
        consultation = f.consultation(paper, committee, meeting=meeting)
        item = f.agenda_item(meeting, order=1, consultation=consultation, result="adopted")
        f.agenda_item(meeting, order=2, public=n != 1)
        store_file(PDF, file_name=f"p{n}.pdf", paper=paper, text="-")
        store_file(PDF, file_name=f"t{n}.pdf", agenda_item=item, text="-")
        store_file(PDF, file_name=f"m{n}.pdf", meeting=meeting, text="-")

    data = api(f"/body/{body.pk}").json()
    lists = {name: read_list(api, data[name]) for name in ("paper", "person", "meeting", "organization")}
    meetings, papers = lists["meeting"], lists["paper"]
    items = embedded(meetings, "agendaItem")
    consultations = embedded(papers, "consultation")
    files = embedded(papers, "auxiliaryFile") + embedded(meetings, "auxiliaryFile") + embedded(items, "auxiliaryFile")

    def ids(name):
        return sorted(item["id"] for item in read_list(api, data[name]))

    assert sorted(item["id"] for item in items) == ids("agendaItem")
    assert sorted(item["id"] for item in consultations) == ids("consultation")
    assert sorted(item["id"] for item in files) == ids("file")
    assert len(embedded(lists["person"], "membership")) == len(read_list(api, data["membership"]))
    for consultation in consultations:
        alone = api(consultation["id"]).json()
        assert {key: value for key, value in alone.items() if key != "paper"} == consultation
        assert alone["paper"] in {paper["id"] for paper in papers}
    for item in items:
        alone = api(item["id"]).json()
        assert {key: value for key, value in alone.items() if key != "meeting"} == item
