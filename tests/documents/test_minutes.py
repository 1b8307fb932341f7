"""The minutes as PDF (issue 12.1, 13.5): the public part of approved minutes for the public, the draft and the
non-public part, marked, for members and the council office; a stored public copy for OParl; PDF/A-3a."""

import re

import pytest
from django.urls import reverse
from pypdf.generic import BooleanObject

from audit.models import AccessRecord
from documents import pdf
from meetings.minutes import minutes_for
from resolutions.models import File
from tests.documents.helpers import all_text, page_texts, reader, xmp
from tests.documents.test_paper_pdf import embedded_fonts
from tests.documents.worlds import SECRET
from tests.minutes_world import STRUCK, approve, minutes_town

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    return minutes_town()


def url(town):
    return reverse("documents:minutes_pdf", args=[town.body.slug, town.meeting.pk])


def test_a_draft_is_for_members_and_the_office_only_and_says_entwurf(client, town):
    assert client.get(url(town)).status_code == 404
    client.force_login(town.outsider)
    assert client.get(url(town)).status_code == 404
    client.force_login(town.member)

    response = client.get(url(town))

    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    text = all_text(response.content)
    assert "Entwurf – noch nicht bestätigt" in text and SECRET in text
    assert f"nichtöffentlich – vertraulich – Exemplar für {town.member.person.name}" in text
    assert AccessRecord.objects.filter(kind=AccessRecord.Kind.MINUTES_DOWNLOAD, user=town.member).exists()


def test_the_public_pdf_of_approved_minutes_holds_the_public_part_only(client, town):
    approve(town)

    response = client.get(url(town))

    assert response.status_code == 200 and response["Cache-Control"].startswith("public")
    pages = page_texts(response.content)
    text = all_text(response.content)
    assert SECRET not in text and "vertraulich" not in text and "Entwurf" not in text
    assert "Niederschrift über die" in text and "Radweg an der Dorfstraße" in text
    assert "Herr Dr. Weber, Planungsbüro Nord" in text and "Vertretung für" in text
    assert STRUCK in text  # struck text stays visible (as <del>), with its marker and footnote
    assert "gestrichen GV" in text
    assert "Namentliche Abstimmung" in text and "ja:" in text
    assert "Vorsitz" in pages[-1] and "Schriftführung" in pages[-1]


def test_the_members_copy_marks_every_page_of_the_nonpublic_part(town):
    approve(town)
    data = pdf.minutes_pdf(town.meeting, minutes_for(town.meeting, town.member))
    pages = page_texts(data)
    secret_pages = [text for text in pages if SECRET in text]
    assert secret_pages and all("nichtöffentlich – vertraulich" in text for text in secret_pages)
    assert "vertraulich" not in pages[0]  # the public part is not marked


def test_approval_stores_the_public_pdf_as_the_meetings_minutes_file(town, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        approve(town)

    record = File.objects.get(meeting=town.meeting, kind=File.Kind.MINUTES)
    assert record.public and SECRET not in record.text and "Radweg" in record.text
    with django_capture_on_commit_callbacks(execute=True):
        again = pdf.freeze_minutes_pdf(town.meeting)
    assert again.pk == record.pk  # refreshed in place


def test_the_minutes_pdf_is_pdfa_3a_tagged_with_embedded_fonts(town):
    data = pdf.minutes_pdf(town.meeting, minutes_for(town.meeting, town.office))
    document = reader(data)
    root = document.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert "/StructTreeRoot" in root and "/OutputIntents" in root and root["/Lang"] == "de"
    packet = xmp(data)
    assert re.search(r'pdfaid:part="3"', packet) and re.search(r'pdfaid:conformance="A"', packet)
    assert document.metadata.title == f"Niederschrift: {town.meeting.title}"
    assert embedded_fonts(data) <= {"Liberation-Sans", "Liberation-Sans-Bold", "Liberation-Sans-Italic"}
