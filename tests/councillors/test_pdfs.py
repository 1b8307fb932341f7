"""The councillor area links the invitation and the bundle; what they hold follows the visibility rules."""

import re
from html import unescape

import pytest

from tests.documents.helpers import all_text

pytestmark = pytest.mark.django_db


def pdf_links(html):
    return [unescape(href) for href in re.findall(r'href="([^"]+\.pdf)"', html)]


def test_member_gets_the_full_bundle_and_a_non_member_the_public_one(client, world):
    for user, sees_secret in ((world.member, True), (world.non_member, False)):
        client.force_login(user)
        page = client.get(f"/mein/sitzungen/{world.meeting.pk}/").content.decode()
        links = pdf_links(page)
        assert any(link.endswith("/einladung.pdf") for link in links)
        bundle = next(link for link in links if link.endswith("/sitzungsmappe.pdf"))
        response = client.get(bundle)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert ("Vergabe Los 3 Dach" in all_text(b"".join(response.streaming_content))) is sees_secret  # a stored copy


def test_councillor_paper_page_links_the_paper_pdf(client, world):
    client.force_login(world.member)
    page = client.get(f"/mein/vorlagen/{world.secret_paper.pk}/").content.decode()
    paper_pdf = next(link for link in pdf_links(page) if "/vorlagen/" in link)
    response = client.get(paper_pdf)
    assert response.status_code == 200
    assert "Vergabe Los 3 Dach" in all_text(response.content)
    client.force_login(world.non_member)
    assert client.get(paper_pdf).status_code == 404
