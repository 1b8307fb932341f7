"""At scale: queries per page do not grow with generated data, and anonymous pages come from the shared cache."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.models import Body, Meeting, Organization
from demo.generate import generate
from resolutions.models import Amendment, Paper
from tests.portal.test_minutes import BUDGET as MEETING_WITH_MINUTES_BUDGET

pytestmark = pytest.mark.django_db


def urls_of(body, paper):
    slug = body.slug
    meeting = paper.consultations.exclude(meeting=None).order_by("-meeting__start").first().meeting
    # A meeting with approved minutes, whose page also shows them (the demo's seed meeting has none).
    with_minutes = Meeting.objects.filter(body=body, minutes_state=Meeting.MinutesState.APPROVED).order_by("pk").first()
    # The filtered list of issue 17: the council's decided papers, with their count.
    council = Organization.objects.get(body=body, kind=Organization.Kind.COUNCIL)
    return {
        "paper": reverse("portal:paper", args=[slug, paper.pk]),
        "meeting": reverse("portal:meeting", args=[slug, meeting.pk]),
        "meeting_with_minutes": reverse("portal:meeting", args=[slug, with_minutes.pk]),
        "start": reverse("portal:start", args=[slug]),
        "papers": reverse("portal:papers", args=[slug]),
        "papers_filtered": reverse("portal:papers", args=[slug]) + f"?stand=decided&gremium={council.pk}",
        "oparl_papers": reverse("oparl:list", args=[body.pk, "paper"]),
        "papers_feed": reverse("portal:papers_feed", args=[slug]),
        "decisions_feed": reverse("portal:decisions_feed", args=[slug]),
    }


def count_queries(client, urls):
    counts = {}
    for name, url in urls.items():
        cache.clear()  # measure the page as computed, not as stored
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(queries)
    return counts


def generated_paper(body):
    """A decided paper of a generated Body with what the seed paper has: two consultations, an amendment, a file."""
    return (
        Paper.objects.visible_to(None)
        .filter(body=body, result="adopted_with_changes", files__public=True)
        .annotate(steps=Count("consultations", distinct=True))
        .filter(steps=2)
        .order_by("pk")
        .first()
    )


def test_queries_per_page_are_those_of_the_demo_however_much_is_generated(client, demo):
    demo_urls = urls_of(demo.luckenwalde, demo.seed_paper)
    on_the_demo = count_queries(client, demo_urls)

    generate(3, 900, seed=5)
    assert count_queries(client, demo_urls) == on_the_demo
    body = Body.objects.get(slug="zv-001")
    paper = generated_paper(body)
    assert paper is not None and Amendment.objects.filter(consultation__paper=paper).exists()
    on_a_generated_body = count_queries(client, urls_of(body, paper))
    # A meeting page costs what its content asks for (minutes, wording, votes by name: a query
    # each, skipped when there is none), never more than its budget; every other page is the same.
    meetings = {"meeting", "meeting_with_minutes"}
    assert {k: v for k, v in on_a_generated_body.items() if k not in meetings} == {
        k: v for k, v in on_the_demo.items() if k not in meetings
    }
    assert max(on_a_generated_body[k] for k in meetings) <= MEETING_WITH_MINUTES_BUDGET


def test_an_anonymous_page_is_served_from_the_cache_until_its_body_changes(client, demo):
    url = reverse("portal:paper", args=[demo.luckenwalde.slug, demo.seed_paper.pk])
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
        revalidated = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert len(queries) == 0
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert revalidated.status_code == 304

    # Another Body's change leaves the stored page alone; a change of this Body is seen at once.
    nuthe_paper = Paper.objects.filter(body=demo.nuthe).first()
    nuthe_paper.save()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert len(queries) == 0
    paper = Paper.objects.get(pk=demo.seed_paper.pk)
    paper.name = "Ein neuer Titel"
    paper.save()
    changed = client.get(url)
    assert "Ein neuer Titel" in changed.content.decode()
    assert changed["ETag"] != first["ETag"]


def test_pages_with_the_follow_form_hand_out_no_token_and_are_stored_whole(client, demo):
    """The follow form posts to CSRF-exempt views (no session: a double opt-in mail, tests/subscriptions),
    so the paper and organization pages set no cookie and one stored copy serves every visitor."""
    committee = Organization.objects.filter(body=demo.luckenwalde, kind="committee").order_by("pk").first()
    for url in (
        reverse("portal:paper", args=[demo.luckenwalde.slug, demo.seed_paper.pk]),
        reverse("portal:organization", args=[demo.luckenwalde.slug, committee.pk]),
    ):
        first = client.get(url)
        assert "Per E-Mail folgen" in first.content.decode(), url
        assert not first.cookies and "csrfmiddlewaretoken" not in first.content.decode(), url
        with CaptureQueriesContext(connection) as queries:
            again = client.get(url)
        assert len(queries) == 0 and again.content == first.content, url


def test_logged_in_pages_are_never_stored(client, demo):
    url = reverse("portal:paper", args=[demo.luckenwalde.slug, demo.seed_paper.pk])
    client.get(url)
    user = demo.logins[0].user
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert len(queries) > 0
    assert "no-store" in response["Cache-Control"] and "ETag" not in response
