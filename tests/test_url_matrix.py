"""The permission matrix of the whole project: every URL pattern, as each role meets it.

The rows cover every pattern of the URL configuration (`tests.urlmap` enumerates it; a new
pattern without a row fails `test_the_matrix_names_every_url_pattern_of_the_project`). Each
row is the expected status per role on the demo, in the column order of `ROLES`: anonymous,
a clerk (Amt Bildung, Jugend und IT), a head of department (a signer, same department),
the council office, a councillor, the administrator (a superuser), and the council office
of the other Body. 302 for an anonymous visitor on a staff page is the login page (checked
in tests/accounts/test_access.py, with the right and wrong role on a small town).

The same walk checks the cache header: every response to a logged-in user says
`private, no-store`, whatever it is (page, PDF, feed, OParl JSON, CSV, error).
"""

import pytest
from django.db import transaction

from accounts.models import User
from tests import urlmap

pytestmark = pytest.mark.django_db

ROLES = [None, "sachbearbeitung", "amtsleitung", "sitzungsdienst", "stadtverordnete", "admin", "nuthe-sitzungsdienst"]

#               anonymous  clerk  signer  office  councillor  admin  other Body's office
EVERYONE = "200 200 200 200 200 200 200"
BACK_OFFICE = "302 200 200 200 403 200 200"
COUNCIL_OFFICE = "302 403 403 200 403 200 200"
COUNCILLORS = "302 403 403 403 200 403 403"

MATRIX = {
    # accounts: open to all; the old admin login is the one login
    "admin/login/": "302 302 302 302 302 302 302",
    "accounts:login": EVERYONE,
    "accounts:logout": "302 302 302 302 302 302 302",  # POST
    "accounts:password_reset": EVERYONE,
    "accounts:password_reset_done": EVERYONE,
    "accounts:password_reset_confirm": EVERYONE,  # an invalid link is a page saying so
    "accounts:password_reset_complete": EVERYONE,
    # OParl: public data for everyone
    "oparl:system": EVERYONE,
    "oparl:body_list": EVERYONE,
    "oparl:list": EVERYONE,
    "oparl:file_download": EVERYONE,
    "oparl:object": EVERYONE,
    "oparl/v1/^.*$": "404 404 404 404 404 404 404",
    # back office (Verwaltung): staff of a Body; records of another Body are 404
    "office:my_work": BACK_OFFICE,
    "office:papers": BACK_OFFICE,
    "office:paper_create": BACK_OFFICE,
    "office:paper": "302 200 200 200 403 200 404",
    "office:paper_edit": "302 404 404 200 403 200 404",  # a draft of another department
    "office:history": "302 200 200 200 403 200 404",
    "office:preview": "302 200 200 200 403 200 404",
    "office:compare": "302 302 302 302 403 302 404",  # one version only: back to the history
    "office:transition": "302 409 409 409 403 409 404",  # POST; a released paper cannot be submitted
    "office:subordinate": "302 400 400 400 403 400 404",  # POST without choosing Ergänzung or Änderung
    # council office (Sitzungsdienst): records of another Body are 403
    "audit:list": COUNCIL_OFFICE,
    "meetings:index": COUNCIL_OFFICE,
    "meetings:meeting_create": COUNCIL_OFFICE,
    "meetings:meeting_series": COUNCIL_OFFICE,
    "meetings:meeting": "302 403 403 200 403 200 403",
    "meetings:meeting_edit": "302 403 403 200 403 200 403",
    "meetings:add_standing_items": "302 403 403 400 403 400 403",  # POST without a form: 400
    "meetings:add_item": "302 403 403 400 403 400 403",
    "meetings:add_paper": "302 403 403 400 403 400 403",
    "meetings:publish": "302 403 403 200 403 200 403",  # GET: the preview before publishing
    "meetings:cancel": "302 403 403 400 403 400 403",
    "meetings:minutes": "302 403 403 200 403 200 403",
    "meetings:minutes_open": "302 403 403 302 403 302 403",
    "meetings:minutes_notes": "302 403 403 302 403 302 403",
    "meetings:minutes_approve": "302 403 403 400 403 400 403",
    "meetings:attendance": "302 403 403 400 403 400 403",  # POST without a status per member: 400
    "meetings:move_item": "302 403 403 400 403 400 403",
    "meetings:toggle_public": "302 403 403 400 403 400 403",
    "meetings:remove_item": "302 403 403 400 403 400 403",
    "meetings:item_result": "302 403 403 200 403 200 403",
    "meetings:invitation_text": "302 403 403 200 403 200 403",
    # decision tracking: the council office and the department in charge (the clerk's here)
    "meetings:tracking": "302 200 200 200 403 200 200",
    "meetings:tracking_edit": "302 200 200 200 403 200 403",
    # councillor area (Mein Bereich)
    "councillors:dashboard": COUNCILLORS,
    "councillors:meeting": COUNCILLORS,
    "councillors:paper": COUNCILLORS,
    "councillors:paper_note": COUNCILLORS,
    "councillors:agenda_item_note": COUNCILLORS,
    "councillors:notes": COUNCILLORS,
    "councillors:settings": COUNCILLORS,
    "councillors:calendar_renew": "302 403 403 403 302 403 403",  # POST
    "councillors:report_absence": "302 403 403 403 302 403 403",  # POST
    "councillors:withdraw_absence": "302 403 403 403 302 403 403",  # POST
    "councillors:calendar_feed": EVERYONE,  # the secret token is the credential
    # PDFs: everyone gets the version they may see
    "documents:paper_pdf": EVERYONE,
    "documents:invitation_pdf": EVERYONE,
    "documents:bundle_pdf": EVERYONE,
    # The sample meeting has no minutes yet: only the council office previews them (who reads which
    # minutes: tests/documents/test_minutes.py).
    "documents:minutes_pdf": "404 404 404 200 404 200 404",
    # The sample meeting has no Nachtrag and is not cancelled: both letters are 404 for everyone
    # (who may read them where they exist: tests/documents/test_letters.py).
    "documents:supplement_pdf": "404 404 404 404 404 404 404",
    "documents:cancellation_pdf": "404 404 404 404 404 404 404",
    # subscriptions by e-mail, without an account; an unknown token is 404
    "subscriptions:confirm": "404 404 404 404 404 404 404",
    "subscriptions:unsubscribe": "404 404 404 404 404 404 404",
    "subscriptions:paper": EVERYONE,
    "subscriptions:organization": EVERYONE,
    "subscriptions:search": EVERYONE,
    "subscriptions:requested": EVERYONE,
    # the public portal and the register of decisions
    "register:list": EVERYONE,
    "register:csv": EVERYONE,
    "portal:body_list": EVERYONE,
    "portal:site_imprint": EVERYONE,
    "portal:site_privacy": EVERYONE,
    "portal:site_accessibility": EVERYONE,
    "portal:start": EVERYONE,
    "portal:papers": EVERYONE,
    "portal:paper": EVERYONE,
    "portal:meetings": EVERYONE,
    "portal:meeting": EVERYONE,
    # the sample item is non-public: its members, the council office of its Body and the administrator
    "portal:agenda_item": "404 404 404 200 200 200 404",
    "portal:calendar": EVERYONE,
    "portal:organizations": EVERYONE,
    "portal:organization": EVERYONE,
    "portal:organization_calendar": EVERYONE,
    "portal:people": EVERYONE,
    "portal:person": EVERYONE,
    "portal:search": EVERYONE,
    "portal:papers_feed": EVERYONE,
    "portal:decisions_feed": EVERYONE,
    "portal:file": EVERYONE,
    "portal:imprint": EVERYONE,
    "portal:privacy": EVERYONE,
    "portal:accessibility": EVERYONE,
}

# The same patterns on a record the public may not see: a non-public paper on the agenda of
# a committee the councillor sits on (visible to its members, the council office, the
# department in charge and who signed it).
# The paper belongs to another department than the demo's clerk and head of department, and
# its own head signed it, so both of them are refused; OParl serves public data only,
# whoever asks.
NON_PUBLIC = {
    "portal:paper": "404 404 404 200 200 200 404",
    "documents:paper_pdf": "404 404 404 200 200 200 404",
    "oparl:object": "404 404 404 404 404 404 404",
    "councillors:paper": "302 403 403 403 200 403 403",
    "office:paper": "302 404 404 200 403 200 404",
}


def test_the_matrix_names_every_url_pattern_of_the_project():
    patterns = {p.key for p in urlmap.project_patterns()}
    assert sorted(patterns - set(MATRIX)) == [], "URL patterns without a row in the permission matrix"
    assert sorted(set(MATRIX) - patterns) == [], "rows for URL patterns that no longer exist"
    assert set(NON_PUBLIC) <= patterns


def ask(client, pattern, path):
    """The response, with whatever the request changed rolled back (POSTs act on the demo)."""
    method = "post" if pattern.key in urlmap.POST_ONLY else "get"
    with transaction.atomic():
        savepoint = transaction.savepoint()
        response = getattr(client, method)(path)
        transaction.savepoint_rollback(savepoint)
    return response


def never_stored(response):
    """`private, no-store` (the logout, answered to a user no longer logged in, adds Django's never_cache)."""
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def walk(client, rows, paths):
    """{key: "status per role"} as the project answers, and the cache headers that are wrong."""
    patterns = {p.key: p for p in urlmap.project_patterns()}
    got = {key: [] for key in rows}
    cache_wrong = []
    for username in ROLES:
        client.logout()
        user = User.objects.get(username=username) if username else None
        if user:
            client.force_login(user)
        for key in rows:
            response = ask(client, patterns[key], paths[key])
            if user and key == "accounts:logout":
                client.force_login(user)
            got[key].append(str(response.status_code))
            if username and not never_stored(response):
                cache_wrong.append((username, paths[key], response.get("Cache-Control")))
    return {key: " ".join(statuses) for key, statuses in got.items()}, cache_wrong


def test_every_pattern_answers_each_role_as_the_matrix_says_and_is_never_stored(client, demo):
    records = urlmap.demo_records(demo)
    paths = {p.key: urlmap.sample_path(p, records) for p in urlmap.project_patterns()}
    got, cache_wrong = walk(client, MATRIX, paths)
    assert {key: row for key, row in got.items() if row != MATRIX[key]} == {}, "rows that differ (got)"
    assert cache_wrong == []


def test_non_public_records_are_refused_to_whom_the_visibility_rules_refuse(client, demo):
    from resolutions.models import Paper

    records = urlmap.demo_records(demo)
    secret = Paper.objects.filter(body=demo.luckenwalde, public=False, state__in=Paper.PUBLISHED_STATES)
    records.paper = secret.filter(consultations__organization_id=records.organization).order_by("pk").first().pk
    paths = {p.key: urlmap.sample_path(p, records) for p in urlmap.project_patterns() if p.key in NON_PUBLIC}
    got, cache_wrong = walk(client, NON_PUBLIC, paths)
    assert {key: row for key, row in got.items() if row != NON_PUBLIC[key]} == {}, "rows that differ (got)"
    assert cache_wrong == []
    # Nor does anything the anonymous visitor is refused land in a cache.
    client.logout()
    assert client.get(paths["portal:paper"]).get("Cache-Control", "") != "public, max-age=300"


def test_the_admin_is_for_staff_only_on_every_pattern(client, demo):
    """The Django admin's own patterns are one area: staff only (the login page for everyone else)."""
    from django.urls import reverse

    names = {p.key for p in urlmap.admin_patterns()}
    assert "admin:index" in names and "admin:audit_accessrecord_changelist" in names
    for username in [None, "sitzungsdienst", "stadtverordnete"]:
        client.logout()
        if username:
            client.force_login(User.objects.get(username=username))
        for name in ["admin:index", "admin:audit_accessrecord_changelist", "admin:accounts_user_changelist"]:
            response = client.get(reverse(name))
            assert response.status_code == 302 and "/login/" in response["Location"], (username, name)
    client.force_login(User.objects.get(username="admin"))
    response = client.get(reverse("admin:audit_accessrecord_changelist"))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"


def test_the_councillors_calendar_feed_is_never_stored_though_it_needs_no_login(client, demo):
    records = urlmap.demo_records(demo)
    response = client.get(f"/mein/kalender/{records.calendar_token}.ics")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
