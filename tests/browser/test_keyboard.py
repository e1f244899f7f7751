"""Keyboard only: a chart's table and CSV link, scrolling tables and the import forms (the
indicator grid's keys: test_grille.py)."""

import pytest
from playwright.sync_api import expect

from tests.browser.screens import valeurs_demo

pytestmark = pytest.mark.browser

# Pages whose tables may scroll sideways: charts' tables, comparison, peers, the report.
PAGES_A_TABLEAUX = [
    "/engagements/a2e3/",
    "/collectivites/comparer/?c=paris-75056&c=metropole-de-lyon-200046977&c=departement-ain-01",
    "/collectivites/paris-75056/",
    "/rapport/paris-75056/2024/",
    "/rapport-annuel/",
]


def focus(page):
    """What has the focus: tag, id, classes, href, name, type, text, aria-labelledby."""
    return page.evaluate(
        """() => { const e = document.activeElement; return {tag: e.tagName,
        id: e.id, cls: e.className && String(e.className), href: e.getAttribute('href'),
        name: e.getAttribute('name'), type: e.getAttribute('type'), text: e.innerText,
        labelledby: e.getAttribute('aria-labelledby')}; }"""
    )


def tab_jusqu_a(page, condition, max_tabs=400):
    """Press Tab until `condition(focus)` holds; the focused elements met on the way."""
    parcours = []
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        courant = focus(page)
        parcours.append(courant)
        if condition(courant):
            return parcours
    raise AssertionError(
        f"Jamais atteint au clavier après {max_tabs} tabulations : {parcours[-5:]}"
    )


def test_a_charts_table_then_its_csv_link_follow_by_tab(page, site):
    page.goto(site + "/engagements/a2e3/", wait_until="networkidle")
    figure = page.locator("figure.chart").filter(has=page.locator(".chart-download a")).first
    table_id = figure.locator(".table-scroll").get_attribute("aria-labelledby")
    tab_jusqu_a(page, lambda f: f["labelledby"] == table_id)
    # The drawing holds nothing focusable: the next stop is the chart's CSV download.
    page.keyboard.press("Tab")
    suivant = focus(page)
    assert suivant["tag"] == "A" and ".csv" in suivant["href"], suivant
    assert suivant["href"] == figure.locator(".chart-download a").get_attribute("href")
    with page.expect_download() as telechargement:
        page.keyboard.press("Enter")
    assert telechargement.value.suggested_filename.endswith(".csv")


def test_tables_that_scroll_are_focusable_named_regions(page, site):
    page.set_viewport_size({"width": 360, "height": 740})  # a small phone: tables overflow
    defiles = 0
    for path in PAGES_A_TABLEAUX:
        page.goto(site + path)
        zones = page.locator(".table-scroll")
        assert zones.count(), path
        for i in range(zones.count()):
            zone = zones.nth(i)
            assert zone.get_attribute("tabindex") == "0", path
            assert zone.get_attribute("role") == "region", path
            nom = page.locator(f"[id='{zone.get_attribute('aria-labelledby')}']").text_content()
            assert nom.strip(), path
            if zone.evaluate("z => z.scrollWidth > z.clientWidth") and zone.is_visible():
                zone.focus()
                page.keyboard.press("ArrowRight")
                # Smooth scrolling: the offset grows over a few frames.
                page.wait_for_function("z => z.scrollLeft > 0", arg=zone.element_handle())
                defiles += 1
    assert defiles, "aucun tableau ne défile à 360 px : le test ne vérifie plus rien"


def test_a_file_is_imported_with_the_keyboard(admin_page, site, tmp_path):
    annee = valeurs_demo()["annee"]
    fichier = tmp_path / "valeurs.csv"
    fichier.write_text(
        "collectivite;type_collectivite;indicateur;annee;valeur\n"
        f"75056;commune;A1E2-02;{annee};17\n",
        encoding="utf-8",
    )
    admin_page.goto(f"{site}/admin/indicateurs/")
    # Playwright turns on its chooser interception without waiting for the browser: waiting
    # through the tabs gives it time, or the space bar may open a dialog no one sees.
    with admin_page.expect_file_chooser() as choix:
        tab_jusqu_a(admin_page, lambda f: f["type"] == "file")
        admin_page.keyboard.press(" ")  # the space bar opens a file input's chooser
    choix.value.set_files(fichier)
    tab_jusqu_a(admin_page, lambda f: f["tag"] == "BUTTON" and "Vérifier" in f["text"], 3)
    admin_page.keyboard.press("Enter")
    expect(admin_page.get_by_role("button", name="Confirmer l'import")).to_be_visible()
    tab_jusqu_a(admin_page, lambda f: f["tag"] == "BUTTON" and "Confirmer" in f["text"])
    admin_page.keyboard.press("Enter")
    admin_page.wait_for_url(f"{site}/admin/indicateurs/import/**")  # the result page
    expect(admin_page.get_by_role("status").filter(has_text="Import")).to_contain_text(
        "Import enregistré : 1 lignes"
    )
