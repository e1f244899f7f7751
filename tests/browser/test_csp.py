import pytest

from benchmarks.pages import PUBLIC_PAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", [p.path for p in PUBLIC_PAGES] + ["/admin/"])
def test_pages_run_under_their_csp_without_violation(admin_page, site, path):
    # Logged in, so the admin's own screens load fully; public pages are the same for everyone.
    blocked = []
    admin_page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    response = admin_page.goto(site + path, wait_until="networkidle")
    assert response.headers["content-security-policy"]
    assert not blocked, "\n".join(blocked)


def test_a_violation_would_be_seen(page, site):
    blocked = []
    page.on("console", lambda message: blocked.append(message.text))
    page.goto(site + "/")
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<img src=\"https://example.org/x.png\">')"
    )
    page.wait_for_timeout(200)
    assert any("Content Security Policy" in text for text in blocked)
