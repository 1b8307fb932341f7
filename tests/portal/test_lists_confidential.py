"""Portal lists say of a paper what its page says: a paper decided in a non-public item is
"in nichtöffentlicher Sitzung entschieden" in the paper list and under "Neueste Beschlüsse",
without its result or the date, and states are in the public's words."""

import pytest
from django.urls import reverse

from resolutions.paper_view import DECIDED_IN_PRIVATE
from tests import factories as f
from tests.confidential import confidential  # noqa: F401

pytestmark = pytest.mark.django_db


def _row_of(html, reference):
    start = html.index(reference)
    return html[start : html.index("</tr>", start)] if "</tr>" in html[start:] else html[start : start + 600]


@pytest.mark.parametrize("page", ["portal:papers", "portal:start"])
def test_a_privately_decided_paper_shows_no_result_in_the_lists(client, confidential, page):  # noqa: F811
    url = reverse(page, args=[confidential.body.slug])
    for name, user in confidential.outsiders.items():
        if name == "other_body":
            continue
        client.logout()
        if user is not None:
            client.force_login(user)
        html = client.get(url).content.decode()
        entry = _row_of(html, confidential.paper.reference)
        assert DECIDED_IN_PRIVATE in entry, name
        assert "geändert beschlossen" not in entry, name
        assert confidential.meeting.start.strftime("%d.%m.%Y") not in entry, name
    client.force_login(confidential.member)
    entry = _row_of(client.get(url).content.decode(), confidential.paper.reference)
    assert "geändert beschlossen" in entry


def test_the_paper_list_uses_the_publics_words(client, confidential):  # noqa: F811
    released = f.paper(confidential.body)
    html = client.get(reverse("portal:papers", args=[confidential.body.slug])).content.decode()
    assert "noch nicht beraten" in _row_of(html, released.reference)
    assert "freigegeben" not in html
