"""With JavaScript off, every figure is still there as a table and the filters still work."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def sans_js(browser):
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_dashboard_tables_and_filters_work_without_javascript(sans_js, site):
    page = sans_js
    page.goto(site + "/tableau-de-bord/")
    assert page.evaluate("typeof window.Plotly") == "undefined"
    tables = page.locator("table.chart-table")
    assert tables.count() >= 1 and tables.first.is_visible()
    assert page.locator(".chart-plot").first.is_hidden()  # the drawing is JavaScript's addition
    avant = page.locator("#nb-signataires").inner_text()
    page.select_option("#id_type", "region")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url("**type=region**")
    assert page.locator("#id_type").input_value() == "region"
    assert page.locator("#nb-signataires").inner_text() != avant


def test_engagement_page_and_its_csv_work_without_javascript(sans_js, site):
    page = sans_js
    page.goto(site + "/engagements/")
    page.locator("main a[href^='/engagements/a']").first.click()
    assert page.locator("table.chart-table").first.is_visible()
    with page.expect_download() as telechargement:
        page.locator(".chart-download a").first.click()
    contenu = Path(telechargement.value.path()).read_text(encoding="utf-8")
    assert contenu.splitlines()[0].startswith("Niveau,")


def test_comparison_builds_its_url_without_javascript(sans_js, site):
    page = sans_js
    page.goto(site + "/collectivites/comparer/")
    for nom in ("Lyon", "Paris"):
        page.fill("#ajouter", nom)
        page.locator("form.search button[type=submit]").click()
    assert page.url.count("c=") == 2
    assert page.locator("table.comparison").nth(1).is_visible()
