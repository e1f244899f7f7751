"""The one place where public pages read published figures.

Every block, page and CSV view asks these functions, never the models: when the assessments
(commitments.Evaluation) and indicator values (indicators.Valeur + indicators.aggregation) land,
wiring the dashboards means filling in these bodies — the signatures and the returned frames'
columns are the contract. Until then they return empty frames and every chart says « Pas encore de
données publiées ». Only *published* data may ever be returned from here.
"""

from dataclasses import dataclass

import pandas as pd

# Columns of the frames returned below (the contract with cms.charts / cms.maps).
COLONNES_SERIE = ["annee", "groupe", "valeur"]
COLONNES_TERRITOIRES = ["code", "valeur"]
COLONNES_REPARTITION = ["niveau", "effectif"]

GROUPES = ("national", "type", "taille", "region")


@dataclass(frozen=True)
class Indicateur:
    code: str
    libelle: str
    unite: str = ""
    cible: float | None = None
    cible_libelle: str = ""


def indicateur(code):
    """Label, unit and legal target of an indicator. TODO(indicators): read indicators.Indicateur."""
    return Indicateur(code=code, libelle=code)


def serie(indicateur_code, groupe="national", annees=None, filtres=None):
    """National aggregate of an indicator per year, one series per group.

    `groupe` is one of GROUPES (national = one series; else one series per type, size class or
    région); `annees` an iterable of years or None for all; `filtres` a FiltresTableau.cleaned_data
    dict. Columns: COLONNES_SERIE. TODO(indicators): call indicators.aggregation on published values.
    """
    return pd.DataFrame(columns=COLONNES_SERIE)


def valeurs_territoires(indicateur_code, annee, niveau="departement", filtres=None):
    """One value per département or région (INSEE code). Columns: COLONNES_TERRITOIRES.

    TODO(indicators/commitments): aggregate published values or levels per territory.
    """
    return pd.DataFrame(columns=COLONNES_TERRITOIRES)


def repartition_niveaux(engagement_code, annee=None, filtres=None):
    """How many collectivities stand at each maturity level of an engagement, with « non
    concerné » and « non renseigné » as their own rows (never counted as 0).
    Columns: COLONNES_REPARTITION. TODO(commitments): count published Evaluation rows.
    """
    return pd.DataFrame(columns=COLONNES_REPARTITION)


def collectivite_a_des_donnees(collectivite):
    """Whether anything about this collectivity is published. TODO: Evaluation/Valeur exist."""
    return False
