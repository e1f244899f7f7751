import pytest

from benchmarks.pages import PUBLIC_PAGES
from tests.browser.screens import ADMIN_SCREENS, ANONYMOUS_SCREENS, chemins

pytestmark = pytest.mark.browser


def csp_reports(page):
    """The console messages of the CSP blocking something, gathered as the page works."""
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return blocked


def test_every_screen_runs_under_its_csp_without_violation(admin_page, site):
    # One walk, logged in, through every page type: each navigation would cost a fresh database.
    blocked = csp_reports(admin_page)
    paths = [p.path for p in PUBLIC_PAGES] + ANONYMOUS_SCREENS + chemins(ADMIN_SCREENS)
    for path in paths:
        response = admin_page.goto(site + path, wait_until="networkidle")
        assert response.headers["content-security-policy"], path
    assert not blocked, "\n".join(blocked)


def test_a_violation_would_be_seen(page, site):
    blocked = csp_reports(page)
    page.goto(site + "/")
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<img src=\"https://example.org/x.png\">')"
    )
    page.wait_for_timeout(200)
    assert blocked
