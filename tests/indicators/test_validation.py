"""The shared rules, as pure functions (no database): each one, field and reason."""

from decimal import Decimal as D

import pytest

from indicators.models import Indicateur
from indicators.validation import champs_attendus, valider


def ind(**kw):
    defaults = {"code": "X", "nature": "count", "agregation": "sum", "echelle": 1, "portee": "org"}
    return Indicateur(**{**defaults, **kw})


RATIO_PCT = ind(nature="ratio", agregation="ratio_of_sums", echelle=100, partie_du_tout=True)
PUE = ind(nature="ratio", agregation="ratio_of_sums", echelle=1, minimum=D("1"))
PAR_HABITANT = ind(nature="ratio", agregation="ratio_of_sums", echelle=10000)
MOYENNE = ind(nature="mean", agregation="weighted_mean")
SCORE = ind(nature="score", agregation="weighted_mean")
OUI_NON = ind(nature="bool", agregation="share_yes")


def champs(erreurs):
    return {e.champ for e in erreurs}


def test_champs_attendus_par_nature():
    assert champs_attendus(RATIO_PCT) == ("numerateur", "denominateur")
    assert champs_attendus(MOYENNE) == ("valeur", "poids")
    assert champs_attendus(SCORE) == ("valeur", "poids")
    assert champs_attendus(OUI_NON) == ("booleen",)
    assert champs_attendus(ind(nature="quantity")) == ("valeur",)


def test_valeur_correcte():
    assert valider(ind(), {"valeur": D(3)}) == []
    assert valider(RATIO_PCT, {"numerateur": D(40), "denominateur": D(100)}) == []
    assert valider(OUI_NON, {"booleen": False}) == []
    assert valider(PUE, {"numerateur": D(150), "denominateur": D(100)}) == []
    assert valider(PAR_HABITANT, {"numerateur": D(3), "denominateur": D(2)}) == []


@pytest.mark.parametrize("nature", ["count", "quantity"])
def test_negatif_refuse(nature):
    erreurs = valider(ind(nature=nature), {"valeur": D(-1)})
    assert champs(erreurs) == {"valeur"} and "négatif" in erreurs[0].raison


def test_parties_negatives_refusees():
    assert champs(valider(RATIO_PCT, {"numerateur": D(-1), "denominateur": D(5)})) == {"numerateur"}
    assert champs(valider(MOYENNE, {"valeur": D(3), "poids": D(-2)})) == {"poids"}


def test_score_peut_etre_negatif():
    assert valider(SCORE, {"valeur": D(-1), "poids": D(10)}) == []


def test_numerateur_superieur_au_denominateur():
    erreurs = valider(RATIO_PCT, {"numerateur": D(101), "denominateur": D(100)})
    assert champs(erreurs) == {"numerateur"} and "dépasse" in erreurs[0].raison
    # not a part of a whole: per 10,000 inhabitants may exceed
    assert valider(PAR_HABITANT, {"numerateur": D(101), "denominateur": D(100)}) == []


def test_pue_inferieur_a_un():
    erreurs = valider(PUE, {"numerateur": D(90), "denominateur": D(100)})
    assert champs(erreurs) == {"numerateur"} and "au moins 1" in erreurs[0].raison


def test_denominateur_nul():
    erreurs = valider(RATIO_PCT, {"numerateur": D(3), "denominateur": D(0)})
    assert champs(erreurs) == {"denominateur"}
    assert valider(RATIO_PCT, {"numerateur": D(0), "denominateur": D(0)}) == []


def test_partie_de_ratio_manquante():
    erreurs = valider(RATIO_PCT, {"numerateur": D(3)})
    assert champs(erreurs) == {"denominateur"} and "manquant" in erreurs[0].raison
    assert champs(valider(MOYENNE, {"valeur": D(3)})) == {"poids"}


def test_champ_sans_objet():
    erreurs = valider(RATIO_PCT, {"valeur": D(40)})
    assert champs(erreurs) == {"valeur"} and "sans objet" in erreurs[0].raison
    assert champs(valider(ind(), {"valeur": D(1), "booleen": True})) == {"booleen"}


def test_aucune_valeur():
    assert champs(valider(ind(), {})) == {"valeur"}


def test_annee_hors_campagne():
    erreurs = valider(ind(), {"valeur": D(1)}, annee=2019, annees_campagnes={2024, 2025})
    assert champs(erreurs) == {"annee"} and "2019" in erreurs[0].raison
    assert valider(ind(), {"valeur": D(1)}, annee=2025, annees_campagnes={2024, 2025}) == []
