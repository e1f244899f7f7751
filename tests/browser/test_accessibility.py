import pytest

from benchmarks.pages import PUBLIC_PAGES
from tests.browser.a11y import assert_no_serious_a11y_violations
from tests.browser.screens import ADMIN_SCREENS, ANONYMOUS_SCREENS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", [p.path for p in PUBLIC_PAGES] + ANONYMOUS_SCREENS)
def test_anonymous_pages_have_no_serious_a11y_violation(page, site, path):
    response = page.goto(site + path)
    assert response.status == 200
    assert_no_serious_a11y_violations(page)


@pytest.mark.parametrize("path", ADMIN_SCREENS)
def test_admin_screens_have_no_serious_a11y_violation(admin_page, site, path):
    admin_page.goto(site + path)
    assert_no_serious_a11y_violations(admin_page)


def test_a11y_helper_reports_a_real_violation(page):
    # An image without text alternative and an unlabelled field: the helper must fail, naming them.
    page.set_content('<html lang="fr"><title>t</title><main><img src="x.png"><input></main>')
    with pytest.raises(AssertionError) as failure:
        assert_no_serious_a11y_violations(page)
    assert "image-alt" in str(failure.value)
    assert "label" in str(failure.value)


def test_tab_reaches_the_skip_link_first_and_it_moves_focus_to_main(page, site):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#contenu"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
    assert page.evaluate("document.activeElement.tagName") == "MAIN"
