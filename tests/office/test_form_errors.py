"""A failed save of the paper form: a summary at the top, every invalid field marked, nothing lost or unsafe."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from office.forms import attachment_name
from resolutions.models import File, Paper

from .conftest import NEW, form_data

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
XSS = "<img src=x onerror=alert(document.domain)>"


def summary_of(html):
    return re.search(r'<section class="error-summary" id="fehler" role="alert" tabindex="-1".*?</section>', html, re.S)


def test_a_failed_save_opens_with_a_summary_linking_to_every_invalid_field(clerk_client, town):
    data = form_data(town, name="", resolution_text="", **{"beratung-1-role": "information"})
    response = clerk_client.post(NEW, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<title>Fehler: Neue Vorlage", html)
    summary = summary_of(html)
    assert summary, "no error summary"
    assert html.index('id="fehler"') < html.index('<form method="post" enctype')
    links = re.findall(r'<a href="#([\w-]+)">([^<]+)</a>', summary.group(0))
    assert ("id_name", "Titel: Dieses Feld ist zwingend erforderlich.") in links
    assert ("id_resolution_text", "Beschlusstext: Dieses Feld ist zwingend erforderlich.") in links
    assert any(target == "beratungsfolge" and "entscheidendes Gremium" in text for target, text in links)
    for target, _ in links:
        assert f'id="{target}"' in html
    assert "autofocus" not in html


def test_every_invalid_field_is_marked_and_described_by_its_error(clerk_client, town):
    response = clerk_client.post(NEW, form_data(town, name="", resolution_text="<p> </p>"))
    html = response.content.decode()
    for name in ["name", "resolution_text"]:
        field = re.search(rf'<(input|textarea)[^>]*name="{name}"[^>]*>', html).group(0)
        assert 'aria-invalid="true"' in field
        assert f'aria-describedby="id_{name}_error"' in field
        assert f'id="id_{name}_error"' in html
    reasoning = re.search(r'<textarea[^>]*name="reasoning"[^>]*>', html).group(0)
    assert "aria-invalid" not in reasoning


def test_a_row_with_an_error_is_marked_and_named_by_its_number_in_the_summary(clerk_client, town):
    response = clerk_client.post(NEW, form_data(town, **{"beratung-1-organization": "999999"}))
    html = response.content.decode()
    assert '<a href="#id_beratung-1-organization">Gremium, Zeile 2: Dieses Gremium gibt es nicht' in html
    field = re.search(r'<select[^>]*name="beratung-1-organization"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field


def test_a_page_without_errors_has_no_summary_and_no_error_title(clerk_client, town):
    html = clerk_client.get(NEW).content.decode()
    assert not summary_of(html)
    assert "<title>Neue Vorlage" in html


def test_a_posted_rich_text_is_shown_again_only_sanitised(clerk_client, town):
    response = clerk_client.post(NEW, form_data(town, name="", reasoning=f"<p>Begründung</p>{XSS}<script>x()</script>"))
    html = response.content.decode()
    textarea = re.search(r'<textarea[^>]*name="reasoning"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    assert "onerror" not in textarea and "script" not in textarea
    assert "&lt;p&gt;Begründung&lt;/p&gt;" in textarea
    assert "onerror" not in html


def test_plain_text_typed_without_javascript_comes_back_as_typed(clerk_client, town):
    response = clerk_client.post(NEW, form_data(town, name="", reasoning="Erster Absatz\n\nZweiter & letzter"))
    textarea = re.search(r'<textarea[^>]*name="reasoning"[^>]*>(.*?)</textarea>', response.content.decode(), re.S)
    assert textarea.group(1).strip() == "Erster Absatz\n\nZweiter &amp; letzter"


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("ä" * 130 + ".pdf", ".pdf"),
        ("x" * 300 + ".pdf", ".pdf"),
        ("Bericht " * 40 + ".pdf", ".pdf"),
        ("€€€", ".pdf"),
        ("€€€.pdf", ".pdf"),
        ("-", ".pdf"),
    ],
)
def test_long_or_odd_attachment_names_are_shortened_safely_and_saved(clerk_client, town, name, kept):
    data = form_data(town, name="Mit langer Anlage")
    data["attachments"] = [SimpleUploadedFile(name, PDF)]
    response = clerk_client.post(NEW, data)
    assert response.status_code == 302
    record = File.objects.get()
    assert record.name.endswith(kept) and record.file_name == record.name
    assert len(record.name) <= 250 and len(record.name.encode()) <= 255
    assert record.file.read() == PDF


def test_a_long_attachment_name_in_a_failed_save_is_kept_with_the_input(clerk_client, town):
    data = form_data(town, name="", reasoning="<p>Meine lange Begründung</p>")
    data["attachments"] = [SimpleUploadedFile("ä" * 130 + ".pdf", PDF)]
    response = clerk_client.post(NEW, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Meine lange Begründung" in html and "ääääää" in html
    assert not Paper.objects.exists()


def test_shortening_cuts_at_a_character_and_keeps_the_extension():
    name = attachment_name(
        "ä" * 130 + ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert name.endswith(".docx") and name.startswith("ä")
    assert len(name.encode()) <= 247
    name.encode().decode()  # whole characters only
    assert attachment_name("a" * 260) == "a" * 247
    assert attachment_name("Haushalt 2027 (Entwurf).pdf", "application/pdf") == "Haushalt_2027_Entwurf.pdf"
    assert attachment_name("../../etc/passwd", "application/pdf") == "passwd.pdf"
