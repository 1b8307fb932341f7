"""Private notes: written, changed and kept with history by their author, seen by nobody else."""

import pytest
from django.contrib import admin

from councillors.models import Note
from councillors.notes import NoteError, save_note

pytestmark = pytest.mark.django_db


def test_councillor_writes_and_edits_a_note_on_a_paper_and_sees_earlier_versions(client, world):
    client.force_login(world.member)
    url = f"/mein/vorlagen/{world.secret_paper.pk}/notiz/"
    response = client.post(url, {"text": "Angebote vergleichen"})
    assert response.status_code == 302 and response["Location"] == f"/mein/vorlagen/{world.secret_paper.pk}/"
    client.post(url, {"text": "Angebote vergleichen, Rückfrage an das Bauamt"})
    note = Note.objects.get(author=world.member, paper=world.secret_paper)
    assert note.text == "Angebote vergleichen, Rückfrage an das Bauamt"
    assert [v.text for v in note.history.order_by("history_date")] == [
        "Angebote vergleichen",
        "Angebote vergleichen, Rückfrage an das Bauamt",
    ]
    assert note.history.first().history_user == world.member
    html = client.get(url).content.decode()
    assert "Frühere Fassungen" in html
    assert "<br>Angebote vergleichen</li>" in html  # the first version, below the form
    assert "Rückfrage an das Bauamt" in client.get(f"/mein/vorlagen/{world.secret_paper.pk}/").content.decode()


def test_note_on_an_agenda_item_goes_back_to_the_meeting_and_is_flagged_there(client, world):
    client.force_login(world.member)
    response = client.post(f"/mein/tagesordnungspunkte/{world.secret_item.pk}/notiz/", {"text": "Befangenheit prüfen"})
    assert response["Location"] == f"/mein/sitzungen/{world.meeting.pk}/#top-{world.secret_item.pk}"
    html = client.get(f"/mein/sitzungen/{world.meeting.pk}/").content.decode()
    assert "Notiz ansehen" in html


def test_empty_text_deletes_the_note_and_history_keeps_it(client, world):
    client.force_login(world.member)
    url = f"/mein/vorlagen/{world.public_paper.pk}/notiz/"
    client.post(url, {"text": "Nur kurz"})
    note_id = Note.objects.get().pk
    response = client.post(url, {"text": "  "}, follow=True)
    assert "Notiz gelöscht." in response.content.decode()
    assert not Note.objects.exists()
    assert Note.history.filter(id=note_id).count() == 2


def test_notes_are_invisible_to_other_councillors_staff_and_the_admin(client, world, django_user_model):
    save_note(world.member, "Streng privat: Stimmverhalten abstimmen", paper=world.public_paper)
    save_note(world.member, "Auch privat", agenda_item=world.public_item)
    secret = "Streng privat"
    client.force_login(world.non_member)
    for url in (
        f"/mein/vorlagen/{world.public_paper.pk}/",
        f"/mein/vorlagen/{world.public_paper.pk}/notiz/",
        f"/mein/tagesordnungspunkte/{world.public_item.pk}/notiz/",
        f"/mein/sitzungen/{world.meeting.pk}/",
        "/mein/notizen/",
        "/mein/",
    ):
        html = client.get(url).content.decode()
        assert secret not in html and "Auch privat" not in html, url
    client.force_login(world.office)
    assert secret not in client.get(f"/{world.body.slug}/vorlagen/{world.public_paper.pk}/").content.decode()
    assert client.get("/mein/notizen/").status_code == 403

    assert not admin.site.is_registered(Note)
    assert not admin.site.is_registered(Note.history.model)
    root = django_user_model.objects.create_superuser("root", password="pw-test-123")
    client.force_login(root)
    assert client.get("/admin/councillors/note/").status_code == 404
    assert client.get("/admin/councillors/historicalnote/").status_code == 404
    assert secret not in client.get("/admin/").content.decode()


def test_note_on_something_the_councillor_may_not_see_is_refused(world):
    with pytest.raises(NoteError):
        save_note(world.non_member, "Neugier", paper=world.secret_paper)
    with pytest.raises(NoteError):
        save_note(world.non_member, "Neugier", agenda_item=world.secret_item)
    assert not Note.objects.exists()


def test_a_too_long_note_is_a_form_error_and_the_text_is_kept(client, world):
    client.force_login(world.member)
    text = "x" * 20001
    response = client.post(f"/mein/vorlagen/{world.public_paper.pk}/notiz/", {"text": text})
    assert response.status_code == 200
    assert "höchstens 20000 Zeichen" in response.content.decode()
    assert text in response.content.decode()
    assert not Note.objects.exists()


def test_redirect_after_saving_stays_on_this_site(client, world):
    client.force_login(world.member)
    url = f"/mein/vorlagen/{world.public_paper.pk}/notiz/"
    response = client.post(url, {"text": "a", "next": "https://evil.example/"})
    assert response["Location"] == f"/mein/vorlagen/{world.public_paper.pk}/"
    response = client.post(url, {"text": "b", "next": "/mein/notizen/"})
    assert response["Location"] == "/mein/notizen/"
