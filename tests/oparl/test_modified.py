"""`modified` moves with what the public sees, and with nothing else (oparl.selectors._seen_change).

A client polls with `modified_since`; a `modified` that moved with an edit behind closed doors
would tell it that, and when, something happened there.
"""

import datetime as dt
from urllib.parse import quote

import pytest
from django.utils import timezone

from council.models import AgendaItem, Meeting, Membership, Organization, Person
from resolutions.files import store_file
from resolutions.models import Consultation, File, Paper
from tests import factories as f
from tests.confidential import confidential  # noqa: F401

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF"
OLD = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
SHOWN_OLD = "2020-01-01T01:00:00+01:00"
MODELS = (AgendaItem, Meeting, Membership, Organization, Person, Consultation, File, Paper)


def backdate(world=None):
    """Every record and every version of it as of 2020 (and the world's records read again, so
    that saving them keeps that `created`)."""
    for model in MODELS:
        dated = {"public_modified": OLD} if any(field.name == "public_modified" for field in model._meta.fields) else {}
        model.objects.update(created=OLD, modified=OLD, **dated)
        model.history.update(history_date=OLD, **dated)
    for record in (world or {}).values():
        record.refresh_from_db()


@pytest.fixture
def held(db):
    """A held public meeting of a committee: a public item on a public paper with a public and a
    non-public annex, and a non-public item on a non-public paper; a councillor with a mandate in
    the committee and a job in a department."""
    body = f.body()
    committee = f.organization(body)
    meeting = f.meeting(committee, state=Meeting.State.HELD)
    paper = f.paper(body)
    secret = f.paper(body, public=False)
    item = f.agenda_item(meeting, order=1, consultation=f.consultation(paper, committee))
    hidden = f.agenda_item(meeting, order=2, public=False, consultation=f.consultation(secret, committee))
    annex = store_file(PDF, file_name="anlage.pdf", paper=paper, text="-")
    confidential_annex = store_file(PDF, file_name="vertraulich.pdf", paper=paper, public=False, text="-")
    minutes = store_file(PDF, file_name="intern.pdf", meeting=meeting, public=False, text="-")
    person = f.person(body)
    f.membership(person, committee)
    department = f.department(body)
    job = f.membership(person, department)
    world = {
        "body": body,
        "committee": committee,
        "department": department,
        "meeting": meeting,
        "paper": paper,
        "secret": secret,
        "item": item,
        "hidden": hidden,
        "annex": annex,
        "confidential": confidential_annex,
        "minutes": minutes,
        "person": person,
        "job": job,
    }
    backdate(world)
    return world


def documents(api, world):
    """The `modified` of every document that shows something of the world, embedded objects included."""
    meeting = api(f"/meeting/{world['meeting'].pk}").json()
    paper = api(f"/paper/{world['paper'].pk}").json()
    found = {
        "meeting": meeting["modified"],
        "paper": paper["modified"],
        "person": api(f"/person/{world['person'].pk}").json()["modified"],
        "committee": api(f"/organization/{world['committee'].pk}").json()["modified"],
        "department": api(f"/organization/{world['department'].pk}").json()["modified"],
    }
    for item in (world["item"], world["hidden"]):
        found[f"item {item.order}"] = api(f"/agendaitem/{item.pk}").json()["modified"]
    for index, embedded in enumerate(meeting["agendaItem"]):
        found[f"embedded item {index}"] = embedded["modified"]
    for index, embedded in enumerate(paper.get("consultation", [])):  # none once withdrawn
        found[f"embedded consultation {index}"] = embedded["modified"]
    return found


def changed_since(api, world, moment):
    """What the Body's lists give a client asking for changes since `moment`."""
    since = quote(moment.replace(microsecond=0).isoformat())
    body = world["body"].pk
    return {
        segment: [record["id"] for record in api(f"/body/{body}/{segment}?modified_since={since}").json()["data"]]
        for segment in ("meeting", "agendaitem", "paper", "consultation", "person", "organization")
    }


def test_edits_behind_closed_doors_move_no_modified(api, held):
    before = documents(api, held)
    assert set(before.values()) == {SHOWN_OLD}
    moment = timezone.now()

    hidden = held["hidden"]
    hidden.name, hidden.result, hidden.resolution_text = "Grundstücksverkauf", "adopted", "<p>Verkauft.</p>"
    hidden.save()
    held["secret"].name = "Verkauf an die Firma X"
    held["secret"].save()
    for record in (held["confidential"], held["minutes"]):
        record.name = "Neu benannt"
        record.save()
    held["job"].role = "Leitung"
    held["job"].save()
    held["person"].email, held["person"].phone = "neu@example.org", "03371 12345"
    held["person"].save()
    store_file(PDF, file_name="noch.pdf", agenda_item=hidden, text="-")
    held["confidential"].delete()

    assert documents(api, held) == before
    assert all(found == [] for found in changed_since(api, held, moment).values())


def test_what_the_public_sees_change_still_moves_modified(api, held):
    hidden, item = held["hidden"], held["item"]

    hidden.number = "N 3"
    hidden.save()
    after = documents(api, held)
    assert after["meeting"] > SHOWN_OLD and after["item 2"] > SHOWN_OLD  # its number is shown
    assert after["paper"] == SHOWN_OLD

    backdate(held)
    item.public = False
    item.save()
    after = documents(api, held)
    assert after["meeting"] > SHOWN_OLD and after["item 1"] > SHOWN_OLD  # its name left the view
    assert after["paper"] > SHOWN_OLD  # its consultation no longer shows the item

    backdate(held)
    held["confidential"].public = True
    held["confidential"].save()
    assert documents(api, held)["paper"] > SHOWN_OLD  # a new annex in view

    backdate(held)
    held["annex"].public = False
    held["annex"].save()
    assert documents(api, held)["paper"] > SHOWN_OLD  # an annex left the view

    backdate(held)
    item.public = True
    item.save()
    backdate(held)
    held["paper"].public = False
    held["paper"].save()
    after = documents(api, held)
    assert after["meeting"] > SHOWN_OLD and after["item 1"] > SHOWN_OLD  # the consultation link went

    backdate(held)
    held["person"].family_name = "Neuname"
    held["person"].save()
    assert documents(api, held)["person"] > SHOWN_OLD

    backdate(held)
    held["job"].organization = held["committee"]
    held["job"].save()
    after = documents(api, held)
    assert after["person"] > SHOWN_OLD and after["committee"] > SHOWN_OLD  # a new mandate
    assert after["department"] == SHOWN_OLD


def test_a_draft_agenda_moves_its_meeting_only_when_it_is_published(api):
    body = f.body()
    meeting = f.meeting(f.organization(body))
    f.agenda_item(meeting)
    backdate()
    moment = timezone.now()
    f.agenda_item(meeting, order=2, name="Noch geheim")
    assert api(f"/meeting/{meeting.pk}").json()["modified"] == SHOWN_OLD
    meeting.state = Meeting.State.INVITED
    meeting.invitation_published_at = timezone.now()
    meeting.save()
    data = api(f"/meeting/{meeting.pk}").json()
    assert data["modified"] > SHOWN_OLD and len(data["agendaItem"]) == 2
    assert changed_since(api, {"body": body}, moment)["meeting"] == [data["id"]]


def test_what_the_public_never_saw_leaves_no_tombstone(api):
    body = f.body()
    committee, department = f.organization(body), f.department(body)
    councillor, clerk = f.person(body), f.person(body)
    mandate, job = f.membership(councillor, committee), f.membership(councillor, department)
    f.membership(clerk, department)
    draft_agenda = f.meeting(committee)
    published = f.meeting(committee, state=Meeting.State.HELD)
    draft_item, listed_item = f.agenda_item(draft_agenda, public=False), f.agenda_item(published, public=False)
    moment = timezone.now() - dt.timedelta(minutes=1)
    pks = {}
    for name, record in {
        "job": job,
        "clerk": clerk,
        "draft_item": draft_item,
        "mandate": mandate,
        "item": listed_item,
    }.items():
        pks[name] = record.pk
        record.delete()

    since = quote(moment.replace(microsecond=0).isoformat())

    def gone(segment):
        listed = api(f"/body/{body.pk}/{segment}?modified_since={since}").json()["data"]
        return sorted(int(entry["id"].rsplit("/", 1)[1]) for entry in listed if entry.get("deleted"))

    assert gone("membership") == [pks["mandate"]]  # the job was staff business
    assert gone("person") == []  # the clerk never held a mandate; the councillor still does
    assert gone("agendaitem") == [pks["item"]]  # the draft agenda's item was never listed
    for segment, name in (("membership", "job"), ("person", "clerk"), ("agendaitem", "draft_item")):
        assert api(f"/{segment}/{pks[name]}").status_code == 404
    pks["councillor"] = councillor.pk
    councillor.delete()
    assert gone("person") == [pks["councillor"]]


def test_publishing_the_agenda_moves_the_consultations_and_papers_it_shows(api):
    body = f.body()
    committee = f.organization(body)
    meeting = f.meeting(committee)
    paper = f.paper(body)
    consultation = f.consultation(paper, committee)
    f.agenda_item(meeting, consultation=consultation)
    backdate()
    assert api(f"/consultation/{consultation.pk}").json().get("agendaItem") is None
    meeting.refresh_from_db()
    meeting.state = Meeting.State.INVITED
    meeting.invitation_published_at = timezone.now()
    meeting.save()
    shown = api(f"/consultation/{consultation.pk}").json()
    assert shown["agendaItem"] and shown["modified"] > SHOWN_OLD
    assert api(f"/paper/{paper.pk}").json()["modified"] > SHOWN_OLD


def test_a_withdrawn_paper_edited_behind_closed_doors_keeps_its_tombstones_time(api):
    body = f.body()
    paper = f.paper(body)
    consultation = f.consultation(paper, f.organization(body))
    annex = store_file(PDF, file_name="anlage.pdf", paper=paper, text="-")
    paper.public = False
    paper.save()
    backdate()
    ids = {"paper": paper.pk, "consultation": consultation.pk, "file": annex.pk}
    before = {segment: api(f"/{segment}/{pk}").json() for segment, pk in ids.items()}
    assert all(data["deleted"] and data["modified"] == SHOWN_OLD for data in before.values())
    moment = timezone.now()
    paper.refresh_from_db()
    paper.name = "Neu gefasst, nichtöffentlich"
    paper.save()
    consultation.refresh_from_db()
    consultation.role = "information"
    consultation.save()
    annex.refresh_from_db()
    annex.name = "Neu benannt"
    annex.save()
    assert {segment: api(f"/{segment}/{pk}").json() for segment, pk in ids.items()} == before
    assert all(found == [] for found in changed_since(api, {"body": body}, moment).values())
    consultation.delete()
    annex.delete()
    paper.delete()
    assert {segment: api(f"/{segment}/{pk}").json()["modified"] for segment, pk in ids.items()} == dict.fromkeys(
        ids, SHOWN_OLD
    )


def test_a_result_corrected_after_a_decision_in_private_moves_nothing(api, confidential):  # noqa: F811
    paper = confidential.paper
    backdate()
    assert api(f"/paper/{paper.pk}").json()["modified"] == SHOWN_OLD
    paper.refresh_from_db()
    paper.result = Paper.Result.REJECTED
    paper.save()
    assert api(f"/paper/{paper.pk}").json()["modified"] == SHOWN_OLD
    paper.name = "Neu gefasst"
    paper.save()
    assert api(f"/paper/{paper.pk}").json()["modified"] > SHOWN_OLD


def test_minutes_in_the_making_move_no_meeting(api, held):
    meeting = held["meeting"]
    meeting.minutes_text, meeting.minute_taker = "Entwurf der Niederschrift", "Frau Schreiber"
    meeting.save()
    after = documents(api, held)
    assert after["meeting"] == after["paper"] == SHOWN_OLD
    meeting.start += dt.timedelta(hours=1)
    meeting.save()
    assert documents(api, held)["meeting"] > SHOWN_OLD


def test_an_items_course_of_the_consultation_in_the_making_moves_nothing(api, held):
    from meetings import minutes

    minutes.save_notes(held["meeting"], {held["item"].pk: "<p>Frau A. fragt nach den Kosten.</p>"}, by=None)
    assert documents(api, held) == dict.fromkeys(documents(api, held), SHOWN_OLD)
    item = held["item"]
    item.refresh_from_db()
    item.result = "adopted"
    item.save()
    assert api(f"/agendaitem/{item.pk}").json()["modified"] > SHOWN_OLD
