"""Issue 11, confidentiality: an amendment made in a non-public agenda item shows, with its
footnote and the result, only to those who may see that item (members of the council and
the council office), on every paper page."""

import pytest

from resolutions.models import Amendment, Paper
from tests.paperpage.conftest import FOOTNOTE, SECRET, pages, tell

pytestmark = pytest.mark.django_db

# Who gets which page (200), and on which of them the non-public decision shows.
# Pages not listed are refused (login, 403 or 404): nothing of the paper is shown there.
EXPECTED = {
    "anonymous": {"portal": False},
    "outsider": {"portal": False, "councillors": False},
    "member": {"portal": True, "councillors": True},
    "other_department": {"portal": False, "office": False},
    "other_body": {"portal": False},
    "office": {"portal": True, "office": True},
}


def _get(client, town, audience, url):
    client.logout()
    if audience != "anonymous":
        client.force_login(getattr(town, audience))
    return client.get(url)


@pytest.mark.parametrize("audience", EXPECTED)
def test_the_secret_sentence_and_its_footnote_show_only_where_allowed(client, town, story, audience):
    assert story.paper.state == Paper.State.DECIDED
    assert Amendment.objects.filter(consultation__paper=story.paper, text_after__contains=SECRET).exists()
    for surface, url in pages(town, story.paper).items():
        response = _get(client, town, audience, url)
        html = response.content.decode()
        if surface not in EXPECTED[audience]:
            assert response.status_code != 200, (audience, surface)
            assert SECRET not in html and story.paper.name not in html, (audience, surface)
            continue
        assert response.status_code == 200, (audience, surface)
        assert story.paper.name in html
        allowed = EXPECTED[audience][surface]
        for secret in (SECRET, FOOTNOTE, "geändert beschlossen", "Entschieden am"):
            assert (secret in html) is allowed, (audience, surface, secret)
        if allowed:
            assert '<h2 id="beschluss">Beschluss</h2>' in html
        else:
            assert '<h2 id="beschluss">Beschlussvorschlag</h2>' in html
            assert "in nichtöffentlicher Sitzung entschieden" in html
            # The proposal itself is public, and so is the committee's public recommendation.
            assert "Die Stadtverordnetenversammlung beschließt den Beitritt zum Zweckverband." in html
            assert "Beschlussempfehlung (3 ja, 1 nein, 0 Enthaltungen)" in html or surface == "office"


def test_the_same_sentence_decided_in_public_shows_to_everyone(client, town):
    story = tell(town, council_item_public=True)
    for audience, surfaces in EXPECTED.items():
        for surface in surfaces:
            html = _get(client, town, audience, pages(town, story.paper)[surface]).content.decode()
            assert SECRET in html and FOOTNOTE in html, (audience, surface)
            assert "Entschieden am</dt><dd>01.06.2026" in html, (audience, surface)


def test_the_back_office_timeline_hides_the_result_of_the_non_public_item(client, town, story):
    client.force_login(town.other_department)
    html = client.get(pages(town, story.paper)["office"]).content.decode()
    timeline = html[html.index('id="zeitleiste"') :]
    assert "Sitzung vom 01.06.2026" in timeline and "(nichtöffentlich)" in timeline
    assert "geändert beschlossen" not in timeline
    client.force_login(town.office)
    timeline = client.get(pages(town, story.paper)["office"]).content.decode().split('id="zeitleiste"')[1]
    assert "geändert beschlossen" in timeline and "(nichtöffentlich)" not in timeline


def test_pages_holding_non_public_content_are_not_stored(client, town, story):
    anonymous = client.get(pages(town, story.paper)["portal"])
    assert anonymous["Cache-Control"] == "public, max-age=300"
    for audience, surfaces in EXPECTED.items():
        if audience == "anonymous":
            continue
        for surface in surfaces:
            response = _get(client, town, audience, pages(town, story.paper)[surface])
            assert response["Cache-Control"] == "private, no-store", (audience, surface)
            assert not response.has_header("ETag")
