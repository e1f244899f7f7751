"""Synthetic but plausible values for every active collectivity × indicator × year.

Used to test dashboards and aggregates at national scale (≈ 8.7 M values for 2021–2026). The
rows are marked `synthetique` and every real-data queryset excludes them; they carry no
history (they are regenerated, never edited). Written with PostgreSQL COPY, or large
executemany batches elsewhere.
"""

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from commitments.workflow import EtatPublication
from manifeste.models import Collectivite
from manifeste.planner import rafraichir_statistiques

from .models import CHAMPS_VALEUR, Indicateur, Valeur
from .writes import inserer

COLONNES = [
    "collectivite_id",
    "indicateur_id",
    "annee",
    *CHAMPS_VALEUR,
    "source",
    "commentaire",
    "etat",
    "modifie_le",
    "synthetique",
]


def _generer(indicateur, population, rng):
    """Column arrays (valeur, numerateur, denominateur, poids, booleen) for one indicator."""
    n = len(population)
    vide = np.full(n, np.nan)
    pop = np.maximum(population, 1)
    if indicateur.nature == "bool":
        return vide, vide, vide, vide, rng.random(n) < 0.4
    if indicateur.nature == "ratio":
        den = np.maximum(np.round(pop / rng.uniform(20, 200, n)), 1)
        if indicateur.minimum is not None:
            num = den * rng.uniform(float(indicateur.minimum), 2.5, n)
        elif indicateur.partie_du_tout:
            num = np.floor(den * rng.beta(2, 3, n))
        else:
            num = den * rng.uniform(0.1, 3, n) / indicateur.echelle * 100
        return vide, np.round(num, 2), den, vide, None
    if indicateur.nature == "mean" or indicateur.agregation == "weighted_mean":
        return np.round(rng.uniform(3, 8, n), 2), vide, vide, np.round(pop / 50) + 1, None
    if indicateur.nature == "score":
        return np.round(rng.uniform(1, 10, n), 2), vide, vide, vide, None
    return np.round(pop * rng.uniform(0.0005, 0.01, n), 2), vide, vide, vide, None


def lignes(indicateur, annee, ids, population, rng):
    """The rows of one indicator-year, as tuples in COLONNES order: one per collectivity, the
    full national scale (coverage below 100 % is what real data and the tests bring)."""
    valeur, num, den, poids, oui = _generer(indicateur, population, rng)
    maintenant = timezone.now().isoformat()
    n = len(ids)
    return list(
        zip(
            ids.tolist(),
            [indicateur.pk] * n,
            [annee] * n,
            _ou_none(valeur),
            _ou_none(num),
            _ou_none(den),
            _ou_none(poids),
            [None] * n if oui is None else oui.tolist(),
            ["synthétique"] * n,
            [""] * n,
            [EtatPublication.PUBLIE.value] * n,
            [maintenant] * n,
            [True] * n,
            strict=True,
        )
    )


def _ou_none(tableau):
    return [None if x != x else x for x in tableau.tolist()]  # NaN → NULL


def generer(annees, progression=None, graine=2021):
    """Replace every synthetic value of `annees`; returns the number of rows written."""
    rng = np.random.default_rng(graine)
    actives = np.array(
        Collectivite.objects.actives().order_by("id").values_list("id", "population"), dtype=float
    ).reshape(-1, 2)
    ids, population = actives[:, 0].astype(np.int64), np.nan_to_num(actives[:, 1])
    indicateurs = list(Indicateur.objects.partages().order_by("code"))
    table = Valeur._meta.db_table
    total = 0
    with transaction.atomic(), connection.cursor() as cursor:
        Valeur.objects.filter(synthetique=True, annee__in=annees).delete()
        for annee in annees:
            for indicateur in indicateurs:
                rangs = lignes(indicateur, annee, ids, population, rng)
                inserer(cursor, table, COLONNES, rangs)
                total += len(rangs)
                if progression:
                    progression(1)
        rafraichir_statistiques(Valeur)
    return total
