"""A crawler walks the whole API from /oparl/v1/system, as a mirror or Meine Stadt Transparent would."""

import hashlib
from collections import Counter

import pytest
from django.conf import settings
from django.urls import resolve

from council.models import AgendaItem, Meeting, Person
from council.visibility import people_visible_to
from resolutions.files import store_file
from resolutions.models import Consultation, File, Paper
from tests import factories as f
from tests.oparl import oparl_schema
from tests.oparl.conftest import path_of

pytestmark = pytest.mark.django_db

CANARY = "KANARIE"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
DATE_TIME = oparl_schema.DATE_TIME


def plant_canaries(demo):
    """Non-public things whose text must never appear in the API."""
    body = demo.luckenwalde
    committee = f.organization(body, name="Kanarien-Ausschuss")
    meeting = f.meeting(committee, state=Meeting.State.HELD)
    f.paper(body, state=Paper.State.DRAFT, name=f"{CANARY} Entwurf")
    secret = f.paper(body, public=False, name=f"{CANARY} nichtöffentliche Vorlage", reference="G-1/2026")
    consultation = f.consultation(secret, committee, meeting=meeting)
    item = f.agenda_item(
        meeting,
        order=1,
        public=False,
        name=f"{CANARY} Grundstück",
        consultation=consultation,
        result=AgendaItem.Result.ADOPTED,
        resolution_text=f"{CANARY} Beschluss",
    )
    store_file(PDF, file_name="kanarie-top.pdf", name=f"{CANARY} Anlage zum TOP", agenda_item=item, text="-")
    store_file(PDF, file_name="kanarie-vorlage.pdf", name=f"{CANARY} Anlage", paper=secret, text="-")
    public_item = f.agenda_item(meeting, order=2, name="Öffentlicher Punkt", result=AgendaItem.Result.NOTED)
    store_file(PDF, file_name="anlage.pdf", name="Öffentliche Anlage", paper=demo.seed_paper, text="Anlage")
    store_file(
        PDF, file_name="geheim.pdf", name=f"{CANARY} vertrauliche Anlage", paper=demo.seed_paper, public=False, text="-"
    )
    store_file(PDF, file_name="einladung.pdf", name="Einladung", meeting=meeting, kind="invitation", text="Anlage")
    store_file(PDF, file_name="top2.pdf", name="Anlage zu TOP 2", agenda_item=public_item, text="Anlage")
    # Staff without a mandate are not public people (council.visibility.people_visible_to).
    f.membership(f.person(body, family_name=f"{CANARY}-Verwaltung"), f.department(body))
    Person.objects.filter(body=body).update(email=f"{CANARY.lower()}@example.org", phone=f"0123 {CANARY}")
    return secret


def stored_checksums():
    return set(File.objects.values_list("sha512_checksum", flat=True))


def check_object(data, type_name, problems, found_urls, web_urls, embedded_types):
    """Schema, OParl's general rules, and every URL in it collected for the crawl."""
    problems += [f"{data.get('id')}: {error}" for error in oparl_schema.errors(data)]
    assert data["type"] == f"https://schema.oparl.org/1.1/{type_name}", data
    properties = oparl_schema.raw(type_name)["properties"]
    for key, value in data.items():
        where = f"{data['id']} {key}"
        assert key in properties, f"{where}: not an OParl property of {type_name}"
        if value is None or value == "" or (value == [] and key != "legislativeTerm"):
            problems.append(f"{where}: property without value")
        if key in ("created", "modified"):
            assert DATE_TIME.match(value), where
        spec = properties[key]
        nested = spec.get("schema") or spec.get("items", {}).get("schema") if spec.get("type") != "string" else None
        if nested:
            for child in value if isinstance(value, list) else [value]:
                child_type = nested.removesuffix(".json")
                assert {"id", "type", "created", "modified"} <= child.keys(), f"{where}: embedded without id/type/times"
                embedded_types[child["id"]] = child_type
                check_object(child, child_type, problems, found_urls, web_urls, embedded_types)
        elif key in ("web", "website"):
            web_urls.add(value)
        elif key != "id":
            for url in value if isinstance(value, list) else [value]:
                if isinstance(url, str) and url.startswith(settings.SITE_URL):
                    found_urls.add(url)
    if not data.get("deleted"):
        assert "created" in data and "modified" in data, data["id"]


def crawl(client):
    """Follow every URL and every page from the System object. Returns what was seen."""
    queue = [f"{settings.SITE_URL}/oparl/v1/system"]
    seen, bodies, objects, problems, web_urls, embedded_types = set(), [], {}, [], set(), {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(path_of(url))
        assert response.status_code == 200, f"{url}: {response.status_code}"
        if "/oparl/v1/" not in url or url.endswith("/download"):
            content = b"".join(response.streaming_content) if response.streaming else response.content
            assert hashlib.sha512(content).hexdigest() in stored_checksums(), url
            continue
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response["Access-Control-Allow-Origin"] == "*"
        bodies.append(response.content.decode("utf-8"))
        data = response.json()
        found = set()
        if "data" in data:
            assert set(data) == {"data", "pagination", "links"}, url
            for item in data["data"]:
                check_object(item, item["type"].rsplit("/", 1)[-1], problems, found, web_urls, embedded_types)
                objects[item["id"]] = item
            found |= {data["links"]["next"]} if "next" in data["links"] else set()
        else:
            assert data["id"] == url
            check_object(data, data["type"].rsplit("/", 1)[-1], problems, found, web_urls, embedded_types)
            objects[data["id"]] = data
        queue += sorted(found - seen)
        queue += sorted(set(embedded_types) - seen)
    for url, type_name in embedded_types.items():
        assert objects[url]["type"].endswith("/" + type_name), f"{url} resolves to another type"
    return bodies, objects, problems, web_urls


def test_crawler_reaches_every_public_object_valid_by_the_official_schema_and_nothing_secret(client, demo):
    secret = plant_canaries(demo)
    bodies, objects, problems, web_urls = crawl(client)

    assert problems == []
    everything = "\n".join(bodies)
    assert CANARY not in everything and CANARY.lower() not in everything
    assert secret.reference not in everything
    types = Counter(data["type"].rsplit("/", 1)[-1] for data in objects.values())
    assert types["Paper"] == Paper.objects.visible_to(None).count()
    assert types["Meeting"] == Meeting.objects.count()
    # Non-public ones too, reduced to their number; none of a draft agenda (before the invitation).
    assert types["AgendaItem"] == AgendaItem.objects.listed_to(None).count()
    assert not AgendaItem.objects.listed_to(None).filter(
        meeting__invitation_published_at=None, meeting__state="planned"
    )
    assert types["Consultation"] == Consultation.objects.filter(paper__in=Paper.objects.visible_to(None)).count()
    assert types["Person"] == people_visible_to(None).count() < Person.objects.count()
    assert {"Body", "LegislativeTerm", "Organization", "Membership", "Location", "File", "System"} <= set(types)
    assert types["File"] == File.objects.visible_to(None).count() < File.objects.count()
    hidden = [data for data in objects.values() if data["type"].endswith("AgendaItem") and not data["public"]]
    assert hidden and all(
        set(item) <= {"id", "type", "meeting", "number", "order", "name", "public", "web", "created", "modified"}
        and item["name"] == "Nichtöffentlicher Tagesordnungspunkt"
        for item in hidden
    )
    assert objects[f"{settings.SITE_URL}/oparl/v1/system"]["license"] == "https://www.govdata.de/dl-de/by-2-0"
    assert all(data["license"] for data in objects.values() if data["type"].endswith("/Body"))
    for url in sorted(url for url in web_urls if url.startswith(settings.SITE_URL)):
        path = path_of(url)
        resolve(path)
        assert client.get(path).status_code == 200, url
