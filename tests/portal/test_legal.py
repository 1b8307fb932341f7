"""Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit: per Body, for the installation,
linked in every footer, sanitised, editable by the Body's administrator."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from portal.legal import demo_legal_pages
from portal.models import LegalPages
from tests import factories as f
from tests.portal.conftest import content

pytestmark = pytest.mark.django_db


def test_each_body_shows_its_own_three_pages(client):
    body = f.body()
    f.legal_pages(body)
    f.legal_pages(f.body(), imprint="<p>Fremdes Impressum</p>")
    expected = {"imprint": "Impressum-Text", "privacy": "Datenschutz-Text", "accessibility": "Barrierefreiheit-Text"}
    for kind, text in expected.items():
        page = content(client.get(reverse(f"portal:{kind}", args=[body.slug])))
        assert text in page and "Fremdes Impressum" not in page, kind


def test_the_accessibility_statement_names_the_feedback_contact_and_the_enforcement_body(client):
    body = f.body()
    f.legal_pages(body)
    page = content(client.get(f"/{body.slug}/barrierefreiheit/"))
    assert '<a href="mailto:barrieren@example.org">barrieren@example.org</a>' in page
    assert "0123 4567" in page and "Rathaus<br>Markt 1" in page
    assert '<a href="https://durchsetzung.example.org/">Durchsetzungsstelle des Landes</a>' in page


def test_every_portal_page_of_a_body_links_its_legal_pages_in_the_footer(client, world):
    slug = world.body.slug
    for url in (f"/{slug}/", f"/{slug}/vorlagen/", f"/{slug}/vorlagen/{world.public_paper.pk}/", f"/{slug}/suche/"):
        footer = content(client.get(url)).split('<footer class="site-footer">')[1]
        for path in ("impressum", "datenschutz", "barrierefreiheit"):
            assert f'href="/{slug}/{path}/"' in footer, (url, path)


def test_pages_without_a_body_link_the_installations_legal_pages(client):
    f.body()
    f.body()  # two Bodies: the root lists them instead of redirecting
    footer = content(client.get("/")).split('<footer class="site-footer">')[1]
    assert 'href="/impressum/"' in footer and 'href="/datenschutz/"' in footer and 'href="/barrierefreiheit/"' in footer


def test_the_installations_page_shows_its_text_and_links_the_bodies_own_pages(client):
    own = f.body(name="Stadt Eigen")
    f.legal_pages(own)
    f.legal_pages(None, imprint="<p>Betrieben vom Zweckverband</p>")
    page = content(client.get("/impressum/"))
    assert "Betrieben vom Zweckverband" in page
    assert f'<a href="/{own.slug}/impressum/">Stadt Eigen</a>' in page


def test_a_body_without_pages_shows_the_installations_with_a_note_and_404_without_either(client):
    body = f.body(name="Gemeinde Ohne")
    assert client.get(f"/{body.slug}/impressum/").status_code == 404
    assert client.get("/impressum/").status_code == 404
    f.legal_pages(None, imprint="<p>Betrieben vom Zweckverband</p>")
    page = content(client.get(f"/{body.slug}/impressum/"))
    assert "Betrieben vom Zweckverband" in page and "Die Gemeinde Ohne hat hierzu keine eigenen Angaben" in page


def test_script_and_event_handlers_never_reach_a_legal_page(client):
    body = f.body()
    record = f.legal_pages(body, imprint='<p onclick="alert(1)">Text</p><script>alert(2)</script><h2>Kontakt</h2>')
    assert "script" not in record.imprint and "onclick" not in record.imprint and "<h2>Kontakt</h2>" in record.imprint
    LegalPages.objects.filter(pk=record.pk).update(privacy="<img src=x onerror=alert(3)><p>Datenschutz</p>")
    page = content(client.get(f"/{body.slug}/datenschutz/"))
    assert "onerror" not in page and "<img" not in page and "<p>Datenschutz</p>" in page


def test_legal_pages_are_cached_publicly_and_revalidated_after_an_edit(client):
    body = f.body()
    record = f.legal_pages(body)
    first = client.get(f"/{body.slug}/impressum/")
    assert "public" in first["Cache-Control"] and first["ETag"]
    assert client.get(f"/{body.slug}/impressum/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    record.imprint = "<p>Neue Anschrift</p>"
    record.save()
    again = client.get(f"/{body.slug}/impressum/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and "Neue Anschrift" in content(again)


def test_legal_pages_need_few_queries(client):
    body = f.body()
    f.legal_pages(body)
    f.legal_pages(None)
    for url in [f"/{body.slug}/{path}/" for path in ("impressum", "datenschutz", "barrierefreiheit")] + ["/impressum/"]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) <= 5, (url, len(queries))


def test_a_bodys_administrator_edits_its_pages_in_the_admin_and_no_other_bodys(client):
    body, other = f.body(), f.body()
    own, foreign = f.legal_pages(body), f.legal_pages(other)
    administrator = f.user(body, roles.ADMIN, is_staff=True)
    client.force_login(administrator)
    listing = content(client.get("/admin/portal/legalpages/"))
    assert str(body) in listing and str(other) not in listing
    assert client.get(f"/admin/portal/legalpages/{foreign.pk}/change/").status_code in (302, 403, 404)
    form = client.get(f"/admin/portal/legalpages/{own.pk}/change/")
    assert form.status_code == 200
    data = {
        "body": body.pk,
        "imprint": "<p>Neues Impressum</p>",
        "privacy": own.privacy,
        "accessibility": own.accessibility,
        "feedback_email": own.feedback_email,
        "feedback_phone": "",
        "feedback_address": "",
        "enforcement_name": own.enforcement_name,
        "enforcement_url": own.enforcement_url,
    }
    assert client.post(f"/admin/portal/legalpages/{own.pk}/change/", data).status_code == 302
    own.refresh_from_db()
    assert own.imprint == "<p>Neues Impressum</p>" and own.history.count() == 2
    assert client.post(f"/admin/portal/legalpages/{foreign.pk}/change/", data).status_code in (302, 403, 404)
    foreign.refresh_from_db()
    assert foreign.imprint != "<p>Neues Impressum</p>"


def test_a_clerk_cannot_reach_the_legal_pages_in_the_admin(client):
    body = f.body()
    f.legal_pages(body)
    client.force_login(f.user(body, roles.CLERK, is_staff=True))
    assert client.get("/admin/portal/legalpages/").status_code == 403


def test_the_demo_legal_pages_are_written_once_for_both_demo_bodies():
    luckenwalde = f.body(name="Stadt Luckenwalde", slug="luckenwalde")
    nuthe = f.body(name="Gemeinde Nuthe-Urstromtal", slug="nuthe-urstromtal")
    demo_legal_pages(luckenwalde, nuthe)
    demo_legal_pages(luckenwalde, nuthe)
    records = LegalPages.objects.order_by("body__slug")
    assert [record.body for record in records] == [luckenwalde, nuthe]
    assert all("Brandenburg" in record.enforcement_name and record.feedback_email for record in records)
    assert "Stadt Luckenwalde" in records[0].imprint and "Gemeinde Nuthe-Urstromtal" in records[1].imprint
