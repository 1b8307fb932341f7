"""The whole workflow through the back-office pages, one role after the other."""

import pytest
from django.core import mail

from resolutions.models import Paper, Transition

from .conftest import form_data

pytestmark = pytest.mark.django_db


def test_a_paper_goes_from_the_clerk_through_every_signer_to_release(client, town, django_capture_on_commit_callbacks):
    client.force_login(town.clerk)
    assert client.get("/verwaltung/vorlagen/neu/").status_code == 200
    response = client.post("/verwaltung/vorlagen/neu/", form_data(town))
    paper = Paper.objects.get(name="Neubau der Kita „Sonnenschein“")
    assert response.headers["Location"] == f"/verwaltung/vorlagen/{paper.pk}/"
    assert (paper.state, paper.originator, paper.version) == ("draft", town.clerk, 1)
    assert [(c.organization, c.role) for c in paper.consultations.order_by("position")] == [
        (town.committee, "preliminary"),
        (town.council, "decision"),
    ]
    page = client.get(f"/verwaltung/vorlagen/{paper.pk}/").content.decode()
    assert "Zur Mitzeichnung einreichen" in page
    assert "<strong>Neubau</strong>" in page
    assert "Meine Entwürfe" in client.get("/verwaltung/").content.decode()
    assert paper.name in client.get("/verwaltung/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/verwaltung/vorlagen/{paper.pk}/einreichen/")
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["head@example.org"]

    client.force_login(town.head)
    work = client.get("/verwaltung/").content.decode()
    assert paper.name in work.split("Warten auf meine Mitzeichnung")[1].split("An mich zurückgegeben")[0]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/verwaltung/vorlagen/{paper.pk}/mitzeichnen/", {"sign-comment": "Einverstanden."})
    assert mail.outbox[-1].to == ["treasurer@example.org"]

    client.force_login(town.treasurer)
    assert paper.name in client.get("/verwaltung/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/verwaltung/vorlagen/{paper.pk}/mitzeichnen/")
    client.force_login(town.mayor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/verwaltung/vorlagen/{paper.pk}/mitzeichnen/")
    assert mail.outbox[-1].to == ["clerk@example.org"]

    client.force_login(town.clerk)
    assert "bereit zur Freigabe" in client.get("/verwaltung/").content.decode()
    response = client.post(f"/verwaltung/vorlagen/{paper.pk}/freigeben/", follow=True)
    paper.refresh_from_db()
    assert paper.state == "released" and paper.reference.startswith("B-1/")
    html = response.content.decode()
    assert f"Die Vorlage wurde freigegeben: {paper.reference}." in html
    timeline = html.split('id="zeitleiste"')[1]
    for label in ("Zur mitzeichnung eingereicht", "Mitgezeichnet", "Freigegeben"):
        assert label.lower() in timeline.lower()
    assert "Einverstanden." in timeline
    assert list(Transition.objects.filter(paper=paper).values_list("action", flat=True)) == [
        "submit",
        "sign",
        "sign",
        "sign",
        "release",
    ]

    client.force_login(town.mayor)
    client.post(f"/verwaltung/vorlagen/{paper.pk}/zurueckziehen/", {"withdraw-comment": "Nicht mehr nötig."})
    paper.refresh_from_db()
    assert paper.state == "withdrawn"


def test_a_returned_paper_shows_up_for_its_author_with_the_comment(client, town):
    client.force_login(town.clerk)
    client.post("/verwaltung/vorlagen/neu/", form_data(town))
    paper = Paper.objects.get()
    client.post(f"/verwaltung/vorlagen/{paper.pk}/einreichen/")
    client.force_login(town.head)
    response = client.post(f"/verwaltung/vorlagen/{paper.pk}/zurueckgeben/", {"return-comment": ""})
    assert response.status_code == 400
    assert "Bitte begründen Sie die Rückgabe." in response.content.decode()
    client.post(f"/verwaltung/vorlagen/{paper.pk}/zurueckgeben/", {"return-comment": "Bitte Kosten ergänzen."})
    paper.refresh_from_db()
    assert paper.state == "draft"
    client.force_login(town.clerk)
    work = client.get("/verwaltung/").content.decode()
    assert paper.name in work.split("An mich zurückgegeben")[1].split("Meine Entwürfe")[0]
    detail = client.get(f"/verwaltung/vorlagen/{paper.pk}/").content.decode()
    assert "Bitte Kosten ergänzen." in detail
    assert "zurückgegeben" in detail


def test_a_forged_transition_gets_403_or_409_and_changes_nothing(client, town):
    client.force_login(town.clerk)
    client.post("/verwaltung/vorlagen/neu/", form_data(town))
    paper = Paper.objects.get()
    version = paper.version
    assert client.post(f"/verwaltung/vorlagen/{paper.pk}/mitzeichnen/").status_code == 403
    assert client.post(f"/verwaltung/vorlagen/{paper.pk}/freigeben/").status_code == 409
    client.force_login(town.head)
    assert client.post(f"/verwaltung/vorlagen/{paper.pk}/mitzeichnen/").status_code == 409
    client.force_login(town.treasurer)
    assert client.post(f"/verwaltung/vorlagen/{paper.pk}/mitzeichnen/").status_code == 404
    assert client.get(f"/verwaltung/vorlagen/{paper.pk}/mitzeichnen/").status_code == 405
    paper.refresh_from_db()
    assert (paper.state, paper.version, paper.transitions.count(), paper.signoffs.count()) == ("draft", version, 0, 0)


@pytest.mark.parametrize("author", ["head", "office", "admin"])
def test_heads_of_department_the_council_office_and_admins_also_write_submit_and_release(client, town, author):
    user = getattr(town, author)
    client.force_login(user)
    assert client.post("/verwaltung/vorlagen/neu/", form_data(town)).status_code == 302
    paper = Paper.objects.get()
    assert paper.originator == user
    client.post(f"/verwaltung/vorlagen/{paper.pk}/einreichen/")
    for signer in (town.head, town.treasurer, town.mayor):
        client.force_login(signer)
        assert client.post(f"/verwaltung/vorlagen/{paper.pk}/mitzeichnen/").status_code == 302
    client.force_login(user)
    assert client.post(f"/verwaltung/vorlagen/{paper.pk}/freigeben/").status_code == 302
    paper.refresh_from_db()
    assert paper.state == "released" and paper.reference


def test_the_council_office_writes_for_any_department_and_a_treasurer_cannot_write(client, town):
    client.force_login(town.office)
    response = client.post("/verwaltung/vorlagen/neu/", form_data(town, under_direction_of=town.other_department.pk))
    assert response.status_code == 302
    client.force_login(town.treasurer)
    assert client.post("/verwaltung/vorlagen/neu/", form_data(town)).status_code == 403
    assert Paper.objects.count() == 1


def test_the_treasurer_stays_on_the_paper_she_signed_and_finds_it_again_read_only(client, town):
    client.force_login(town.clerk)
    client.post("/verwaltung/vorlagen/neu/", form_data(town))
    paper = Paper.objects.get()
    client.post(f"/verwaltung/vorlagen/{paper.pk}/einreichen/")
    client.force_login(town.head)
    client.post(f"/verwaltung/vorlagen/{paper.pk}/mitzeichnen/")
    client.force_login(town.treasurer)
    response = client.post(f"/verwaltung/vorlagen/{paper.pk}/mitzeichnen/", {"sign-comment": "Gedeckt."}, follow=True)
    assert response.redirect_chain[-1] == (f"/verwaltung/vorlagen/{paper.pk}/", 302)
    assert (
        response.status_code == 200
        and "Sie haben die finanziellen Auswirkungen der Vorlage bestätigt." in response.content.decode()
    )
    search = client.get("/verwaltung/vorlagen/?q=Kita").content.decode()
    assert paper.name in search
    assert paper.name in client.get("/verwaltung/").content.decode().split("Von mir mitgezeichnet")[1]
    # Read-only: she may not edit, and after the mayor returns it she still sees the draft.
    assert client.get(f"/verwaltung/vorlagen/{paper.pk}/bearbeiten/").status_code == 403
    client.force_login(town.mayor)
    client.post(f"/verwaltung/vorlagen/{paper.pk}/zurueckgeben/", {"return-comment": "Noch nicht."})
    client.force_login(town.treasurer)
    assert client.get(f"/verwaltung/vorlagen/{paper.pk}/").status_code == 200
    assert client.get(f"/verwaltung/vorlagen/{paper.pk}/verlauf/").status_code == 200
    assert client.get(f"/verwaltung/vorlagen/{paper.pk}/bearbeiten/").status_code == 403


def test_a_signer_of_another_department_does_not_see_what_others_signed(client, town):
    client.force_login(town.clerk)
    client.post("/verwaltung/vorlagen/neu/", form_data(town))
    paper = Paper.objects.get()
    client.post(f"/verwaltung/vorlagen/{paper.pk}/einreichen/")
    client.force_login(town.head)
    client.post(f"/verwaltung/vorlagen/{paper.pk}/mitzeichnen/")
    client.force_login(town.other_head)
    assert client.get(f"/verwaltung/vorlagen/{paper.pk}/").status_code == 404
    assert paper.name not in client.get("/verwaltung/vorlagen/?q=Kita").content.decode()


def test_after_a_return_and_a_second_round_the_author_finds_the_paper_ready_for_release(client, town):
    client.force_login(town.clerk)
    client.post("/verwaltung/vorlagen/neu/", form_data(town))
    paper = Paper.objects.get()
    client.post(f"/verwaltung/vorlagen/{paper.pk}/einreichen/")
    client.force_login(town.head)
    client.post(f"/verwaltung/vorlagen/{paper.pk}/zurueckgeben/", {"return-comment": "Bitte Kosten ergänzen."})
    client.force_login(town.clerk)
    client.post(f"/verwaltung/vorlagen/{paper.pk}/einreichen/")
    for signer in (town.head, town.treasurer, town.mayor):
        client.force_login(signer)
        client.post(f"/verwaltung/vorlagen/{paper.pk}/mitzeichnen/", {"sign-comment": ""})
    client.force_login(town.clerk)
    assert paper.name in client.get("/verwaltung/").content.decode()
    detail = client.get(f"/verwaltung/vorlagen/{paper.pk}/").content.decode()
    assert "Freigeben und Vorlagen-Nr. vergeben" in detail
    assert "Bitte Kosten ergänzen." in detail.split("frühere Runde")[1]
    client.post(f"/verwaltung/vorlagen/{paper.pk}/freigeben/")
    paper.refresh_from_db()
    assert paper.state == "released"


def test_my_work_shows_each_role_only_its_own_kinds_of_work(client, town):
    client.force_login(town.clerk)
    clerk = client.get("/verwaltung/").content.decode()
    assert "Meine Entwürfe" in clerk and "Warten auf meine Mitzeichnung" not in clerk
    client.force_login(town.treasurer)
    treasurer = client.get("/verwaltung/").content.decode()
    assert "Warten auf meine Mitzeichnung" in treasurer and "Meine Entwürfe" not in treasurer
    client.force_login(town.head)
    head = client.get("/verwaltung/").content.decode()
    assert "Warten auf meine Mitzeichnung" in head and "Meine Entwürfe" in head
