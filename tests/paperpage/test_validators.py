"""Issue 11: the validators of public pages are computed from what the public sees. A change
to a non-public agenda item, amendment, file or paper leaves ETag and Last-Modified of the
paper page and of both meeting pages as they were; a public change moves them."""

import pytest

from council.models import AgendaItem
from resolutions.files import store_file
from resolutions.models import Amendment
from tests import factories as f
from tests.paperpage.conftest import pages

pytestmark = pytest.mark.django_db


def public_urls(town, story):
    slug = town.body.slug
    return [
        pages(town, story.paper)["portal"],
        f"/{slug}/sitzungen/{story.council_meeting.pk}/",
        f"/{slug}/sitzungen/{story.committee_meeting.pk}/",
    ]


def validators(client, urls):
    answers = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200 and response["Cache-Control"] == "public, max-age=300", url
        answers[url] = (response["ETag"], response["Last-Modified"])
    return answers


def test_non_public_changes_leave_every_public_validator_as_it_was(client, town, story):
    # A non-public paper, related to the public one and on the council's non-public agenda part.
    secret = f.paper(town.body, public=False, name="Vertrauliche Grundstücksangelegenheit")
    secret.related_papers.add(story.paper)
    story.paper.related_papers.add(secret)
    secret_item = f.agenda_item(
        story.council_meeting, order=9, number="N 9", public=False, consultation=f.consultation(secret, town.council)
    )
    urls = public_urls(town, story)
    before = validators(client, urls)

    # The non-public item that decided the paper: its title, votes, stored text.
    item = AgendaItem.objects.get(pk=story.council_item.pk)
    item.name = "Beitritt (geänderter Titel)"
    item.votes_yes, item.votes_no, item.unanimous = 20, 3, False
    item.resolution_text = "<p>Ganz anders.</p>"
    item.save()
    # Another amendment of that item.
    amendment = Amendment.objects.get(consultation__paper=story.paper)
    f.amendment(
        amendment.consultation,
        Amendment.Kind.ADDED,
        "Zeitpunkt.",
        "Zeitpunkt, spätestens 2027.",
        meeting=story.council_meeting,
        position=2,
    )
    amendment.initials = "xyz"
    amendment.save()
    # Non-public files: an annex of the public paper, one on the non-public item, one of the meeting.
    store_file(b"%PDF-1.4 geheim", file_name="kalkulation.pdf", paper=story.paper, public=False)
    store_file(b"%PDF-1.4 geheim", file_name="gutachten.pdf", agenda_item=item)
    store_file(b"%PDF-1.4 geheim", file_name="protokoll-n.pdf", meeting=story.council_meeting, public=False)
    # The non-public paper and its item.
    secret.name = "Verkauf Grundstück Markt 3"
    secret.resolution_text = "<p>Verkauf für 1 Euro.</p>"
    secret.save()
    secret_item.name = "Verkauf Grundstück Markt 3"
    secret_item.result = AgendaItem.Result.ADOPTED
    secret_item.save()

    assert validators(client, urls) == before
    for url in urls:
        html = client.get(url).content.decode()
        assert "spätestens 2027" not in html and "Markt 3" not in html and "kalkulation" not in html


def test_public_changes_move_the_validators(client, town, story):
    urls = public_urls(town, story)
    before = validators(client, urls)
    item = AgendaItem.objects.get(pk=story.committee_item.pk)
    item.votes_yes = 2
    item.save()
    after = validators(client, urls)
    paper_page, council_page, committee_page = urls
    assert after[paper_page][0] != before[paper_page][0]
    assert after[committee_page][0] != before[committee_page][0]
    assert after[council_page] == before[council_page]
    # A public annex appears on the paper page; removing it again also moves the ETag.
    annex = store_file(b"%PDF-1.4 oeffentlich", file_name="lageplan.pdf", paper=story.paper)
    with_annex = validators(client, urls)
    assert with_annex[paper_page][0] != after[paper_page][0]
    annex.delete()
    assert validators(client, urls)[paper_page][0] != with_annex[paper_page][0]


def test_a_non_public_item_added_to_the_agenda_shows_as_a_number_and_moves_the_meeting_page(client, town, story):
    url = f"/{town.body.slug}/sitzungen/{story.council_meeting.pk}/"
    before = client.get(url)["ETag"]
    f.agenda_item(story.council_meeting, order=7, number="N 7", public=False, name="Personalangelegenheit")
    response = client.get(url, HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200
    html = response.content.decode()
    assert "N 7" in html and "Personalangelegenheit" not in html
