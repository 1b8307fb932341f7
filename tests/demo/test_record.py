"""The demo shows the record of a meeting: item pages, a struck passage, neighbouring amendments,
an urgent meeting and a namentliche Abstimmung, on the pages the public reads."""

import re

import pytest
from django.urls import reverse

from council.models import AgendaItem, Meeting, Vote
from demo.council_office import VOLUNTEERING_TITLE
from demo.record import GRANT_TITLE, URGENT_NAME, URGENT_REASON
from documents.pdf import invitation_html
from resolutions.models import Paper

pytestmark = pytest.mark.django_db

RESOLUTION = re.compile(r'<div class="resolution">(.*?)</div>\s*<p class="meta amendment-legend">.*?</ol>', re.S)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def item_url(item):
    return reverse("portal:agenda_item", args=[item.body.slug, item.meeting_id, item.pk])


def deciding_item(paper):
    return AgendaItem.objects.filter(consultation__paper=paper).order_by("-meeting__start").first()


def test_the_seeds_item_page_shows_its_decided_text_exactly_as_the_paper_page(client, demo):
    paper = demo.seed_paper
    on_paper_page = RESOLUTION.search(page(client, reverse("portal:paper", args=[demo.luckenwalde.slug, paper.pk])))
    item = deciding_item(paper)
    on_item_page = RESOLUTION.search(page(client, item_url(item)))
    assert on_item_page.group(0) == on_paper_page.group(0)
    assert "zum nächstmöglichen Zeitpunkt." in on_item_page.group(1) and "*) ergänzt STVV 14.12.2021/jae" in (
        on_item_page.group(0)
    )


def test_a_struck_passage_stays_readable_struck_through_with_its_marker(client, demo):
    paper = Paper.objects.get(body=demo.luckenwalde, name=VOLUNTEERING_TITLE)
    text = page(client, item_url(deciding_item(paper)))
    assert re.search(r'<del class="amended">Die Verwaltung berichtet jährlich im Hauptausschuss\.</del> '
                     r'<a class="amendment-marker"[^>]*>\*\*\*\)</a>', text)  # fmt: skip
    assert "***) gestrichen STVV 09.09.2026/jae" in text


def test_the_urgent_special_session_decides_with_two_neighbouring_amendments_and_votes_by_name(client, demo):
    meeting = Meeting.objects.get(body=demo.luckenwalde, name=URGENT_NAME)
    assert meeting.urgent_reason == URGENT_REASON and meeting.state == Meeting.State.HELD
    notice = meeting.start - meeting.invitation_published_at
    assert notice.days < meeting.organization.notice_days
    meeting_page = page(client, reverse("portal:meeting", args=[demo.luckenwalde.slug, meeting.pk]))
    assert "Dringlichkeit" in meeting_page and "Antragsfrist" in meeting_page
    invitation = invitation_html(meeting, None)
    assert "Dringlichkeit (verkürzte Ladungsfrist)" in invitation and "Antragsfrist" in invitation

    paper = Paper.objects.get(body=demo.luckenwalde, name=GRANT_TITLE)
    item = deciding_item(paper)
    assert item.meeting == meeting and item.public and item.result == AgendaItem.Result.ADOPTED_WITH_CHANGES
    votes = Vote.objects.filter(agenda_item=item)
    assert votes.count() == 20 and set(votes.values_list("choice", flat=True)) == set(Vote.Choice.values)
    assert (item.votes_yes, item.votes_no, item.votes_abstention) == (14, 4, 2)

    text = page(client, item_url(item))
    assert "Namentliche Abstimmung" in text and text.count('<td data-label="Stimme">') == 20
    resolution = RESOLUTION.search(text).group(1)
    # Two amendments side by side, each its own element with its own marker, never one bold run.
    assert re.search(r"höchstens 150\.000 Euro\. <a [^>]*>\*\)</a></strong> Die Mittel werden im "
                     r'<del class="amended">Haushalt 2027</del> <strong class="amended">Nachtragshaushalt 2026 '
                     r"<a [^>]*>\*\*\)</a></strong>", resolution)  # fmt: skip
    assert "*) ergänzt STVV 22.10.2026/jae" in text and "**) geändert STVV 22.10.2026/jae" in text
