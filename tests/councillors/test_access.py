"""Who gets what: every councillor URL and every file of the meeting, for every kind of user."""

import pytest

from councillors.models import Note

pytestmark = pytest.mark.django_db

USERS = ["member", "non_member", "staff", "office", "anonymous", "other_body"]

# URL -> expected status for member, non-member councillor, clerk, council office, anonymous,
# councillor of another Body. Staff have no councillor area; anonymous visitors are sent to the login.
PAGES = {
    "dashboard": (200, 200, 403, 403, 302, 200),
    "meeting": (200, 200, 403, 403, 302, 404),
    "other_body_meeting": (404, 404, 403, 403, 302, 200),
    "public_paper": (200, 200, 403, 403, 302, 404),
    "secret_paper": (200, 404, 403, 403, 302, 404),
    "public_paper_note": (200, 200, 403, 403, 302, 404),
    "secret_paper_note": (200, 404, 403, 403, 302, 404),
    "public_item_note": (200, 200, 403, 403, 302, 404),
    "secret_item_note": (200, 404, 403, 403, 302, 404),
    "notes": (200, 200, 403, 403, 302, 200),
    "settings": (200, 200, 403, 403, 302, 200),
    "unknown_meeting": (404, 404, 403, 403, 302, 404),
}

# Files through the one download view (portal:file). The council office sees all of its Body.
FILES = {
    "public_paper_file": (200, 200, 200, 200, 200, 200),
    "secret_paper_file": (200, 404, 404, 200, 404, 404),
    "secret_annex_of_public_paper": (200, 404, 404, 200, 404, 404),
    "secret_item_file": (200, 404, 404, 200, 404, 404),
}


def page_url(world, name):
    return {
        "dashboard": "/mein/",
        "meeting": f"/mein/sitzungen/{world.meeting.pk}/",
        "other_body_meeting": f"/mein/sitzungen/{world.other_meeting.pk}/",
        "public_paper": f"/mein/vorlagen/{world.public_paper.pk}/",
        "secret_paper": f"/mein/vorlagen/{world.secret_paper.pk}/",
        "public_paper_note": f"/mein/vorlagen/{world.public_paper.pk}/notiz/",
        "secret_paper_note": f"/mein/vorlagen/{world.secret_paper.pk}/notiz/",
        "public_item_note": f"/mein/tagesordnungspunkte/{world.public_item.pk}/notiz/",
        "secret_item_note": f"/mein/tagesordnungspunkte/{world.secret_item.pk}/notiz/",
        "notes": "/mein/notizen/",
        "settings": "/mein/einstellungen/",
        "unknown_meeting": "/mein/sitzungen/999999/",
    }[name]


def log_in(client, world, who):
    user = {
        "member": world.member,
        "non_member": world.non_member,
        "staff": world.staff,
        "office": world.office,
        "other_body": world.other_body_councillor,
        "anonymous": None,
    }[who]
    if user is not None:
        client.force_login(user)
    return user


@pytest.mark.parametrize("who", USERS)
def test_every_councillor_page_answers_each_user_as_expected(client, world, who):
    log_in(client, world, who)
    column = USERS.index(who)
    got = {name: client.get(page_url(world, name)).status_code for name in PAGES}
    assert got == {name: expected[column] for name, expected in PAGES.items()}


@pytest.mark.parametrize("who", USERS)
def test_every_file_of_the_meeting_answers_each_user_as_expected(client, world, who):
    log_in(client, world, who)
    column = USERS.index(who)
    got = {
        name: client.get(f"/{world.body.slug}/dokumente/{record.pk}/{record.file_name}").status_code
        for name, record in world.files.items()
    }
    assert got == {name: expected[column] for name, expected in FILES.items()}


def test_anonymous_visitors_are_sent_to_the_login_with_a_way_back(client, world):
    response = client.get(f"/mein/sitzungen/{world.meeting.pk}/")
    assert response["Location"] == f"/konto/anmelden/?next=/mein/sitzungen/{world.meeting.pk}/"


def test_calendar_renewal_is_a_post_for_councillors_only(client, world):
    assert client.post("/mein/einstellungen/kalender/").status_code == 302  # to the login
    client.force_login(world.staff)
    assert client.post("/mein/einstellungen/kalender/").status_code == 403
    client.force_login(world.member)
    assert client.get("/mein/einstellungen/kalender/").status_code == 405
    assert client.post("/mein/einstellungen/kalender/").status_code == 302


def test_superuser_has_no_councillor_area(client, world, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="pw-test-123")
    client.force_login(admin)
    assert client.get("/mein/").status_code == 403


# POSTs: a redirect after success (or to the login for anonymous visitors), never a change by others.
POSTS = {
    "secret_paper_note": (302, 404, 403, 403, 302, 404),
    "secret_item_note": (302, 404, 403, 403, 302, 404),
    "public_item_note": (302, 302, 403, 403, 302, 404),
    "settings": (302, 302, 403, 403, 302, 302),
    "calendar_renew": (302, 302, 403, 403, 302, 302),
}


@pytest.mark.parametrize("who", USERS)
def test_every_councillor_form_answers_each_user_as_expected(client, world, who):
    log_in(client, world, who)
    column = USERS.index(who)
    urls = {
        "secret_paper_note": page_url(world, "secret_paper_note"),
        "secret_item_note": page_url(world, "secret_item_note"),
        "public_item_note": page_url(world, "public_item_note"),
        "settings": "/mein/einstellungen/",
        "calendar_renew": "/mein/einstellungen/kalender/",
    }
    got = {name: client.post(url, {"text": "Meine Notiz"}).status_code for name, url in urls.items()}
    assert got == {name: expected[column] for name, expected in POSTS.items()}
    expected_notes = {"member": 3, "non_member": 1}.get(who, 0)
    assert Note.objects.count() == expected_notes


@pytest.mark.parametrize("who", USERS)
def test_the_calendar_feed_answers_its_token_whoever_asks(client, world, who):
    client.force_login(world.member)
    client.post("/mein/einstellungen/kalender/")
    token = client.session["councillors_calendar_token"]
    client.logout()
    log_in(client, world, who)
    response = client.get(f"/mein/kalender/{token}.ics")
    assert response.status_code == 200
    assert f"meeting-{world.meeting.pk}@".encode() in response.content  # the token owner's meetings
    assert client.get(f"/mein/kalender/{token[:-1]}.ics").status_code == 404
