"""Every kind of page works under the strict content security policy in a real browser:
portal, back office (with the rich-text editor), council office, councillor area,
admin and login. Chromium reports each blocked script, style or handler as a
`securitypolicyviolation` event and a console error; none may occur."""

import pytest
from playwright.sync_api import expect

from council.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COLLECT_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def checked_page(page):
    console_errors = []
    page.on(
        "console",
        lambda message: console_errors.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.add_init_script(COLLECT_VIOLATIONS)

    def visit(url):
        response = page.goto(url)
        assert response.status == 200, url
        assert "default-src 'self'" in response.headers["content-security-policy"], url
        page.wait_for_load_state("load")
        return response

    def violations():
        page.wait_for_timeout(50)  # the events are queued as tasks after the blocked action
        return page.evaluate("window.__violations") + console_errors

    page.visit = visit
    page.violations = violations
    return page


def visit_all(page, urls):
    for url in urls:
        page.visit(url)
        assert page.violations() == [], url


def log_in_as(page, login, username):
    page.context.clear_cookies()
    login(username, "ratsinfo-demo")
    expect(page.locator(".nav-user")).to_be_visible()
    assert page.violations() == []


def test_no_page_type_violates_the_content_security_policy(checked_page, login, demo):
    page = checked_page
    slug = demo.luckenwalde.slug
    paper = demo.seed_paper
    meeting = Meeting.objects.filter(body=demo.luckenwalde).order_by("start").first()

    visit_all(
        page,
        [
            "/",
            f"/{slug}/",
            f"/{slug}/vorlagen/",
            f"/{slug}/vorlagen/{paper.pk}/",
            f"/{slug}/sitzungen/",
            f"/{slug}/sitzungen/?ansicht=liste",
            f"/{slug}/sitzungen/{meeting.pk}/",
            f"/{slug}/gremien/",
            f"/{slug}/personen/",
            f"/{slug}/suche/?q=Zweckverband",
            f"/{slug}/beschluesse/",
            "/konto/anmelden/",
            "/konto/passwort/vergessen/",
        ],
    )

    log_in_as(page, login, "sachbearbeitung")
    visit_all(page, ["/verwaltung/", "/verwaltung/vorlagen/", f"/verwaltung/vorlagen/{paper.pk}/"])
    visit_all(page, [f"/verwaltung/vorlagen/{paper.pk}/verlauf/"])
    page.visit("/verwaltung/vorlagen/neu/")
    editor = page.get_by_role("textbox", name="Beschlusstext")
    editor.click()
    editor.type("Die Stadtverordnetenversammlung beschließt ")
    page.get_by_role("button", name="Fett").first.click()
    editor.type("fett")
    page.get_by_role("button", name="Aufzählung").first.click()
    editor.type("Punkt")
    assert page.violations() == []

    log_in_as(page, login, "sitzungsdienst")
    visit_all(
        page,
        [
            "/sitzungsdienst/",
            "/sitzungsdienst/sitzungen/neu/",
            f"/sitzungsdienst/sitzungen/{meeting.pk}/",
            f"/sitzungsdienst/sitzungen/{meeting.pk}/niederschrift/",
            "/sitzungsdienst/beschlusskontrolle/",
            "/sitzungsdienst/zugriffe/",
        ],
    )

    log_in_as(page, login, "stadtverordnete")
    visit_all(page, ["/mein/", f"/mein/sitzungen/{meeting.pk}/", "/mein/notizen/", "/mein/einstellungen/"])

    log_in_as(page, login, "admin")
    admin_pk = next(entry.user.pk for entry in demo.logins if entry.username == "admin")
    visit_all(
        page,
        [
            "/admin/",
            "/admin/resolutions/paper/",
            f"/admin/resolutions/paper/{paper.pk}/change/",
            "/admin/council/meeting/add/",
            f"/admin/accounts/user/{admin_pk}/change/",
            "/admin/accounts/failedlogin/",
        ],
    )


def test_the_violation_listener_sees_a_blocked_inline_style(checked_page):
    page = checked_page
    page.visit("/konto/anmelden/")
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    assert any("style-src" in violation for violation in page.violations())
