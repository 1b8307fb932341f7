"""The paper PDF URL and the export command follow the same visibility as the paper page."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import roles
from documents import pdf
from documents.management.commands.export_pdf import Command as ExportPdf
from resolutions.models import Amendment
from tests import factories as f
from tests.documents.helpers import all_text

pytestmark = pytest.mark.django_db


def url(paper):
    return f"/dokumente/{paper.body.slug}/vorlagen/{paper.pk}.pdf"


def test_public_paper_pdf_is_served_inline_to_everyone(client):
    paper = f.paper(f.body(), name="Radweg an der Dorfstraße", reference="B-12/2026")
    response = client.get(url(paper))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="b-12-2026.pdf"'
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Radweg an der Dorfstraße" in all_text(response.content)


def test_the_public_pdf_is_rendered_once_per_version_and_never_handed_to_a_member(client, monkeypatch):
    body = f.body()
    paper = f.paper(body, name="Radweg an der Dorfstraße")
    rendered = []
    render = pdf.paper_pdf
    monkeypatch.setattr(pdf, "paper_pdf", lambda *args: rendered.append(args) or render(*args))
    first = client.get(url(paper))
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url(paper))
    assert len(rendered) == 1 and len(queries) == 0
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert client.get(url(paper), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    # A member is never served the stored public copy: their view is rendered for them.
    client.force_login(f.user(body, roles.COUNCIL_OFFICE))
    assert client.get(url(paper))["Cache-Control"] == "private, no-store" and len(rendered) == 2
    client.logout()
    # A change the public sees: rendered afresh, the old validator no longer matches.
    paper.name = "Radweg an der Lindenstraße"
    paper.save()
    changed = client.get(url(paper), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and len(rendered) == 3
    assert "Radweg an der Lindenstraße" in all_text(changed.content)


def test_draft_and_nonpublic_paper_pdfs_are_404_for_the_public_and_served_to_insiders(client):
    body = f.body()
    draft = f.paper(body, state="draft")
    secret = f.paper(body, public=False)
    assert client.get(url(draft)).status_code == 404
    assert client.get(url(secret)).status_code == 404
    client.force_login(f.user(body, roles.COUNCIL_OFFICE))
    response = client.get(url(secret))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert client.get(url(draft)).status_code == 200


def test_paper_pdf_of_another_body_is_404(client):
    paper = f.paper(f.body())
    assert client.get(f"/dokumente/{f.body().slug}/vorlagen/{paper.pk}.pdf").status_code == 404


def test_paper_pdf_keeps_a_query_budget_that_does_not_grow_with_the_beratungsfolge(client):
    body = f.body()
    paper = f.paper(body, resolution_text="<p>Erstens A. Zweitens B. Drittens C.</p>")
    council = f.organization(body)
    client.force_login(f.user(body, roles.COUNCILLOR))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(paper)).status_code == 200
        return len(queries)

    def consult(position, passage):
        meeting = f.meeting(council, state="held")
        consultation = f.consultation(paper, council, position=position, meeting=meeting)
        f.agenda_item(meeting, consultation=consultation)
        f.amendment(consultation, Amendment.Kind.CHANGED, passage, passage.replace(".", "!"))

    consult(1, "Erstens A.")
    before = count()
    consult(2, "Zweitens B.")
    consult(3, "Drittens C.")
    assert count() == before <= 12  # 12: the Anlagen list (one query for the files)
    assert "Drittens C. ! ***)" in all_text(client.get(url(paper)).content)  # "." struck, "!" bold


def test_portal_paper_page_links_the_pdf(client):
    paper = f.paper(f.body())
    html = client.get(f"/{paper.body.slug}/vorlagen/{paper.pk}/").content.decode()
    assert f'href="{url(paper)}"' in html


def test_export_pdf_command_writes_the_paper(tmp_path, capsys):
    paper = f.paper(f.body(), name="Radweg an der Dorfstraße", reference="B-12/2026")
    target = tmp_path / "vorlage.pdf"
    call_command("export_pdf", "B-12/2026", "--body", paper.body.slug, "-o", str(target))
    assert "Radweg an der Dorfstraße" in all_text(target.read_bytes())
    assert "B-12/2026 geschrieben" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("reference", "body", "message"),
    [("B-99/2026", "known", "Die Vorlage „B-99/2026“ gibt es"), ("B-12/2026", "nirgendwo", "Die Kommune „nirgendwo“")],
)
def test_export_pdf_command_names_an_unknown_reference_or_body(tmp_path, capsys, reference, body, message):
    paper = f.paper(f.body(), reference="B-12/2026")
    slug = paper.body.slug if body == "known" else body
    with pytest.raises(CommandError, match=message):
        call_command("export_pdf", reference, "--body", slug, "-o", str(tmp_path / "x.pdf"))
    with pytest.raises(SystemExit) as exit:
        ExportPdf().run_from_argv(["manage.py", "export_pdf", reference, "--body", slug, "-o", str(tmp_path / "x.pdf")])
    assert exit.value.code != 0
    error = capsys.readouterr().err
    assert message in error and "Traceback" not in error
    assert not (tmp_path / "x.pdf").exists()
