"""Supplements and amendments on the three paper pages, and the back office's buttons that start them."""

import datetime as dt

import pytest

from accounts import roles
from council.models import Meeting
from resolutions import subordinates
from resolutions.models import Consultation, Paper
from tests import factories as f
from tests.paperpage.conftest import html_of, pages

pytestmark = pytest.mark.django_db
CANARY = "Kanarienvogel-Ergänzung"
Kind = Paper.Subordination


def audiences(town):
    """(page, user) pairs: the public portal, the councillor in their area, the council office in the back office."""
    return [("portal", None), ("councillors", town.member), ("office", town.office)]


def supplement_of(town, original):
    clerk = f.user(town.body, roles.CLERK, department=town.department)
    paper = subordinates.create_subordinate(original, Kind.SUPPLEMENT, by=clerk)
    Paper.objects.filter(pk=paper.pk).update(name=f"{CANARY} zu {original.reference}")
    return Paper.objects.get(pk=paper.pk)


def test_a_draft_supplement_shows_only_in_the_back_office(client, town, story):
    supplement_of(town, story.paper)
    urls = pages(town, story.paper)
    for surface, user in audiences(town):
        html = html_of(client, user, urls[surface])
        assert (CANARY in html) == (surface == "office"), surface
    assert "Ergänzt durch" in html and "(Entwurf)" in html


def test_a_released_supplement_is_named_on_both_pages_for_every_audience(client, town, story):
    supplement = supplement_of(town, story.paper)
    Paper.objects.filter(pk=supplement.pk).update(state=Paper.State.RELEASED, reference="EV-1/2026")
    original_urls, supplement_urls = pages(town, story.paper), pages(town, supplement)
    for surface, user in audiences(town):
        html = html_of(client, user, original_urls[surface])
        assert "<dt>Ergänzt durch</dt>" in html and "EV-1/2026" in html and "(noch nicht beraten)" in html, surface
        html = html_of(client, user, supplement_urls[surface])
        assert "<dt>Ergänzt</dt>" in html and story.paper.reference in html, surface


def test_a_non_public_supplement_is_not_listed_to_the_public(client, town, story):
    supplement = supplement_of(town, story.paper)
    Paper.objects.filter(pk=supplement.pk).update(state=Paper.State.RELEASED, reference="EV-1/2026", public=False)
    urls = pages(town, story.paper)
    assert CANARY not in html_of(client, None, urls["portal"])
    assert CANARY in html_of(client, town.office, urls["office"])


def test_a_target_meeting_shows_as_intended_until_the_paper_is_on_an_agenda(client, town):
    paper = f.paper(town.body, name="Spielplatz am Markt")
    planned = f.meeting(town.council, start=dt.datetime(2026, 12, 14, 18, tzinfo=f.TZ))
    consultation = f.consultation(paper, town.council, role=Consultation.Role.DECISION, target_meeting=planned)
    url = pages(town, paper)["portal"]
    assert "vorgesehen: Sitzung am" in html_of(client, None, url) and "14.12.2026" in html_of(client, None, url)
    planned.state = Meeting.State.CANCELLED
    planned.save()
    assert "vorgesehen" not in html_of(client, None, url)
    planned.state = Meeting.State.PLANNED
    planned.save()
    consultation.meeting = planned
    consultation.save()
    assert "vorgesehen" not in html_of(client, None, url)


# --- The back office's buttons ------------------------------------------------------------


def test_the_clerk_starts_a_supplement_from_the_released_paper_and_lands_in_its_form(client, town, story):
    clerk = f.user(town.body, roles.CLERK, department=town.department)
    client.force_login(clerk)
    url = pages(town, story.paper)["office"]
    html = client.get(url).content.decode()
    assert 'name="art" value="ergaenzung"' in html and "Änderungsvorlage anlegen" in html
    response = client.post(f"{url}folgevorlage/", {"art": "aenderung"})
    new = Paper.objects.get(superordinate=story.paper)
    assert response.status_code == 302 and response["Location"] == f"/verwaltung/vorlagen/{new.pk}/bearbeiten/"
    assert (new.subordination, new.state, new.originator) == (Kind.AMENDMENT, Paper.State.DRAFT, clerk)
    assert client.get(response["Location"]).status_code == 200


def test_the_buttons_are_refused_where_the_rules_say_no(client, town, story):
    url = pages(town, story.paper)["office"]
    client.force_login(
        town.other_department
    )  # a clerk of another department: sees the public paper, may not write for it
    assert "folgevorlage" not in client.get(url).content.decode()
    assert client.post(f"{url}folgevorlage/", {"art": "ergaenzung"}).status_code == 403
    client.force_login(town.office)
    assert client.get(f"{url}folgevorlage/").status_code == 405
    assert client.post(f"{url}folgevorlage/", {"art": "nachtrag"}).status_code == 400
    draft = f.paper(town.body, state=Paper.State.DRAFT, under_direction_of=town.department)
    assert "folgevorlage" not in client.get(pages(town, draft)["office"]).content.decode()
    assert client.post(f"/verwaltung/vorlagen/{draft.pk}/folgevorlage/", {"art": "ergaenzung"}).status_code == 409
    assert not Paper.objects.filter(superordinate__isnull=False).exists()


def test_the_public_pages_validators_move_with_a_released_supplement_not_with_a_draft(client, town, story):
    url = pages(town, story.paper)["portal"]
    before = client.get(url)["ETag"]
    supplement = supplement_of(town, story.paper)
    assert client.get(url)["ETag"] == before  # a draft does not show through the validators either
    supplement.state, supplement.reference = Paper.State.RELEASED, "EV-1/2026"
    supplement.save()
    assert client.get(url)["ETag"] != before
