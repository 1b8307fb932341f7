import pytest
from django.contrib.auth.models import AnonymousUser

from accounts import roles
from resolutions.files import guess_mime_type, sha512, store_file
from resolutions.models import File
from tests import factories as f

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_store_file_records_checksum_size_and_type():
    paper = f.paper(f.body())
    record = store_file(PDF, file_name="anlage.pdf", paper=paper)
    assert record.body == paper.body
    assert record.sha512_checksum == sha512(PDF) and len(record.sha512_checksum) == 128
    assert record.size == len(PDF) and record.mime_type == "application/pdf"
    assert record.file.read() == PDF


def test_mime_type_comes_from_content_not_name():
    assert guess_mime_type("bild.pdf", b"\x89PNG\r\n\x1a\nxxxx") == "image/png"
    assert guess_mime_type("text.pdf", b"hello") == "application/pdf"  # name as last resort


def test_public_file_downloads_for_everyone_and_secret_one_only_for_insiders(client):
    body = f.body()
    public = store_file(PDF, file_name="a.pdf", paper=f.paper(body))
    draft = store_file(PDF, file_name="b.pdf", paper=f.paper(body, state="draft"))
    response = client.get(f"/{body.slug}/dokumente/{public.pk}/a.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert client.get(f"/{body.slug}/dokumente/{draft.pk}/b.pdf").status_code == 404
    assert client.get(f"/{f.body().slug}/dokumente/{public.pk}/a.pdf").status_code == 404
    client.force_login(f.user(body, roles.COUNCIL_OFFICE))
    response = client.get(f"/{body.slug}/dokumente/{draft.pk}/b.pdf")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"


def test_wrong_file_name_redirects_to_the_canonical_url(client):
    body = f.body()
    record = store_file(PDF, file_name="a.pdf", paper=f.paper(body))
    response = client.get(f"/{body.slug}/dokumente/{record.pk}/falsch.pdf")
    assert response.status_code == 302 and response["Location"].endswith("/a.pdf")
    assert File.objects.visible_to(AnonymousUser()).count() == 1


def test_a_pdf_html_polyglot_uploaded_as_html_is_stored_and_served_as_pdf(client):
    body = f.body()
    polyglot = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n%%EOF"
    record = store_file(polyglot, file_name="poly.html", paper=f.paper(body), mime_type="text/html")
    assert (record.file_name, record.name, record.mime_type) == ("poly.pdf", "poly.pdf", "application/pdf")
    assert record.file.name.endswith(".pdf")
    response = client.get(f"/{body.slug}/dokumente/{record.pk}/poly.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "poly.pdf" in response["Content-Disposition"] and "html" not in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("file_name", "data", "stored"),
    [
        ("foto.jpg", b"\x89PNG\r\n\x1a\nxxxx", "foto.png"),
        ("foto.jpeg", b"\xff\xd8\xffxxxx", "foto.jpeg"),
        ("anlage", PDF, "anlage.pdf"),
        ("ANLAGE.PDF", PDF, "ANLAGE.PDF"),
        ("tabelle.xyz", b"unknown", "tabelle.xyz"),
    ],
)
def test_stored_names_carry_an_extension_of_the_detected_type(file_name, data, stored):
    assert store_file(data, file_name=file_name, paper=f.paper(f.body())).file_name == stored
