import pytest

from tests import factories as f


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_visitor_finds_the_pdf_links_on_paper_and_meeting_pages(page):
    body = f.body()
    council = f.organization(body)
    meeting = f.meeting(council, state="invited")  # invitation and bundle are public from the invitation on
    paper = f.paper(body, name="Radweg an der Dorfstraße")
    f.agenda_item(meeting, consultation=f.consultation(paper, council, meeting=meeting))

    page.goto(f"/{body.slug}/vorlagen/{paper.pk}/")
    href = page.get_by_role("link", name="Vorlage als PDF").get_attribute("href")
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")

    page.goto(f"/{body.slug}/sitzungen/{meeting.pk}/")
    for name in ("Einladung mit Tagesordnung (PDF)", "Sitzungsmappe mit allen Vorlagen und Anlagen (PDF)"):
        response = page.request.get(page.get_by_role("link", name=name).get_attribute("href"))
        assert response.ok and response.headers["content-type"] == "application/pdf"
