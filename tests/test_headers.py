"""Headers every response carries (ratsinfo.middleware): a strict content security policy,
a permissions policy, and no caching of anything a logged-in user is shown."""

import pytest
from django.urls import reverse

from accounts.models import User
from council.models import Meeting
from resolutions.files import store_file
from tests import factories as f

pytestmark = pytest.mark.django_db


def login(client, username):
    client.force_login(User.objects.get(username=username))


def test_html_pages_carry_a_strict_content_security_policy(client, demo):
    response = client.get("/luckenwalde/")
    policy = response["Content-Security-Policy"]
    for directive in [
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]:
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    for url in ["/konto/anmelden/", "/verwaltung/", "/gibt-es-nicht/nirgends/"]:
        assert client.get(url, follow=True)["Content-Security-Policy"] == policy, url


def test_a_public_page_is_german_and_one_copy_for_every_browser_language(client, demo):
    """Shared caches keep one copy per Vary header: a public page varies by the cookie alone."""
    pages = [client.get("/luckenwalde/", HTTP_ACCEPT_LANGUAGE=language) for language in ("en-US,en;q=0.9", "de", "")]
    for response in pages:
        assert response.status_code == 200 and response["Vary"] == "Cookie"
        assert '<html lang="de">' in response.content.decode() and "Sitzungen" in response.content.decode()
    assert pages[0].content == pages[1].content == pages[2].content
    # The English msgids come out in German without a language negotiated per request.
    assert "Dieses Feld ist zwingend erforderlich." in client.post("/konto/anmelden/", {}).content.decode()


def test_a_download_keeps_its_own_sandbox_policy(client):
    body = f.body()
    record = store_file(b"%PDF-1.4\n%%EOF", file_name="anlage.pdf", paper=f.paper(body))
    response = client.get(reverse("portal:file", args=[body.slug, record.pk, "anlage.pdf"]))
    assert response.status_code == 200 and response["Content-Security-Policy"] == "sandbox"


def test_confidential_pages_are_never_stored_by_a_cache(client, demo):
    meeting = Meeting.objects.filter(body=demo.luckenwalde).order_by("start").first()
    urls = {
        "sitzungsdienst": [
            "/sitzungsdienst/",
            f"/sitzungsdienst/sitzungen/{meeting.pk}/niederschrift/",
            f"/verwaltung/vorlagen/{demo.seed_paper.pk}/",
            "/verwaltung/",
            "/luckenwalde/",
            f"/luckenwalde/vorlagen/{demo.seed_paper.pk}/",
            "/luckenwalde/sitzungen/kalender.ics",
        ],
        "stadtverordnete": ["/mein/", "/mein/notizen/", "/mein/einstellungen/", f"/mein/sitzungen/{meeting.pk}/"],
        "admin": ["/admin/", "/admin/accounts/user/", "/admin/accounts/failedlogin/"],
    }
    for username, pages in urls.items():
        login(client, username)
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, (username, url)
            assert response["Cache-Control"] == "private, no-store", (username, url)
        client.logout()
    # A public PDF is publicly cacheable for the anonymous, but not when a user fetched it.
    pdf = reverse("documents:paper_pdf", args=["luckenwalde", demo.seed_paper.pk])
    login(client, "sachbearbeitung")
    assert client.get(pdf)["Cache-Control"] == "private, no-store"
    client.logout()
    response = client.get("/luckenwalde/")
    assert response["Cache-Control"] == "public, max-age=300" and response["ETag"]


def test_django_debug_error_pages_stay_usable_for_developers(client, settings):
    settings.DEBUG = True
    assert "Content-Security-Policy" not in client.get("/gibt-es-nicht/nirgends/")
    assert "Content-Security-Policy" in client.get("/konto/anmelden/")
