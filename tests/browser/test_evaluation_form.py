"""The assessment page is one form: nothing typed is lost, whatever button is clicked."""

import contextlib
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import TIMEOUT_MS, message, se_connecter

pytestmark = pytest.mark.browser

TEXTE = "Inventaire du parc terminé en novembre."


def ouvrir(browser, site, username, code="A2E2"):
    """A fresh context logged in as `username`, on Paris's draft of the open campaign."""
    context = browser.new_context(locale="fr-FR")
    context.set_default_timeout(TIMEOUT_MS)
    page = se_connecter(context.new_page(), site, username)
    page.goto(f"{site}/admin/mes-collectivites/")
    page.get_by_role("link", name=re.compile(f"^{code} – ")).click()
    return page


def evaluation_ouverte(page):
    from commitments.models import Evaluation

    *_, collectivite, annee, code = page.url.rstrip("/").split("/")
    return Evaluation.objects.get(
        collectivite_id=collectivite, campagne__annee=annee, engagement__code=code
    )


def editeur(page):
    return page.get_by_role("textbox", name=re.compile("ce qui a été fait", re.I))


def taper_narratif(page, texte=TEXTE):
    editeur(page).click()
    page.keyboard.press("Control+A")
    page.keyboard.type(texte)


def cliquer_aussitot(page, nom):
    """Click in the same task as the last keystroke: before the editor's 250 ms save."""
    with page.expect_navigation():
        page.evaluate(
            """nom => [...document.querySelectorAll("button")]
                  .find(b => b.textContent.trim() === nom).click()""",
            nom,
        )


def avertissements_au_depart(page, action):
    """The beforeunload dialogs `action` (a navigation) raises; each is dismissed: we stay."""
    vus = []

    def rester(dialogue):
        vus.append(dialogue.type)
        dialogue.dismiss()

    page.on("dialog", rester)
    with contextlib.suppress(Exception):  # a dismissed navigation is reported as aborted
        action()
    page.remove_listener("dialog", rester)
    return vus


def test_niveau_et_narratif_tapes_puis_soumis_partent_ensemble(browser, site):
    page = ouvrir(browser, site, "contrib-paris")
    page.locator("input[name=reponse][value='3']").check()  # a level alone is an answer
    taper_narratif(page)
    cliquer_aussitot(page, "Soumettre à validation")
    assert "Évaluation enregistrée ; statut : « Soumis »" in message(page)
    evaluation = evaluation_ouverte(page)
    assert (evaluation.etat_publication, evaluation.niveau) == ("soumis", 3)
    assert TEXTE in evaluation.narratif
    # Submitted: the form is now read-only, and nothing is pending.
    expect(page.locator("input[name=reponse][value='3']")).to_be_disabled()
    assert avertissements_au_depart(page, page.reload) == []


def test_le_texte_tape_au_dernier_moment_est_enregistre(browser, site):
    page = ouvrir(browser, site, "contrib-paris")
    taper_narratif(page)
    cliquer_aussitot(page, "Enregistrer")
    assert "Évaluation enregistrée." in message(page)
    assert TEXTE in evaluation_ouverte(page).narratif
    expect(editeur(page)).to_contain_text(TEXTE)


def test_un_refus_donne_la_raison_et_garde_la_saisie(browser, site):
    page = ouvrir(browser, site, "contrib-paris")
    avant = evaluation_ouverte(page)
    page.get_by_label("Pas encore évalué").check()
    taper_narratif(page)
    cliquer_aussitot(page, "Soumettre à validation")
    assert "« Soumettre à validation » n'a pas été fait" in message(page)
    assert "Choisissez un niveau de 0 à 4" in message(page)
    expect(editeur(page)).to_contain_text(TEXTE)
    expect(page.get_by_label("Pas encore évalué")).to_be_checked()
    apres = evaluation_ouverte(page)
    assert (apres.etat_publication, apres.etat, apres.narratif) == (
        "brouillon",
        avant.etat,
        avant.narratif,
    )
    # What is on screen is not saved: leaving asks first.
    assert avertissements_au_depart(page, page.reload) == ["beforeunload"]


def test_quitter_avec_des_modifications_avertit(browser, site):
    page = ouvrir(browser, site, "contrib-paris")
    # Read only: no warning.
    assert avertissements_au_depart(page, page.reload) == []
    taper_narratif(page)
    assert avertissements_au_depart(page, page.reload) == ["beforeunload"]
    expect(editeur(page)).to_contain_text(TEXTE)  # stayed: the text is still there
    retour = page.get_by_role("link", name="← Mes collectivités")
    assert avertissements_au_depart(page, retour.click) == ["beforeunload"]
    # Saved: leaving is silent again.
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    assert "Évaluation enregistrée." in message(page)
    assert avertissements_au_depart(page, page.reload) == []


def test_deux_onglets_le_second_garde_sa_saisie(browser, site):
    premier = ouvrir(browser, site, "contrib-paris")
    second = ouvrir(browser, site, "contrib-paris")
    premier.get_by_role("button", name="Soumettre à validation").click()
    assert "statut : « Soumis »" in message(premier)
    taper_narratif(second)
    second.get_by_role("button", name="Enregistrer", exact=True).click()
    assert "En attente de validation : le contenu ne se modifie plus" in message(second)
    expect(editeur(second)).to_contain_text(TEXTE)
    assert TEXTE not in evaluation_ouverte(second).narratif


def test_un_double_clic_n_envoie_qu_une_fois(browser, site):
    page = ouvrir(browser, site, "contrib-paris")
    page.get_by_role("button", name="Soumettre à validation").dblclick()
    page.wait_for_load_state()
    assert "statut : « Soumis »" in message(page)
    assert evaluation_ouverte(page).transitions.filter(vers="soumis").count() == 1


def test_le_validateur_valide_ou_renvoie_avec_un_commentaire(browser, site):
    contributeur = ouvrir(browser, site, "contrib-paris")
    contributeur.get_by_role("button", name="Soumettre à validation").click()
    validateur = ouvrir(browser, site, "valid-paris")
    validateur.get_by_role("button", name="Renvoyer pour modification").click()
    assert "le commentaire est obligatoire" in message(validateur)
    validateur.get_by_label(re.compile("^Commentaire")).fill("Ajoutez la délibération.")
    validateur.get_by_role("button", name="Renvoyer pour modification").click()
    assert "Statut : « Renvoyé »" in message(validateur)
    transition = evaluation_ouverte(validateur).transitions.last()
    assert (transition.vers, transition.commentaire) == ("renvoye", "Ajoutez la délibération.")
    # The officer reads the reason on the page.
    contributeur.reload()
    expect(contributeur.locator("#renvoi")).to_contain_text("Ajoutez la délibération.")
