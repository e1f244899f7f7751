"""PostgreSQL's GROUPING SETS give the very figures pandas gives, on the demo made hostile.

Zero denominators, incomplete values, yes/no answers, a body without any territory, groups of
one: every row of every set, every part, quartile and count, for every shared indicator.
(tests/publication/test_stored_figures.py checks either path against indicators.aggregation.)
"""

import math

import pandas as pd
import pytest
from django.db import connection

from indicators.models import Indicateur
from indicators.queries import charger_valeurs, par_indicateur
from publication import computation, grouping_sets
from publication.computation import CLES
from tests.figures_helpers import semer_hostile

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own path"),
]
NOMBRES = ["n", "n_groupe", "n_chiffres", "n_oui", "s_valeur", "s_num", "s_den", "s_vp"]
NOMBRES += ["s_poids", "population", "population_groupe", "valeur", *computation.QUARTILES]


def _proches(a, b):
    if pd.isna(a) or pd.isna(b):
        return pd.isna(a) and pd.isna(b)
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def test_both_paths_give_every_row_and_every_figure_alike(referentiel, territoires, catalogue):
    annee = semer_hostile().annee
    indicateurs = list(Indicateur.objects.filter(collectivite__isnull=True))
    g = computation.Groupes.de(computation.membres())
    valeurs = par_indicateur(charger_valeurs(indicateurs, [annee]))
    cles = ["sujet", *CLES]
    pandas_ = computation.chiffres_indicateurs(valeurs, g, indicateurs).set_index(cles)
    sql = grouping_sets.chiffres_indicateurs(annee, g, indicateurs).set_index(cles)
    assert len(pandas_) > 100 and sorted(sql.index) == sorted(pandas_.index)
    assert sql["n_chiffres"].lt(sql["n"]).any()  # a 0/0 counts, but has no rate of its own
    ecarts = [
        (i, c, pandas_.at[i, c], sql.at[i, c])
        for i in pandas_.index
        for c in NOMBRES
        if not _proches(pandas_.at[i, c], sql.at[i, c])
    ]
    assert ecarts == [], {c for _i, c, _p, _s in ecarts}
