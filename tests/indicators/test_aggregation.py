"""Aggregation rules on hand-made frames (no database), starting with the spec's example."""

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from indicators.aggregation import (
    IndicateurLocal,
    NiveauxMelanges,
    agreger,
    agreger_par,
    cible_atteinte,
    par_collectivite,
)
from indicators.models import Indicateur

REEMPLOI = Indicateur(
    code="A2E3-01",
    nature="ratio",
    agregation="ratio_of_sums",
    portee="org",
    echelle=100,
    sens="up",
    cibles={"2023": 25, "2024": 35, "2025": 50},
)
CONSEILLERS = Indicateur(code="A1E2-01", nature="count", agregation="sum", portee="org", echelle=1)
DUREE = Indicateur(
    code="A2E1-03", nature="mean", agregation="weighted_mean", portee="org", echelle=1
)
STRATEGIE = Indicateur(
    code="A3E2-01", nature="bool", agregation="share_yes", portee="org", echelle=1
)
FIBRE = Indicateur(
    code="A3E1-01", nature="ratio", agregation="ratio_of_sums", portee="terr", echelle=100
)
EMPREINTE = Indicateur(
    code="A2E1-01",
    nature="quantity",
    agregation="sum",
    sens="down",
    portee="org",
    echelle=1,
    cibles={"2025": 10},
)


def collectivites(*specs):
    """(id, type, population, classe_taille, departement_id, region_id)"""
    return pd.DataFrame(
        [
            {
                "collectivite_id": i,
                "type": t,
                "population": p,
                "classe_taille": c,
                "departement_id": d,
                "region_id": r,
            }
            for i, t, p, c, d, r in specs
        ]
    )


MEMBRES = collectivites(
    (1, "commune", 1000, "1", 10, 100),
    (2, "commune", 5000, "2", 10, 100),
    (3, "commune", 4000, "2", 20, 100),
    (4, "commune", 10000, "2", 20, 100),
    (5, "epci", 20000, "3", 10, 100),
)


def valeurs(rows):
    base = {
        "valeur": None,
        "numerateur": None,
        "denominateur": None,
        "poids": None,
        "booleen": None,
    }
    df = pd.DataFrame([{**base, **r} for r in rows])
    return df.merge(MEMBRES, on="collectivite_id")


def test_exemple_de_la_specification():
    v = valeurs(
        [
            {"collectivite_id": 1, "numerateur": 40, "denominateur": 100},
            {"collectivite_id": 2, "numerateur": 5, "denominateur": 10},
            {"collectivite_id": 3, "numerateur": 0, "denominateur": 2},
        ]
    )
    membres = MEMBRES[MEMBRES.type == "commune"]
    a = agreger(v, membres, REEMPLOI)
    assert round(a.valeur, 2) == 40.18  # not (40 + 50 + 0) / 3 = 30
    assert (a.n, a.n_groupe) == (3, 4)
    assert a.couverture == 0.75
    assert a.population_couverte == 10000 and a.part_population == pytest.approx(0.5)
    atteintes = cible_atteinte(par_collectivite(v, REEMPLOI), REEMPLOI, 2025)
    assert atteintes.sum() == 1 and bool(atteintes[2])


def test_manquant_n_est_pas_zero():
    v = valeurs(
        [
            {"collectivite_id": 1, "numerateur": 40, "denominateur": 100},
            {"collectivite_id": 2, "numerateur": 5},  # incomplete: left out
        ]
    )
    a = agreger(v, MEMBRES, REEMPLOI)
    assert a.valeur == 40 and a.n == 1 and a.n_groupe == 5


def test_aucune_valeur():
    a = agreger(valeurs([{"collectivite_id": 1}]), MEMBRES, CONSEILLERS)
    assert a.valeur is None and a.n == 0 and a.couverture == 0


def test_somme_org_additionne_les_niveaux():
    v = valeurs([{"collectivite_id": 1, "valeur": 2}, {"collectivite_id": 5, "valeur": 3.5}])
    a = agreger(v, MEMBRES, CONSEILLERS)
    assert a.valeur == 5.5 and a.n == 2 and a.part_population == pytest.approx(21000 / 40000)


def test_moyenne_ponderee():
    v = valeurs(
        [
            {"collectivite_id": 1, "valeur": 4, "poids": 10},
            {"collectivite_id": 2, "valeur": 7, "poids": 30},
        ]
    )
    assert agreger(v, MEMBRES, DUREE).valeur == pytest.approx((40 + 210) / 40)


def test_part_de_oui_et_population():
    v = valeurs(
        [
            {"collectivite_id": 1, "booleen": True},
            {"collectivite_id": 2, "booleen": False},
            {"collectivite_id": 3, "booleen": True},
        ]
    )
    a = agreger(v, MEMBRES, STRATEGIE)
    assert a.valeur == pytest.approx(200 / 3) and a.n_oui == 2 and a.n == 3
    assert a.population_couverte == 10000


def test_terr_refuse_les_niveaux_melanges():
    v = valeurs([{"collectivite_id": 1, "numerateur": 1, "denominateur": 2}])
    with pytest.raises(NiveauxMelanges):
        agreger(v, MEMBRES, FIBRE)
    assert agreger(v, MEMBRES[MEMBRES.type == "commune"], FIBRE).valeur == 50


def test_terr_groupes_separes_par_type():
    v = valeurs(
        [
            {"collectivite_id": 1, "numerateur": 1, "denominateur": 2},
            {"collectivite_id": 5, "numerateur": 9, "denominateur": 10},
        ]
    )
    t = agreger_par(v, MEMBRES, FIBRE, "region_id")
    assert t.loc[(100, "commune"), "valeur"] == 50
    assert t.loc[(100, "epci"), "valeur"] == 90
    # org: one group for the region, levels added
    t = agreger_par(v, MEMBRES, REEMPLOI, "region_id")
    assert t.loc[100, "valeur"] == pytest.approx(1000 / 12)


def test_groupes_par_cle_avec_couverture():
    v = valeurs(
        [
            {"collectivite_id": 1, "valeur": 1},
            {"collectivite_id": 2, "valeur": 2},
            {"collectivite_id": 3, "valeur": 4},
        ]
    )
    t = agreger_par(v, MEMBRES, CONSEILLERS, "departement_id")
    assert t.loc[10, "valeur"] == 3 and t.loc[10, "n"] == 2 and t.loc[10, "n_groupe"] == 3
    assert t.loc[20, "valeur"] == 4 and t.loc[20, "couverture"] == 0.5
    t = agreger_par(v, MEMBRES, CONSEILLERS, "classe_taille")
    assert t.loc["3", "n"] == 0 and math.isnan(t.loc["3", "valeur"])  # missing, not zero
    t = agreger_par(v, MEMBRES, CONSEILLERS, "type")
    assert t.loc["commune", "valeur"] == 7


def test_liste_explicite():
    v = valeurs([{"collectivite_id": 1, "valeur": 1}, {"collectivite_id": 4, "valeur": 8}])
    a = agreger(v, MEMBRES[MEMBRES.collectivite_id.isin([1, 2])], CONSEILLERS)
    assert a.valeur == 1 and (a.n, a.n_groupe) == (1, 2)


def test_indicateur_local_jamais_agrege():
    local = SimpleNamespace(**{**CONSEILLERS.__dict__, "collectivite_id": 7})
    with pytest.raises(IndicateurLocal):
        agreger(valeurs([{"collectivite_id": 1, "valeur": 1}]), MEMBRES, local)


def test_taux_par_collectivite_et_denominateur_nul():
    v = valeurs(
        [
            {"collectivite_id": 1, "numerateur": 0, "denominateur": 0},
            {"collectivite_id": 2, "numerateur": 1, "denominateur": 4},
        ]
    )
    assert par_collectivite(v, REEMPLOI).to_dict() == {2: 25.0}


def test_cible_sens_descendant():
    v = valeurs([{"collectivite_id": 1, "valeur": 8}, {"collectivite_id": 2, "valeur": 12}])
    chiffres = par_collectivite(v, EMPREINTE)
    assert cible_atteinte(chiffres, EMPREINTE, 2025).to_dict() == {1: True, 2: False}
    assert cible_atteinte(8.0, EMPREINTE, 2025) is True  # one collectivity's figure
    assert cible_atteinte(chiffres, CONSEILLERS, 2025) is None


def test_one_collectivitys_figure_of_each_year():
    v = valeurs(
        [
            {"collectivite_id": 1, "annee": 2024, "numerateur": 1, "denominateur": 4},
            {"collectivite_id": 1, "annee": 2025, "numerateur": 5, "denominateur": 10},
            {"collectivite_id": 1, "annee": 2026, "numerateur": 5, "denominateur": None},
        ]
    )
    assert par_collectivite(v, REEMPLOI, par="annee").to_dict() == {2024: 25.0, 2025: 50.0}
