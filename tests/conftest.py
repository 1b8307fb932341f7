"""What every test shares: PostgreSQL, fast password hashing, an empty cache, inline tasks, the demo, a browser.

Speed without sharing state between tests (timings in docs/performance.md):
- the demo is built once per test database (one per xdist worker) and copied into each
  test's own transaction (`tests/snapshot.py`), instead of being built for every test;
- passwords are hashed with a fast hasher (the demo alone has twenty logins);
- one Chromium per worker, a fresh browser context (cookies, storage) per test; the
  browser tests run last, see `pytest_collection_modifyitems`.
"""

import copy
import os
import shutil

import pytest
from django.db import connection
from django.test.utils import override_settings

TEST_SETTINGS = {
    # The default PBKDF2 hasher takes most of a second per password on the test machine.
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    # One cache per process, emptied before each test: REDIS_URL in the environment must not
    # make tests share a Redis, and a test must not read what the one before it cached.
    "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
}


def pytest_collection_modifyitems(items):
    """Browser tests last: while Playwright's browser is open, its event loop runs in this thread
    (see the `browser` fixture), so the tests before it run as usual. The order of the others is kept."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True, scope="session")
def _test_settings():
    from ratsinfo.celery import app

    # Tasks run inline, whatever broker the environment names; tests/test_celery.py uses a real one.
    app.conf.update(task_always_eager=True, task_eager_propagates=True)
    with override_settings(**TEST_SETTINGS):
        yield


@pytest.fixture(scope="session")
def redis_url():
    """A Redis for the tests that need one: TEST_REDIS_URL (`make test` starts one), else a throwaway redis-server."""
    if os.environ.get("TEST_REDIS_URL"):
        yield os.environ["TEST_REDIS_URL"]
        return
    from scripts.services import throwaway_redis

    with throwaway_redis() as url:
        yield url


@pytest.fixture(autouse=True, scope="session")
def _runs_on_postgresql(django_db_setup, django_db_blocker):
    """The suite is about the production database; a silent fallback to SQLite would hide bugs."""
    with django_db_blocker.unblock():
        assert connection.vendor == "postgresql", "Tests run on PostgreSQL: set DATABASE_URL=postgres://…"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory):
    """Uploaded and generated files of a test never land in the project's media folder."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import caches

    from oparl.http import forget_owners

    for cache in caches.all():
        cache.clear()
    # The demo's rows are copied in with their ids and the sequences set back (tests/snapshot.py),
    # so an id may name another Body's object than in an earlier test.
    forget_owners()


@pytest.fixture
def with_broker(monkeypatch):
    """Tasks go to a broker instead of running inline. The broker is mocked; the tasks that writes
    queue after the commit are recorded: `build` (a bundle), `refresh` (a Body's bundles) and
    `rewarm` (a Body's pages), so that none of them reaches a real broker."""
    from unittest import mock

    from documents.tasks import build_bundle, refresh_public_bundles
    from portal.tasks import rewarm_pages

    monkeypatch.setitem(build_bundle.app.conf, "task_always_eager", False)
    with (
        mock.patch.object(build_bundle, "delay") as build,
        mock.patch.object(refresh_public_bundles, "apply_async") as refresh,
        mock.patch.object(rewarm_pages, "apply_async") as rewarm,
    ):
        yield mock.Mock(build=build, refresh=refresh, rewarm=rewarm)


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo as `load_demo` builds it, taken once per test database; its files in a folder of their own."""
    from demo.load import load_demo
    from tests import snapshot

    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        return snapshot.take(load_demo), media


@pytest.fixture
def demo(db, settings, _demo_snapshot):
    """The demo (Stadt Luckenwalde with the seed paper, and Nuthe-Urstromtal), fresh for this test."""
    from tests import snapshot

    taken, media = _demo_snapshot
    snapshot.restore(taken)
    shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    # The records as load_demo returned them, as copies: a test may change them in memory.
    return copy.deepcopy(taken.result)


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright, started once per worker at its first browser test."""
    import shutil

    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread from here on; the ORM calls the
    # tests make around it are still synchronous. `check --deploy` refuses the flag, and
    # tests/test_settings.py leaves it out of the environment of the commands it runs.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server):
    """A Playwright page in a fresh browser context, with `page.base_url` pointing at the live server."""
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    yield page
    context.close()


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


@pytest.fixture
def rich_text(page):
    """The rich-text editor (static/office/editor.js) of the field labelled `name`, once the script has
    set it up: `rich_text("Beschlusstext")`. Before that, the same role and name find the textarea
    the editor then hides, and a click on it waits in vain."""

    def _editor(name):
        return page.get_by_role("textbox", name=name).and_(page.locator("[contenteditable=true]"))

    return _editor
