"""The signer's page: the content first, the decision after it; a button per step; the
signers' titles as the Body calls them; a PDF preview marked "Entwurf" at any state."""

import pytest
from django.core import mail

from resolutions import workflow

from .conftest import draft

pytestmark = pytest.mark.django_db


def _page(client, user, paper):
    client.force_login(user)
    response = client.get(f"/verwaltung/vorlagen/{paper.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_content_comes_before_the_decision_panel(client, town):
    paper = workflow.submit(draft(town, name="Neubau der Kita"), by=town.clerk)
    html = _page(client, town.head, paper)
    content = html.index('class="resolution')
    assert content < html.index('id="mitzeichnung"') < html.index('id="aktionen"')
    # A way past the long text to the decision, for keyboards and screen readers.
    assert html.index('href="#aktionen"') < content


def test_each_step_has_its_own_button_and_the_titles_of_the_body(client, town, django_capture_on_commit_callbacks):
    town.body.treasurer_title, town.body.mayor_title = "Kämmerer", "Bürgermeisterin"
    town.body.save()
    paper = workflow.submit(draft(town, name="Neubau der Kita"), by=town.clerk)
    expected = [
        (town.head, "Mitzeichnen", "Sie haben die Vorlage mitgezeichnet."),
        (town.treasurer, "Finanzielle Auswirkungen bestätigen", "Sie haben die finanziellen Auswirkungen"),
        (town.mayor, "Unterzeichnen", "Sie haben die Vorlage unterzeichnet."),
    ]
    for signer, button, done in expected:
        html = _page(client, signer, paper)
        actions = html.split('id="aktionen"')[1]
        assert f'<button type="submit">{button}</button>' in actions
        others = {b for _, b, _ in expected} - {button}
        assert not any(f">{other}</button>" in actions for other in others)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/verwaltung/vorlagen/{paper.pk}/mitzeichnen/", follow=True)
        assert done in response.content.decode()
    html = _page(client, town.clerk, paper)
    table = html.split('id="mitzeichnung"')[1].split("</table>")[0]
    assert "2. Kämmerer" in table and "3. Bürgermeisterin" in table
    assert "Kämmerin/Kämmerer" not in html and "Bürgermeister/in" not in html
    timeline = html.split('id="zeitleiste"')[1]
    assert "(Kämmerer)" in timeline and "(Bürgermeisterin)" in timeline


def test_the_mail_to_the_treasurer_names_her_step(town, django_capture_on_commit_callbacks):
    paper = workflow.submit(draft(town, name="Neubau der Kita"), by=town.clerk)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.sign(paper, by=town.head)
    assert mail.outbox[-1].to == ["treasurer@example.org"]
    assert "wartet auf Ihre Bestätigung der finanziellen Auswirkungen" in mail.outbox[-1].subject
    assert "(Amtsleitung)" in mail.outbox[-1].body


@pytest.mark.parametrize("state", ["draft", "in_signoff", "released"])
def test_the_pdf_preview_is_marked_draft_at_any_state(client, town, state):
    paper = draft(town, name="Neubau der Kita")
    if state != "draft":
        paper = workflow.submit(paper, by=town.clerk)
    if state == "released":
        for signer in (town.head, town.treasurer, town.mayor):
            paper = workflow.sign(paper, by=signer)
        paper = workflow.release(paper, by=town.clerk)
    html = _page(client, town.clerk, paper)
    assert f'href="/verwaltung/vorlagen/{paper.pk}/entwurf.pdf"' in html
    response = client.get(f"/verwaltung/vorlagen/{paper.pk}/entwurf.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF")
    assert "entwurf-fassung-1.pdf" in response["Content-Disposition"]


def test_the_draft_mark_is_on_the_preview_only(town):
    from documents import pdf

    paper = draft(town, name="Neubau der Kita")
    assert '<body class="draft ' in pdf.paper_html(paper, draft=True)
    assert "draft" not in pdf.paper_html(paper).split("<body")[1].split(">")[0]


def test_the_preview_follows_the_back_office_permissions(client, town):
    paper = draft(town, name="Neubau der Kita")
    client.force_login(town.stranger)
    assert client.get(f"/verwaltung/vorlagen/{paper.pk}/entwurf.pdf").status_code in (403, 404)
    client.force_login(town.councillor)
    assert client.get(f"/verwaltung/vorlagen/{paper.pk}/entwurf.pdf").status_code == 403
    client.logout()
    assert client.get(f"/verwaltung/vorlagen/{paper.pk}/entwurf.pdf").status_code == 302
