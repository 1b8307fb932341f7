"""The paper form: bad input gets a form error (never a 500), rich text is sanitised, uploads are checked."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from resolutions.models import File, Paper
from tests import factories as f

from .conftest import NEW, draft, form_data, post_new

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def errors_of(response):
    form, formset = response.context["form"], response.context["formset"]
    return {**form.errors, "beratung": list(formset.non_form_errors()) + [e for e in formset.errors if e]}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "Dieses Feld ist zwingend erforderlich."),
        ({"name": "x" * 501}, "name", "höchstens 500 Zeichen"),
        ({"resolution_text": "<p>  </p>"}, "resolution_text", "Bitte geben Sie einen Text ein."),
        (
            {
                "financial_impact": "on",
                "financial_amount": "-5,00",
                "financial_budget_line": "1",
                "financial_description": "x",
            },
            "financial_amount",
            "nicht negativ",
        ),
        ({"financial_impact": "on"}, "financial_budget_line", "Haushaltsstelle"),
        ({"financial_impact": "on", "financial_amount": "abc"}, "financial_amount", "Zahl"),
        (
            {
                "financial_budget_line": "y" * 101,
                "financial_impact": "on",
                "financial_amount": "5",
                "financial_description": "d",
            },
            "financial_budget_line",
            "höchstens 100 Zeichen",
        ),
        ({"paper_type": "999999"}, "paper_type", "gültige Auswahl"),
        ({"date": "31.02.2026"}, "date", "gültiges Datum"),
    ],
)
def test_bad_input_is_a_form_error_and_the_input_is_kept(clerk_client, town, overrides, field, message):
    response = post_new(clerk_client, town, **overrides)
    assert response.status_code == 200
    assert message in " ".join(str(e) for e in errors_of(response)[field])
    assert not Paper.objects.exists()
    if overrides.get("name"):
        assert overrides["name"][:50] in response.content.decode()


def test_a_beratungsfolge_without_a_deciding_organization_is_refused_for_a_decision_paper(clerk_client, town):
    response = post_new(clerk_client, town, **{"beratung-1-role": "information"})
    assert "braucht ein entscheidendes Gremium" in " ".join(errors_of(response)["beratung"])
    response = post_new(
        clerk_client,
        town,
        paper_type=town.info.pk,
        **{"beratung-1-role": "information", "beratung-0-role": "information"},
    )
    assert response.status_code == 302


def test_an_empty_beratungsfolge_is_refused(clerk_client, town):
    response = post_new(
        clerk_client,
        town,
        **{
            "beratung-0-organization": "",
            "beratung-1-organization": "",
            "beratung-1-role": "preliminary",
        },
    )
    assert "mindestens ein Gremium" in " ".join(errors_of(response)["beratung"])


@pytest.mark.parametrize("organization", ["999999", "abc", "department", "other_body"])
def test_an_unknown_or_foreign_organization_is_a_form_error(clerk_client, town, organization):
    value = {
        "department": town.department.pk,
        "other_body": f.organization(town.stranger_body).pk,
    }.get(organization, organization)
    response = post_new(clerk_client, town, **{"beratung-0-organization": value})
    assert response.status_code == 200
    assert "Dieses Gremium gibt es nicht" in str(response.context["formset"].errors)
    assert not Paper.objects.exists()


def test_a_clerk_cannot_write_for_another_department(clerk_client, town):
    response = post_new(clerk_client, town, under_direction_of=town.other_department.pk)
    assert "gültige Auswahl" in str(response.context["form"].errors["under_direction_of"])


XSS = [
    '<script>alert("x")</script><p>Text</p>',
    '<p onclick="alert(1)">Text</p>',
    '<img src=x onerror="alert(1)"><p>Text</p>',
    '<a href="javascript:alert(1)">Text</a>',
    '<svg onload="alert(1)"><p>Text</p></svg>',
    '<p style="background:url(javascript:alert(1))">Text</p>',
    '<iframe src="https://evil.example"></iframe><p>Text</p>',
    "<p>Text</p><style>body{display:none}</style>",
]


@pytest.mark.parametrize("payload", XSS)
def test_no_script_or_event_handler_survives_in_the_rich_text(clerk_client, town, payload):
    response = post_new(clerk_client, town, resolution_text=payload, reasoning=payload)
    assert response.status_code == 302, response.context and response.context["form"].errors
    paper = Paper.objects.get()
    for stored in (paper.resolution_text, paper.reasoning):
        lowered = stored.lower()
        for bad in ("<script", "onerror", "onclick", "onload", "javascript:", "<svg", "<iframe", "<style", "style="):
            assert bad not in lowered
        assert "Text" in stored
    page = clerk_client.get(f"/verwaltung/vorlagen/{paper.pk}/").content.decode().lower()
    assert "alert(" not in page


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("120.000,50", "120000.50"), ("1.500", "1500.00"), ("1.250.000 €", "1250000.00"), ("99,5", "99.50")],
)
def test_an_amount_typed_with_german_thousands_separators_is_taken_as_meant(clerk_client, town, typed, amount):
    finances = {"financial_budget_line": "21101", "financial_description": "Investition"}
    response = post_new(clerk_client, town, financial_impact="on", financial_amount=typed, **finances)
    assert response.status_code == 302
    assert str(Paper.objects.get().financial_amount) == amount


def test_plain_text_typed_without_the_editor_becomes_paragraphs(clerk_client, town):
    post_new(clerk_client, town, resolution_text="Erster Absatz & mehr.\r\n\r\nZweiter <Absatz", reasoning="")
    assert Paper.objects.get().resolution_text == "<p>Erster Absatz &amp; mehr.</p><p>Zweiter &lt;Absatz</p>"


def test_formatting_of_the_editor_is_kept(clerk_client, town):
    html = "<p><strong>fett</strong> <em>kursiv</em></p><ul><li>eins</li></ul><ol><li>zwei</li></ol>"
    post_new(clerk_client, town, resolution_text=html)
    assert Paper.objects.get().resolution_text == html


def test_attachments_of_allowed_types_are_stored_with_checksum(clerk_client, town):
    data = form_data(town)
    data["attachments"] = [
        SimpleUploadedFile("Lageplan.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("Foto.png", PNG, content_type="image/png"),
        SimpleUploadedFile("Vertrag.docx", docx_bytes(), content_type="application/octet-stream"),
    ]
    response = clerk_client.post(NEW, data)
    assert response.status_code == 302
    files = {record.file_name: record for record in File.objects.all()}
    assert set(files) == {"Lageplan.pdf", "Foto.png", "Vertrag.docx"}
    assert files["Lageplan.pdf"].mime_type == "application/pdf"
    assert len(files["Lageplan.pdf"].sha512_checksum) == 128
    assert files["Vertrag.docx"].mime_type.endswith("wordprocessingml.document")
    assert files["Foto.png"].uploaded_by == town.clerk


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rechnung.pdf", b"MZ\x90\x00 this is an executable"),
        ("notiz.txt", b"just text"),
        ("bild.png", b"<svg onload=alert(1)></svg>"),
    ],
)
def test_attachments_of_a_wrong_type_are_refused_by_content(clerk_client, town, name, content):
    data = form_data(town)
    data["attachments"] = [SimpleUploadedFile(name, content)]
    response = clerk_client.post(NEW, data)
    assert response.status_code == 200
    assert "kein erlaubtes Format" in str(response.context["form"].errors["attachments"])
    assert not File.objects.exists() and not Paper.objects.exists()


def test_an_attachment_above_the_size_limit_is_refused(clerk_client, town, settings):
    settings.MAX_UPLOAD_SIZE = 100
    data = form_data(town)
    data["attachments"] = [SimpleUploadedFile("gross.pdf", PDF + b"0" * 200)]
    response = clerk_client.post(NEW, data)
    assert "zu groß" in str(response.context["form"].errors["attachments"])
    assert not File.objects.exists()


def test_editing_updates_the_beratungsfolge_and_removes_attachments(clerk_client, town):
    paper = draft(town)
    attachment = f.paper(town.body)  # another paper, to make sure only own files can be removed
    from resolutions.files import store_file

    own = store_file(PDF, file_name="alt.pdf", paper=paper)
    foreign = store_file(PDF, file_name="fremd.pdf", paper=attachment)
    data = form_data(
        town,
        paper,
        name="Neuer Titel",
        remove_files=[own.pk],
        **{"beratung-0-organization": town.council.pk, "beratung-0-role": "decision", "beratung-1-organization": ""},
    )
    data["beratung-1-role"] = "preliminary"
    response = clerk_client.post(f"/verwaltung/vorlagen/{paper.pk}/bearbeiten/", data)
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.name == "Neuer Titel" and paper.version == 2
    assert [(c.organization, c.role) for c in paper.consultations.all()] == [(town.council, "decision")]
    assert not File.objects.filter(pk=own.pk).exists()
    assert File.objects.filter(pk=foreign.pk).exists()
    data["remove_files"] = [foreign.pk]
    data["version"] = 2
    response = clerk_client.post(f"/verwaltung/vorlagen/{paper.pk}/bearbeiten/", data)
    assert "gültige Auswahl" in str(response.context["form"].errors["remove_files"])


def test_a_form_saved_over_a_newer_version_is_refused_showing_the_changes_and_keeping_the_input(client, town):
    paper = draft(town, name="Alter Titel", resolution_text="<p>Die Stadt baut eine Schule.</p>")
    client.force_login(town.clerk)
    colleague = client.__class__()
    colleague.force_login(town.head)
    loaded_at = paper.version
    colleague.post(
        f"/verwaltung/vorlagen/{paper.pk}/bearbeiten/",
        form_data(
            town, paper, name="Titel der Amtsleitung", resolution_text="<p>Die Stadt baut eine große Schule.</p>"
        ),
    )
    paper.refresh_from_db()
    assert paper.version == loaded_at + 1
    mine = form_data(town, paper, name="Mein Titel", version=loaded_at)
    response = client.post(f"/verwaltung/vorlagen/{paper.pk}/bearbeiten/", mine)
    html = response.content.decode()
    assert response.status_code == 409
    assert "inzwischen von jemand anderem gespeichert" in html
    assert "<td>Alter Titel</td>" in html and "<ins>der Amtsleitung</ins>" in html
    assert "baut eine <ins>große</ins> Schule." in html
    assert 'value="Mein Titel"' in html
    assert "<h1>Vorlage bearbeiten: Titel der Amtsleitung</h1>" in html
    paper.refresh_from_db()
    assert paper.name == "Titel der Amtsleitung"
    # Saving again after reading the changes is a deliberate decision and goes through.
    assert str(response.context["form"]["version"].value()) == str(paper.version)
    mine["version"] = paper.version
    assert client.post(f"/verwaltung/vorlagen/{paper.pk}/bearbeiten/", mine).status_code == 302
    paper.refresh_from_db()
    assert paper.name == "Mein Titel"


@pytest.mark.parametrize(
    "garbage",
    [
        {"beratung-TOTAL_FORMS": None, "beratung-INITIAL_FORMS": None},
        {"beratung-TOTAL_FORMS": "abc"},
        {"beratung-TOTAL_FORMS": "5000"},
        {"version": "abc"},
        {"version": None},
        {"related_papers": "999999"},
        {"beratung-0-target_meeting": "-1"},
        {"beratung-0-target_meeting": "abc"},
        {"beratung-0-role": "veto"},
        {
            "financial_impact": "on",
            "financial_amount": "1e400",
            "financial_budget_line": "x",
            "financial_description": "y",
        },
    ],
)
def test_forged_or_garbled_posts_of_the_edit_form_never_give_a_500(client, town, garbage):
    paper = draft(town)
    client.force_login(town.clerk)
    response = client.post(f"/verwaltung/vorlagen/{paper.pk}/bearbeiten/", form_data(town, paper, **garbage))
    assert response.status_code in (200, 409)
    paper.refresh_from_db()
    assert paper.version == 1


def test_a_pdf_html_polyglot_named_html_is_stored_as_pdf(clerk_client, town):
    data = form_data(town)
    data["attachments"] = [SimpleUploadedFile("poly.html", PDF + b"<html><script>alert(1)</script></html>")]
    assert clerk_client.post(NEW, data).status_code == 302
    record = File.objects.get()
    assert (record.name, record.file_name, record.mime_type) == ("poly.pdf", "poly.pdf", "application/pdf")


def test_the_paper_form_asks_a_clerk_for_yes_or_no_even_where_an_import_made_no_statement(clerk_client, town):
    paper = draft(town, financial_impact=None)
    edit = f"/verwaltung/vorlagen/{paper.pk}/bearbeiten/"
    page = clerk_client.get(edit).content.decode()
    assert 'type="checkbox" name="financial_impact"' in page and "Unbekannt" not in page
    assert clerk_client.post(edit, form_data(town, paper)).status_code == 302
    paper.refresh_from_db()
    assert paper.financial_impact is False


def test_a_forged_row_count_gets_a_form_error_and_no_thousand_rows(client, town):
    paper = draft(town)
    client.force_login(town.clerk)
    response = client.post(
        f"/verwaltung/vorlagen/{paper.pk}/bearbeiten/", form_data(town, paper, **{"beratung-TOTAL_FORMS": "5000"})
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "höchstens 20" in html
    assert len(set(re.findall(r'name="beratung-(\d+)-organization"', html))) <= 20
    paper.refresh_from_db()
    assert paper.version == 1
