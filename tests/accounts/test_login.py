"""Login, lock-out after failed attempts, logout, password reset by e-mail, session expiry."""

import datetime as dt
import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import lockout
from accounts.models import FailedLogin

pytestmark = pytest.mark.django_db


def attempt(client, username, password, **extra):
    return client.post("/konto/anmelden/", {"username": username, "password": password}, **extra)


def test_councillor_logs_in_and_lands_in_mein_bereich(client, world):
    response = attempt(client, "mitglied", "pw-test-123")
    assert response.status_code == 302 and response["Location"] == "/mein/"
    client.logout()
    response = attempt(client, "sitzungsdienst", "pw-test-123")
    assert response["Location"] == "/sitzungsdienst/"


def test_login_page_has_labelled_fields_and_a_reset_link(client):
    html = client.get("/konto/anmelden/").content.decode()
    assert '<label for="id_username">Benutzername</label>' in html
    assert '<label for="id_password">Passwort</label>' in html
    assert 'href="/konto/passwort/vergessen/"' in html


def test_wrong_password_gives_a_form_error_and_keeps_the_user_name(client, world):
    response = attempt(client, "mitglied", "falsch")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte Benutzername und Passwort eingeben" in html
    assert 'value="mitglied"' in html


def test_five_failed_attempts_lock_the_login_even_with_the_right_password(client, world):
    for _ in range(lockout.MAX_FAILURES - 1):
        assert attempt(client, "mitglied", "falsch").status_code == 200
    response = attempt(client, "mitglied", "falsch")
    assert response.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in response.content.decode()
    response = attempt(client, "mitglied", "pw-test-123")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "gesperrt" in response.content.decode()


def test_lock_out_is_per_address_and_ends_after_the_window(client, world):
    for _ in range(lockout.MAX_FAILURES):
        attempt(client, "mitglied", "falsch")
    assert attempt(client, "mitglied", "pw-test-123", REMOTE_ADDR="10.0.0.9").status_code == 302
    client.logout()
    FailedLogin.objects.update(attempted=timezone.now() - lockout.WINDOW - dt.timedelta(seconds=1))
    assert attempt(client, "mitglied", "pw-test-123").status_code == 302


def test_successful_login_clears_earlier_failures(client, world):
    for _ in range(lockout.MAX_FAILURES - 1):
        attempt(client, "mitglied", "falsch")
    assert attempt(client, "mitglied", "pw-test-123").status_code == 302
    assert not FailedLogin.objects.filter(user__username="mitglied").exists()


def test_logout_ends_the_session(client, world):
    client.force_login(world.member)
    assert client.get("/mein/").status_code == 200
    response = client.post("/konto/abmelden/")
    assert response.status_code == 302
    assert client.get("/mein/").status_code == 302


def test_session_ends_with_the_browser_and_after_its_age(client, world, settings):
    response = attempt(client, "mitglied", "pw-test-123")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # a browser-session cookie
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    session = Session.objects.get(session_key=cookie.value)
    assert session.expire_date <= timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/mein/").status_code == 302


def test_password_reset_by_mail(client, world):
    response = client.post("/konto/passwort/vergessen/", {"email": world.member.email})
    assert response["Location"] == "/konto/passwort/vergessen/gesendet/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.member.email]
    assert message.subject == "Ratsinfo: Passwort zurücksetzen"
    assert "mitglied" in message.body
    link = re.search(r"http://testserver(/konto/passwort/neu/\S+/)", message.body).group(1)
    form_url = client.get(link)["Location"]  # Django hides the token behind a redirect
    html = client.get(form_url).content.decode()
    assert "Neues Passwort festlegen" in html and "Neues Passwort wiederholen" in html
    response = client.post(form_url, {"new_password1": "Rathaus-Sitzung-2026", "new_password2": "anders"})
    assert "Die beiden Passwörter sind nicht identisch" in response.content.decode()
    response = client.post(form_url, {"new_password1": "Rathaus-Sitzung-2026", "new_password2": "Rathaus-Sitzung-2026"})
    assert response["Location"] == "/konto/passwort/neu/fertig/"
    assert attempt(client, "mitglied", "Rathaus-Sitzung-2026").status_code == 302
    client.logout()
    assert "Dieser Link ist ungültig" in client.get(link, follow=True).content.decode()


def test_password_reset_for_an_unknown_address_reveals_nothing(client, world):
    response = client.post("/konto/passwort/vergessen/", {"email": "niemand@example.org"})
    assert response["Location"] == "/konto/passwort/vergessen/gesendet/"
    assert mail.outbox == []


def test_administrator_lifts_a_lock_out_by_deleting_the_failed_logins(client, world, django_user_model):
    for _ in range(lockout.MAX_FAILURES):
        attempt(client, "mitglied", "falsch")
    root = django_user_model.objects.create_superuser("root", password="pw-test-123")
    client.force_login(root)
    html = client.get("/admin/accounts/failedlogin/").content.decode()
    assert "mitglied" in html
    assert client.get("/admin/accounts/failedlogin/add/").status_code == 403
    ids = [str(pk) for pk in FailedLogin.objects.filter(user__username="mitglied").values_list("pk", flat=True)]
    response = client.post(
        "/admin/accounts/failedlogin/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert response.status_code == 302
    assert not FailedLogin.objects.exists()
    client.logout()
    assert attempt(client, "mitglied", "pw-test-123").status_code == 302


@pytest.mark.parametrize(
    "url", ["/konto/anmelden/", "/konto/passwort/vergessen/", "/konto/passwort/vergessen/gesendet/"]
)
def test_account_pages_keep_their_query_budget(client, world, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= 2
    with CaptureQueriesContext(connection) as queries:
        attempt(client, "mitglied", "falsch")
    assert len(queries) <= 6


def test_the_admin_login_is_the_same_login_with_its_lock_out(client, world):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"] == "/konto/anmelden/?next=/admin/"
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    # Django's own admin login form is not reachable, so its POST cannot sidestep the lock-out.
    response = client.post("/admin/login/", {"username": "mitglied", "password": "pw-test-123"})
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_a_password_reset_ends_the_lock_out_as_the_message_promises(client, world):
    for _ in range(lockout.MAX_FAILURES):
        attempt(client, "mitglied", "falsch")
    assert "setzen Sie Ihr Passwort zurück" in attempt(client, "mitglied", "pw-test-123").content.decode()
    client.post("/konto/passwort/vergessen/", {"email": world.member.email})
    link = re.search(r"http://testserver(/konto/passwort/neu/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    new = {"new_password1": "Rathaus-Sitzung-2026", "new_password2": "Rathaus-Sitzung-2026"}
    assert client.post(form_url, new)["Location"] == "/konto/passwort/neu/fertig/"
    assert attempt(client, "mitglied", "Rathaus-Sitzung-2026").status_code == 302
