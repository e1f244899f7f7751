import pytest

from benchmarks.pages import PUBLIC_PAGES
from tests.browser.a11y import assert_no_serious_a11y_violations
from tests.browser.conftest import se_connecter
from tests.browser.screens import (
    ANONYMOUS_SCREENS,
    NATIONAL_SCREENS,
    OFFICER,
    OFFICER_SCREENS,
    chemins,
)

pytestmark = pytest.mark.browser


def audit(page, site, paths):
    """axe on each path in turn, the failures of every page gathered in one message.

    One walk per test: each test costs a fresh copy of the demo data."""
    failures = []
    for path, status in paths:
        response = page.goto(site + path, wait_until="networkidle")
        if response.status != status:
            failures.append(f"{path} : statut {response.status} au lieu de {status}")
            continue
        try:
            assert_no_serious_a11y_violations(page)
        except AssertionError as failure:
            failures.append(str(failure))
    assert not failures, "\n".join(failures)


def test_anonymous_pages_have_no_serious_a11y_violation(page, site):
    # networkidle: the charts drawn by plotly are part of what axe must check.
    audit(
        page,
        site,
        [(p.path, p.status) for p in PUBLIC_PAGES] + [(s, 200) for s in ANONYMOUS_SCREENS],
    )


def test_officer_and_national_screens_have_no_serious_a11y_violation(page, site):
    # Each as the role that uses it: what a contributor sees differs from an administrator's.
    from manifeste.demo import ADMIN_USERNAME

    audit(se_connecter(page, site, OFFICER), site, [(p, 200) for p in chemins(OFFICER_SCREENS)])
    page.context.clear_cookies()
    audit(
        se_connecter(page, site, ADMIN_USERNAME),
        site,
        [(p, 200) for p in chemins(NATIONAL_SCREENS)],
    )


def test_import_dry_run_report_has_no_serious_a11y_violation(admin_page, site, tmp_path):
    fichier = tmp_path / "valeurs.csv"
    fichier.write_text(
        "collectivite;type_collectivite;indicateur;annee;valeur;numerateur;denominateur\n"
        "75056;commune;A1E2-01;2025;3;;\n75056;commune;A2E3-01;2025;;101;100\n",
        encoding="utf-8",
    )
    admin_page.goto(site + "/admin/indicateurs/")
    admin_page.get_by_label("Fichier").set_input_files(fichier)
    admin_page.get_by_role("button", name="Vérifier").click()
    admin_page.get_by_role("table", name="Erreurs").wait_for()
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
