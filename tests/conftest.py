import pytest
from django.db import connection


@pytest.fixture(autouse=True, scope="session")
def _runs_on_postgresql(django_db_setup, django_db_blocker):
    """The suite is about the production database; a silent fallback to SQLite would hide bugs."""
    with django_db_blocker.unblock():
        assert connection.vendor == "postgresql", "Tests run on PostgreSQL: set DATABASE_URL=postgres://…"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory):
    """Uploaded and generated files of a test never land in the project's media folder."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def demo(db):
    from council.demo import load_demo

    return load_demo()


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def page(live_server, monkeypatch):
    """A Playwright page in Debian's Chromium, with `page.base_url` pointing at the live server."""
    import shutil

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # around it are still synchronous. Only for this test: `check --deploy` refuses the flag.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server.url, locale="de-DE")
        page = context.new_page()
        page.set_default_timeout(15000)
        page.base_url = live_server.url
        yield page
        context.close()
        browser.close()


@pytest.fixture
def login(page):
    """Log a user in through the login form: `login("sitzungsdienst", "ratsinfo-demo")`."""

    def _login(username, password):
        page.goto("/konto/anmelden/")
        page.get_by_label("Benutzername").fill(username)
        page.get_by_label("Passwort").fill(password)
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_load_state()

    return _login
