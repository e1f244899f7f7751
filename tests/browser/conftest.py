"""Browser fixtures: Debian's headless Chromium (Playwright) against pytest-django's live server.

Screenshots of failed tests go to test-artifacts/ (kept by CI).
"""

import os
import re
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.middleware.gzip import GZipMiddleware

from benchmarks.browser import CHROMIUM, launch

# Playwright's sync API runs an event loop in the main thread; Django would then refuse the ORM
# calls the fixtures make there, although they are plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TIMEOUT_MS = 15_000


class GzipStaticFilesHandler(StaticFilesHandler):
    """Static files gzipped on the fly, as production serves them (whitenoise's precompressed
    files): gzip level 6 is never smaller than whitenoise's gzip -9 or brotli, so the budgets still
    bound production's figures from above, without counting the plotly bundle's 1.2 MB when users
    receive 0.4 MB."""

    def serve(self, request):
        response = super().serve(request)
        return GZipMiddleware(lambda _request: response)(request)


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, compressing as production does: HTML by Django's GZip
    middleware (placed as in settings/production.py), static files by `GzipStaticFilesHandler`."""
    from django.conf import settings
    from django.test import override_settings
    from pytest_django.live_server_helper import LiveServer

    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
        "django.middleware.gzip.GZipMiddleware",
    )
    # The server thread builds its handler (and loads the middleware) before LiveServer returns;
    # LiveServer imports the static handler's class from Django's module at that moment.
    with (
        override_settings(MIDDLEWARE=middleware),
        mock.patch(
            "django.contrib.staticfiles.handlers.StaticFilesHandler", GzipStaticFilesHandler
        ),
    ):
        server = LiveServer(addr)
    yield server
    server.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser(migrated_db_snapshot):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} absent : lancez `make browser-deps` (paquet Debian chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def context(browser, request):
    context = browser.new_context(locale="fr-FR")
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        for i, page in enumerate(context.pages):
            page.screenshot(path=ARTIFACTS / f"{name}-{i}.png", full_page=True)
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture(scope="session")
def migrated_db_snapshot(django_db_setup):
    """The test database as migrations left it (Wagtail's page tree…), serialized at creation.

    Taken before Playwright starts: once its event loop runs in this thread, Django hands out
    per-context connections, which lack the snapshot pytest-django put on the first one.
    """
    from django.db import connection

    return getattr(connection, "_test_serialized_contents", None)


@pytest.fixture
def migrated_db(django_db_serialized_rollback, transactional_db, migrated_db_snapshot):
    """A transactional database restored to its migrated state (a flush drops the page tree)."""
    from django.db import connection

    if migrated_db_snapshot and not hasattr(connection, "_test_serialized_contents"):
        # First test on this context's connection: restore now; Django does it from then on.
        connection._test_serialized_contents = migrated_db_snapshot
        connection.creation.deserialize_db_from_string(migrated_db_snapshot)


@pytest.fixture
def site(migrated_db, live_server, demo):
    """Base URL of the live server, with the reference and every app's demo data loaded and
    its figures computed, as a worker would have before the first visitor."""
    from publication import diffusion

    diffusion.calculer_a_faire()
    return live_server.url


def se_connecter(page, site, username):
    """Log `page` into the Wagtail admin through the real form (demo accounts share a password)."""
    from manifeste.demo import ADMIN_PASSWORD

    page.goto(f"{site}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(ADMIN_PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{site}/admin/")
    return page


def message(page):
    """The message the last request left (Wagtail's `.messages` list), once it is drawn."""
    premier = page.locator(".messages li").first
    premier.wait_for()
    return page.locator(".messages").inner_text()


@pytest.fixture
def admin_page(page, site):
    """A page logged into the Wagtail admin as the demo administrator."""
    from manifeste.demo import ADMIN_USERNAME

    return se_connecter(page, site, ADMIN_USERNAME)
