import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resolutions.models import Paper
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_root_redirects_to_the_only_body_and_lists_several(client):
    body = f.body()
    assert client.get("/").headers["Location"] == f"/{body.slug}/"
    f.body(name="Zweite Gemeinde")
    response = client.get("/")
    assert response.status_code == 200
    assert "Zweite Gemeinde" in response.content.decode()


def test_start_page_lists_public_papers_and_meetings(client, demo):
    response = client.get("/luckenwalde/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nächste Sitzungen" in html
    drafts = Paper.objects.filter(body=demo.luckenwalde, state="draft")
    public_page = "".join(client.get(f"/luckenwalde/vorlagen/?seite={n}").content.decode() for n in (1, 2))
    assert "Haushaltssatzung der Stadt Luckenwalde" in public_page
    for draft in drafts:
        assert draft.name not in public_page
    for secret in Paper.objects.filter(body=demo.luckenwalde, public=False):
        assert secret.name not in public_page


def test_paper_page_shows_beratungsfolge_and_decided_text_with_footnote(client, demo):
    paper = demo.seed_paper
    response = client.get(f"/luckenwalde/vorlagen/{paper.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "B-7311/2021" in html
    assert "Stadtverordnetenversammlung" in html and "14.12.2021" in html
    assert f'zum nächstmöglichen Zeitpunkt. <a class="amendment-marker" href="#fn-{paper.pk}-1"' in html
    assert "*) ergänzt STVV 14.12.2021/jae" in html
    assert "Finanzielle Auswirkung: nein" in html
    assert "Cottbus/Chósebuz" in html


def test_paper_page_is_404_for_drafts_and_nonpublic_papers_and_wrong_body(client, demo):
    draft = Paper.objects.filter(body=demo.luckenwalde, state="draft").first()
    secret = Paper.objects.filter(body=demo.luckenwalde, public=False, state="decided").first()
    assert client.get(f"/luckenwalde/vorlagen/{draft.pk}/").status_code == 404
    assert client.get(f"/luckenwalde/vorlagen/{secret.pk}/").status_code == 404
    assert client.get(f"/nuthe-urstromtal/vorlagen/{demo.seed_paper.pk}/").status_code == 404
    office = demo.luckenwalde.users.get(username="sitzungsdienst")
    client.force_login(office)
    assert client.get(f"/luckenwalde/vorlagen/{secret.pk}/").status_code == 200


def test_meeting_page_hides_nonpublic_items_from_the_public(client, demo):
    secret = Paper.objects.filter(body=demo.luckenwalde, public=False).exclude(consultations__agenda_items=None).first()
    meeting = secret.consultations.exclude(agenda_items=None).first().agenda_items.first().meeting
    html = client.get(f"/luckenwalde/sitzungen/{meeting.pk}/").content.decode()
    assert "nichtöffentlich" in html
    assert secret.name not in html
    office = demo.luckenwalde.users.get(username="sitzungsdienst")
    client.force_login(office)
    assert secret.name in client.get(f"/luckenwalde/sitzungen/{meeting.pk}/").content.decode()


@pytest.mark.parametrize("url", ["/luckenwalde/", "paper", "meeting"])
def test_pages_keep_their_query_budget(client, demo, url):
    if url == "paper":
        url = f"/luckenwalde/vorlagen/{demo.seed_paper.pk}/"
    elif url == "meeting":
        url = f"/luckenwalde/sitzungen/{demo.seed_paper.consultations.get().meeting_id}/"
    councillor = demo.luckenwalde.users.get(username="stadtverordnete")
    for user in (None, councillor):
        if user:
            client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        # The start page reads its latest decisions as the viewer sees them (`paper_views`: four queries for the list).
        budget = 16 if url == "/luckenwalde/" else 12
        assert len(queries) <= budget, [q["sql"] for q in queries]


def test_bad_page_numbers_do_not_fail(client, demo):
    for page in ("abc", "-1", "999999"):
        assert client.get(f"/luckenwalde/?seite={page}").status_code == 200


def test_paper_page_without_any_resolution_text_shows_no_empty_beschluss_box(client):
    body = f.body()
    paper = f.paper(body, resolution_text="")
    page = client.get(f"/{body.slug}/vorlagen/{paper.pk}/").content.decode()
    assert paper.name in page
    assert 'id="beschluss"' not in page and 'class="resolution"' not in page
