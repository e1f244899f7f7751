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


def test_charts_are_drawn_under_the_csp_with_plotly_styles_from_a_static_file(page, site):
    blocked = csp_reports(page)
    page.goto(site + "/engagements/a2e3/", wait_until="networkidle")
    dessin = page.locator(".chart-plot").first
    assert dessin.is_visible()
    assert dessin.locator("svg.main-svg").count()
    # plotly found its stylesheet (the link flagged no-inline-styles) and injected no <style>.
    assert page.locator("style").count() == 0
    assert (
        page.evaluate(
            "getComputedStyle(document.querySelector('.js-plotly-plot .plotly')).direction"
        )
        == "ltr"
    )
    assert not blocked, "\n".join(blocked)


def test_the_static_plotly_stylesheet_holds_what_plotly_would_inject(page):
    # Draw a figure in a page without CSP and read the rules plotly injects: after a new bundle
    # (`make vendor`), static/vendor/plotly/plotly.css must be extracted again.
    from pathlib import Path

    static = Path(__file__).resolve().parents[2] / "static" / "vendor" / "plotly"
    page.set_content('<html><head></head><body><div id="g"></div></body></html>')
    page.add_script_tag(content=(static / "plotly-basic.min.js").read_text(encoding="utf-8"))
    page.evaluate(
        "Plotly.newPlot('g', [{type: 'bar', x: ['a'], y: [1]}], {}, {displayModeBar: false})"
    )
    injectees = page.evaluate(
        """() => Array.from(document.getElementById('plotly.js-style-global').sheet.cssRules)
        .map(r => r.cssText)"""
    )
    page.set_content("<html><head></head><body></body></html>")
    page.add_style_tag(content=(static / "plotly.css").read_text(encoding="utf-8"))
    servies = page.evaluate(
        "() => Array.from(document.styleSheets[0].cssRules).map(r => r.cssText)"
    )
    assert sorted(injectees) == sorted(servies)
