"""The indicator grid as a spreadsheet, in Chromium, as contrib-paris: a 5×3 block pasted from a
spreadsheet, the keyboard alone, each line saved when left, a second tab's stale edit, leaving
and coming back; and, without JavaScript, the plain form."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import TIMEOUT_MS, message, se_connecter
from tests.browser.screens import OFFICER, valeurs_demo
from tests.browser.test_keyboard import focus

pytestmark = pytest.mark.browser

# As LibreOffice and Excel copy five rows of three cells: tabs, CRLF, a decimal comma, spaces
# (also non-breaking) between thousands, an empty cell, yes/no written out.
BLOC = (
    "37\t50\tdeux guichets\r\n"
    "1 234\t2 000\taudit 2025\r\n"
    "oui\t\tpublié en mars\r\n"
    "412\t2 103 778\t\r\n"
    "6,5\t2\u00a0103\u00a0778\tenquête annuelle\r\n"
)
LIGNES_DU_BLOC = ["A1E1-01", "A1E1-02", "A1E1-03", "A1E1-04", "A1E1-05"]


def cellule(page, nom):
    return page.locator(f"[id='{nom}']")


def etat(page, code):
    return page.locator(f"[id='{code}__etat']")


def valeur(code, annee):
    from indicators.models import Valeur

    return Valeur.objects.get(collectivite__slug="paris-75056", indicateur__code=code, annee=annee)


@pytest.fixture
def grille(browser, site):
    """The open campaign's grid of Paris, opened by its contributor in a context that may paste."""
    demo = valeurs_demo()
    context = browser.new_context(locale="fr-FR")
    context.set_default_timeout(TIMEOUT_MS)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page = se_connecter(context.new_page(), site, OFFICER)
    adresse = f"{site}/admin/indicateurs/{demo['paris']}/{demo['annee']}/"
    page.goto(adresse)
    yield page, adresse, demo["annee"]
    context.close()


def test_un_bloc_colle_s_enregistre_ligne_par_ligne(grille):
    page, adresse, annee = grille
    page.evaluate("texte => navigator.clipboard.writeText(texte)", BLOC)
    cellule(page, "A1E1-01__numerateur").focus()
    page.keyboard.press("Control+V")
    for code in LIGNES_DU_BLOC:
        expect(etat(page, code)).to_have_text("Enregistré")
    assert (valeur("A1E1-01", annee).numerateur, valeur("A1E1-01", annee).denominateur) == (37, 50)
    assert valeur("A1E1-02", annee).numerateur == 1234
    assert valeur("A1E1-03", annee).booleen is True
    assert valeur("A1E1-03", annee).commentaire == "publié en mars"
    assert valeur("A1E1-04", annee).denominateur == 2_103_778
    cinq = valeur("A1E1-05", annee)
    assert (cinq.valeur, cinq.poids, cinq.commentaire) == (6.5, 2_103_778, "enquête annuelle")
    # Left and come back: the grid shows what was saved, with no warning on the way out.
    page.goto(adresse.split("indicateurs/")[0])
    page.goto(adresse)
    expect(cellule(page, "A1E1-01__numerateur")).to_have_value("37")
    expect(cellule(page, "A1E1-05__valeur")).to_have_value("6.5")
    expect(cellule(page, "A1E1-03__commentaire")).to_have_value("publié en mars")


def test_au_clavier_seul_comme_dans_un_tableur(grille):
    page, _adresse, annee = grille
    avant = valeur("A1E2-02", annee).version
    cellule(page, "A1E1-05__valeur").focus()
    page.keyboard.press("ArrowDown")  # A1E2-01 holds one number: its first column
    assert focus(page)["id"] == "A1E2-01__valeur"
    page.keyboard.type("7")
    page.keyboard.press("Tab")
    assert focus(page)["id"] == "A1E2-01__commentaire"
    page.keyboard.type("au clavier")
    page.keyboard.press("Enter")  # down to the column where the Tabs started, the line left
    assert focus(page)["id"] == "A1E2-02__valeur"
    expect(etat(page, "A1E2-01")).to_have_text("Enregistré")
    assert (valeur("A1E2-01", annee).valeur, valeur("A1E2-01", annee).commentaire) == (
        7,
        "au clavier",
    )
    # A refused entry says which field and why, where the screen reader reads the field.
    page.keyboard.press("Control+A")
    page.keyboard.type("beaucoup")
    page.keyboard.press("ArrowUp")
    assert focus(page)["id"] == "A1E2-01__valeur"
    expect(etat(page, "A1E2-02")).to_contain_text(
        "Erreur, non enregistré : accompagnements / an : « beaucoup » : n'est pas un nombre"
    )
    champ = cellule(page, "A1E2-02__valeur")
    expect(champ).to_have_attribute("aria-invalid", "true")
    assert "A1E2-02__valeur-erreur" in champ.get_attribute("aria-describedby")
    assert "A1E2-02__aide" in champ.get_attribute("aria-describedby")
    assert valeur("A1E2-02", annee).version == avant  # nothing written
    # Left and Right move between the cells of a line once the caret is at the edge.
    cellule(page, "A2E3-01__numerateur").focus()
    page.keyboard.press("End")
    page.keyboard.press("ArrowRight")
    assert focus(page)["id"] == "A2E3-01__denominateur"
    page.keyboard.press("ArrowLeft")
    assert focus(page)["id"] == "A2E3-01__numerateur"


def test_un_second_onglet_ne_remplace_pas_une_valeur_changee_entre_temps(grille):
    page, adresse, annee = grille
    autre = page.context.new_page()  # the same session's second tab
    autre.goto(adresse)  # both tabs read the same version
    cellule(page, "A1E2-01__valeur").fill("11")
    cellule(page, "A1E2-01__commentaire").focus()
    cellule(page, "A1E2-02__valeur").focus()  # the line is left: saved
    expect(etat(page, "A1E2-01")).to_have_text("Enregistré")
    cellule(autre, "A1E2-01__valeur").fill("22")
    cellule(autre, "A1E2-02__valeur").focus()
    expect(etat(autre, "A1E2-01")).to_contain_text("modifié ailleurs entre-temps")
    assert valeur("A1E2-01", annee).valeur == 11
    autre.get_by_label("garder ma saisie").check()
    expect(etat(autre, "A1E2-01")).to_have_text("Enregistré")
    assert valeur("A1E2-01", annee).valeur == 22


def test_sans_javascript_la_grille_reste_un_formulaire(browser, site):
    demo = valeurs_demo()
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    page = se_connecter(context.new_page(), site, OFFICER)
    page.goto(f"{site}/admin/indicateurs/{demo['paris']}/{demo['annee']}/")
    cellule(page, "A1E2-01__valeur").fill("12,5")
    cellule(page, "A1E2-01__valeur").press("Enter")  # implicit submission of the form
    assert "1 valeurs enregistrées" in message(page)
    expect(cellule(page, "A1E2-01__valeur")).to_have_value("12.5")
    expect(etat(page, "A1E2-01")).to_have_text("Enregistré")
    context.close()
