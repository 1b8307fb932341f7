"""The page of one agenda item: what each audience sees of it, votes by name, minutes extract, neighbours."""

import pytest
from django.urls import reverse

from council.models import AgendaItem, Meeting, Vote
from resolutions.models import Amendment
from tests import factories as f
from tests.portal.conftest import content

pytestmark = pytest.mark.django_db


def item_url(world, item):
    return reverse("portal:agenda_item", args=[world.body.slug, item.meeting_id, item.pk])


def decided_item(world):
    return AgendaItem.objects.get(consultation__paper=world.decided_paper)


def test_the_public_sees_a_public_item_with_its_paper_and_decided_text(client, world):
    item = decided_item(world)
    page = content(client.get(item_url(world, item)))
    assert "TOP Ö 1" in page and "Bänke im Stadtgarten" in page
    assert reverse("portal:meeting", args=[world.body.slug, item.meeting_id]) in page
    assert f'href="{reverse("portal:paper", args=[world.body.slug, world.decided_paper.pk])}"' in page
    assert world.decided_paper.reference in page and "Beschlussvorlage" in page
    # The decided text as the paper page shows it: amendment in bold with its marker and footnote.
    assert '<h2 id="beschluss">Beschluss</h2>' in page
    assert '<strong class="amended">zehn Bänke aus Holz <a class="amendment-marker"' in page
    assert "*) ergänzt GV" in page and "amendment-legend" in page
    assert "<dd>beschlossen</dd>" in page and "12 ja, 1 nein, 0 Enthaltungen" in page


def test_a_non_public_item_is_404_for_the_public_and_shown_to_its_members(client, world):
    url = item_url(world, world.secret_item)
    response = client.get(url)
    assert response.status_code == 404
    assert not any(canary in content(response) for canary in world.canaries)
    client.force_login(world.councillor_user)
    page = content(client.get(url))
    assert world.secret_item.name in page and "nichtöffentlich" in page


def test_an_item_of_another_meeting_or_body_is_404(client, world):
    other = f.meeting(world.committee)
    assert (
        client.get(reverse("portal:agenda_item", args=[world.body.slug, other.pk, world.public_item.pk])).status_code
        == 404
    )
    elsewhere = f.body()
    url = reverse("portal:agenda_item", args=[elsewhere.slug, world.meeting.pk, world.public_item.pk])
    assert client.get(url).status_code == 404


def test_votes_by_name_are_shown_for_a_public_item_only(client, world):
    voter = f.person(world.body, given_name="Nora", family_name="Namentlich")
    f.membership(voter, world.faction)
    Vote.objects.create(agenda_item=world.public_item, person=voter, choice=Vote.Choice.NO)
    Vote.objects.create(agenda_item=world.secret_item, person=world.councillor, choice=Vote.Choice.YES)
    page = content(client.get(item_url(world, world.public_item)))
    assert "Namentliche Abstimmung" in page
    assert "Nora Namentlich" in page and "Fraktion Grüne Mitte" in page and ">nein<" in page
    client.force_login(world.councillor_user)
    secret = content(client.get(item_url(world, world.secret_item)))
    assert "9871 ja, 9872 nein" in secret  # the counts, for the members
    assert "Namentliche Abstimmung" not in secret and world.councillor.name not in secret


def test_a_withdrawn_item_says_abgesetzt(client, world):
    world.public_item.withdrawn = True
    world.public_item.save()
    page = content(client.get(item_url(world, world.public_item)))
    assert "abgesetzt" in page and f"<del>{world.public_item.name}</del>" in page
    assert 'id="beschluss"' not in page


def test_the_minutes_extract_is_shown_once_the_minutes_are_approved(client, world):
    item = decided_item(world)
    item.minutes_note = '<p>Aussprache zu den <strong>Bänken</strong>.</p><script>alert("x")</script>'
    item.save()
    url = item_url(world, item)
    assert "Aussprache" not in content(client.get(url))
    meeting = item.meeting
    meeting.minutes_state = Meeting.MinutesState.APPROVED
    meeting.save()
    page = content(client.get(url))
    assert "Auszug aus der Niederschrift" in page and "<strong>Bänken</strong>" in page
    assert "<script>" not in page.split("</header>", 1)[1]


def test_previous_and_next_skip_what_the_viewer_may_not_see(client, world):
    after = f.agenda_item(world.meeting, order=3, name="Verschiedenes")
    page = content(client.get(item_url(world, world.public_item)))
    assert f'href="{item_url(world, after)}" rel="next"' in page  # the non-public N 2 between is skipped
    assert 'rel="prev"' not in page
    client.force_login(world.councillor_user)
    page = content(client.get(item_url(world, world.public_item)))
    assert f'href="{item_url(world, world.secret_item)}" rel="next"' in page


def test_the_text_is_what_the_item_decided_not_what_later_meetings_made_of_it(client, world):
    """An item that recommended the proposal shows it without the change a later meeting made."""
    item = decided_item(world)
    earlier = f.meeting(world.committee, start=item.meeting.start.replace(day=1), state="held")
    consultation = f.consultation(world.decided_paper, world.committee, position=2, role="preliminary", meeting=earlier)
    recommended = f.agenda_item(earlier, consultation=consultation, result="recommended")
    page = content(client.get(item_url(world, recommended)))
    assert "Beschlussempfehlung" in page and "zehn Bänke aufgestellt" in page and "aus Holz" not in page
    assert Amendment.objects.filter(consultation__paper=world.decided_paper).count() == 1


def test_meeting_page_paper_page_and_search_link_to_the_item_page(client, world):
    url = item_url(world, world.public_item)
    assert f'href="{url}"' in content(client.get(reverse("portal:meeting", args=[world.body.slug, world.meeting.pk])))
    paper_page = content(client.get(reverse("portal:paper", args=[world.body.slug, world.public_paper.pk])))
    assert f'href="{url}"' in paper_page
    found = content(client.get(reverse("portal:search", args=[world.body.slug]) + "?q=Neugestaltung"))
    assert f'href="{url}"' in found and "#top-" not in found
    # The non-public item is listed on the meeting page without a link.
    meeting_page = content(client.get(reverse("portal:meeting", args=[world.body.slug, world.meeting.pk])))
    assert item_url(world, world.secret_item) not in meeting_page


def test_the_councillor_area_links_public_items_to_their_page_and_keeps_the_others_on_the_meeting_page(client, world):
    client.force_login(world.councillor_user)
    page = content(client.get(reverse("councillors:meeting", args=[world.meeting.pk])))
    assert f'href="{item_url(world, world.public_item)}"' in page
    assert world.secret_item.name in page and item_url(world, world.secret_item) not in page


def test_the_validators_move_with_public_changes_only(client, world):
    url = item_url(world, world.public_item)
    etag = client.get(url)["ETag"]
    world.secret_item.name = f"{world.secret_item.name} geändert"
    world.secret_item.save()
    assert client.get(url)["ETag"] == etag  # a non-public neighbour changed: nothing to see
    voter = f.person(world.body)
    Vote.objects.create(agenda_item=world.public_item, person=voter, choice=Vote.Choice.ABSTENTION)
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag and voter.name in content(changed)
