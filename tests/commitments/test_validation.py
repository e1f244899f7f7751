"""Pure rules of an assessment, on plain values."""

import pytest

from commitments.validation import (
    RegleEnfreinte,
    avertissements_evaluation,
    delai_applicable,
    erreurs_evaluation,
    manques,
    verifier_edition,
    verifier_fichier,
    verifier_soumission,
)
from commitments.workflow import EtatPublication
from manifeste.maturite import Etat, moyenne_niveaux, taux_completion


def champs(constats):
    return [c.champ for c in constats]


@pytest.mark.parametrize("niveau", [0, 1, 2, 3, 4])
def test_un_niveau_de_l_echelle_est_accepte(niveau):
    assert erreurs_evaluation(Etat.EVALUE, niveau, "") == []


@pytest.mark.parametrize("niveau", [5, 9, -1])
def test_un_niveau_inconnu_est_refuse(niveau):
    assert champs(erreurs_evaluation(Etat.EVALUE, niveau, "")) == ["niveau"]


def test_evalue_sans_niveau_est_refuse():
    assert champs(erreurs_evaluation(Etat.EVALUE, None, "")) == ["niveau"]


def test_non_concerne_sans_raison_est_refuse():
    assert champs(erreurs_evaluation(Etat.NON_CONCERNE, None, "  ")) == ["justification"]
    assert erreurs_evaluation(Etat.NON_CONCERNE, None, "Compétence de l'EPCI") == []


def test_un_niveau_hors_evaluation_est_refuse():
    assert champs(erreurs_evaluation(Etat.NON_RENSEIGNE, 2, "")) == ["niveau"]


@pytest.mark.parametrize(
    ("niveau", "preuves", "averti"), [(2, 0, True), (4, 0, True), (1, 0, False), (3, 1, False)]
)
def test_niveau_superieur_a_1_sans_preuve_averti_sans_bloquer(niveau, preuves, averti):
    assert bool(avertissements_evaluation(Etat.EVALUE, niveau, preuves)) is averti
    assert erreurs_evaluation(Etat.EVALUE, niveau, "") == []


def test_manques():
    assert manques(Etat.NON_RENSEIGNE, None, "", 0) == ["niveau"]
    assert manques(Etat.EVALUE, 3, "", 0) == ["description", "preuve"]
    assert manques(Etat.EVALUE, 3, "<p>ok</p>", 1) == []
    assert manques(Etat.NON_CONCERNE, None, "", 0) == []


def test_non_renseigne_et_non_concerne_hors_des_moyennes():
    # Levels of: assessed 4, assessed 2, non concerné (None), non renseigné (None).
    assert moyenne_niveaux([4, 2, None, None]) == 3
    assert moyenne_niveaux([None, None]) is None
    etats = [Etat.EVALUE, Etat.NON_CONCERNE, Etat.NON_RENSEIGNE, Etat.NON_RENSEIGNE]
    assert taux_completion(etats) == 0.5


def test_soumettre_un_non_renseigne_est_refuse():
    with pytest.raises(RegleEnfreinte):
        verifier_soumission(Etat.NON_RENSEIGNE)
    verifier_soumission(Etat.NON_CONCERNE)


def test_edition_campagne_close_refusee_sauf_reouverture():
    with pytest.raises(RegleEnfreinte, match="close"):
        verifier_edition(EtatPublication.BROUILLON, campagne_ouverte=False, reouverte=False)
    verifier_edition(EtatPublication.BROUILLON, campagne_ouverte=False, reouverte=True)
    verifier_edition(EtatPublication.BROUILLON, campagne_ouverte=True, reouverte=False)


def test_fichiers():
    verifier_fichier("rapport.PDF", 1000, ["pdf"], 10_000)
    with pytest.raises(RegleEnfreinte, match="exe"):
        verifier_fichier("virus.exe", 10, ["pdf"], 10_000)
    with pytest.raises(RegleEnfreinte, match="trop lourd"):
        verifier_fichier("gros.pdf", 20_000, ["pdf"], 10_000)


@pytest.mark.parametrize(
    ("jours", "attendu"),
    [(40, None), (30, 30), (12, 30), (7, 7), (5, 7), (1, 1), (0, 1), (-1, None)],
)
def test_delai_applicable(jours, attendu):
    assert delai_applicable(jours, [30, 7, 1]) == attendu
