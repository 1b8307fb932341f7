"""Members read the draft of the minutes they approve, with the non-public part (issue 12.1)."""

import pytest
from django.urls import reverse

from tests.documents.worlds import SECRET
from tests.minutes_world import approve, minutes_town

pytestmark = pytest.mark.django_db


def page(client, town):
    return client.get(reverse("councillors:meeting", args=[town.meeting.pk])).content.decode()


def test_members_read_the_whole_draft_others_nothing_until_it_is_approved(client, django_assert_max_num_queries):
    town = minutes_town()
    client.force_login(town.member)
    with django_assert_max_num_queries(21):
        html = page(client, town)
    section = html[html.index('id="niederschrift"') :]
    assert "Niederschrift (Entwurf)" in section and f"Beratung {SECRET}" in section
    assert "mit nichtöffentlichem Teil" in section

    client.force_login(town.outsider)
    assert 'id="niederschrift"' not in page(client, town)

    approve(town)
    html = page(client, town)
    assert 'id="niederschrift"' in html and f"Beratung {SECRET}" not in html
    client.force_login(town.member)
    assert f"Beratung {SECRET}" in page(client, town)  # once approved, members keep the non-public part
