"""Invitation and meeting bundle: the public gets the public part, members the whole meeting."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resolutions.files import store_file
from tests import factories as f
from tests.documents.helpers import all_text, outline_titles
from tests.documents.worlds import SECRET, attachment_pdf, council_with_secret_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    return council_with_secret_item()


def invitation_url(town):
    return f"/dokumente/{town.body.slug}/sitzungen/{town.meeting.pk}/einladung.pdf"


def bundle_url(town):
    return f"/dokumente/{town.body.slug}/sitzungen/{town.meeting.pk}/sitzungsmappe.pdf"


def test_public_invitation_shows_nonpublic_items_only_as_number_and_nichtoeffentlich(client, town):
    response = client.get(invitation_url(town))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "public, max-age=600"
    text = all_text(response.content)
    assert "Öffentliche Fassung" in text
    assert "Ö 2 Radweg an der Dorfstraße" in text
    assert "N 1 nichtöffentlich" in text
    assert SECRET not in text


def test_member_invitation_shows_the_nonpublic_part_and_is_not_cached(client, town):
    client.force_login(town.member)
    response = client.get(invitation_url(town))
    text = all_text(response.content)
    assert f"N 1 Grundstücksangelegenheit {SECRET}" in text
    assert "Vollständige Fassung mit nichtöffentlichem Teil" in text
    assert response["Cache-Control"] == "private, no-store"


def test_councillor_of_another_organization_gets_the_public_invitation(client, town):
    client.force_login(town.outsider)
    text = all_text(client.get(invitation_url(town)).content)
    assert SECRET not in text and "N 1 nichtöffentlich" in text


def test_public_bundle_contains_no_nonpublic_paper_attachment_or_title(client, town):
    response = client.get(bundle_url(town))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    data = response.getvalue()
    text = all_text(data)
    assert "Begründung Radweg" in text and "Lageplan Radweg" in text
    assert SECRET not in text
    titles = outline_titles(data)
    assert titles == [
        "Einladung und Tagesordnung",
        "Ö 1 Eröffnung der Sitzung",
        "Ö 2 Radweg an der Dorfstraße",
        "Anlage 1 zu TOP Ö 2: Lageplan",
        "N 1 nichtöffentlich",
    ]


def test_member_bundle_holds_the_nonpublic_paper_and_attachment_with_bookmarks(client, town):
    client.force_login(town.member)
    response = client.get(bundle_url(town))
    data = response.getvalue()
    text = all_text(data)
    assert f"Kaufpreis {SECRET}" in text and f"Vertrauliche Kostenschätzung {SECRET}" in text
    titles = outline_titles(data)
    assert titles == [
        "Einladung und Tagesordnung",
        "Ö 1 Eröffnung der Sitzung",
        "Ö 2 Radweg an der Dorfstraße",
        "Anlage 1 zu TOP Ö 2: Kostenschätzung",
        "Anlage 2 zu TOP Ö 2: Lageplan",
        f"N 1 Grundstücksangelegenheit {SECRET}",
    ]
    assert response["Cache-Control"] == "private, no-store"


def test_bundle_bookmarks_point_at_the_first_page_of_each_paper(client, town):
    from tests.documents.helpers import reader

    document = reader(client.get(bundle_url(town)).getvalue())
    pages = {
        item.title: document.get_destination_page_number(item)
        for item in document.outline
        if not isinstance(item, list)
    }
    assert pages["Einladung und Tagesordnung"] == 2  # after the cover and the contents
    assert "Einladung zur Sitzung" in document.pages[2].extract_text()
    paper_page = pages["Ö 2 Radweg an der Dorfstraße"]
    assert paper_page > 0
    assert "Radweg an der Dorfstraße" in document.pages[paper_page].extract_text()
    assert document.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_meeting_pdfs_of_unknown_meeting_or_other_body_are_404(client, town):
    other = f.body()
    assert client.get(f"/dokumente/{other.slug}/sitzungen/{town.meeting.pk}/einladung.pdf").status_code == 404
    assert client.get(f"/dokumente/{town.body.slug}/sitzungen/999999/sitzungsmappe.pdf").status_code == 404


def _add_paper_with_attachment(town, order):
    paper = f.paper(town.body, name=f"Weitere Vorlage {order}")
    item = f.agenda_item(
        town.meeting, order=order, consultation=f.consultation(paper, town.council, meeting=town.meeting)
    )
    store_file(attachment_pdf(f"Anlage {order}"), file_name=f"anlage-{order}.pdf", agenda_item=item)


# The invitation letter: its number in the term (two) and its chair (one); the members' version adds one
# INSERT into the audit trail (app `audit`). The bundle's budgets: tests/documents/test_bundle_store.py.
def test_invitation_pdf_keeps_a_query_budget_that_does_not_grow_with_the_agenda(client, town):
    url, budget = invitation_url(town), 11
    client.force_login(town.member)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for order in (4, 5, 6):
        _add_paper_with_attachment(town, order)
    assert count() == before
    assert before <= budget


def test_portal_meeting_page_links_invitation_and_bundle(client, town):
    html = client.get(f"/{town.body.slug}/sitzungen/{town.meeting.pk}/").content.decode()
    assert f'href="{invitation_url(town)}"' in html
    assert f'href="{bundle_url(town)}"' in html


def test_long_invitation_carries_organization_and_date_in_the_running_header_from_page_two(town):
    from django.contrib.auth.models import AnonymousUser

    from documents.pdf import invitation_pdf
    from tests.documents.helpers import page_texts

    for order in range(10, 60):
        f.agenda_item(town.meeting, order=order, name=f"Bericht über die Angelegenheit Nummer {order}")
    pages = [text.splitlines() for text in page_texts(invitation_pdf(town.meeting, AnonymousUser()))]
    assert len(pages) >= 2
    assert "Gemeindevertretung Sitzung am 01.06.2026" not in pages[0]
    assert "Gemeindevertretung Sitzung am 01.06.2026" in pages[1]
    assert f"Seite 2 von {len(pages)}" in pages[1]
