"""Read values and collectivities into DataFrames for aggregation.py, in one query per set.

`charger_valeurs` reads any number of indicators × years with a single values_list; the
national figures of `agreger_sql` let the database do the GROUP BY and hand only per-group
sums to pandas, which then applies the same rules (aggregation.finaliser).
"""

import pandas as pd
from django.db.models import Count, F, Q, Sum

from manifeste.models import Collectivite

from .aggregation import COLONNES_SOMMES, cles_de_groupe, finaliser, verifier_agregeable
from .models import Valeur
from .validation import CHAMPS_VALEUR, champs_attendus

DESCRIPTION = ["type", "population", "classe_taille", "departement_id", "region_id"]


def membres(collectivites=None):
    """The collectivities of a group (default: every active one), one row each."""
    qs = Collectivite.objects.actives() if collectivites is None else collectivites
    return pd.DataFrame.from_records(
        qs.values_list("id", *DESCRIPTION).order_by(), columns=["collectivite_id", *DESCRIPTION]
    )


def _base(synthetique):
    return Valeur.objects.filter(synthetique=True) if synthetique else Valeur.objects.publiees()


def charger_valeurs(indicateurs, annees, *, synthetique=False, valeurs=None):
    """Values of `indicateurs` for `annees`, in one query (published real values by default)."""
    qs = (valeurs if valeurs is not None else _base(synthetique)).filter(
        indicateur__in=indicateurs, annee__in=annees
    )
    colonnes = ["indicateur_id", "annee", "collectivite_id", *DESCRIPTION, *CHAMPS_VALEUR]
    lignes = qs.values_list(
        "indicateur_id",
        "annee",
        "collectivite_id",
        *(f"collectivite__{c}" for c in DESCRIPTION),
        *CHAMPS_VALEUR,
    ).order_by()
    df = pd.DataFrame.from_records(lignes, columns=colonnes)
    for champ in ("valeur", "numerateur", "denominateur", "poids", "population"):
        df[champ] = pd.to_numeric(df[champ].astype(object), errors="coerce").astype(float)
    df["booleen"] = df["booleen"].astype(object).where(df["booleen"].notna(), None)
    return df


def _grouper(qs, par, **sommes):
    """GROUP BY `par` in SQL; with no key, one aggregate row (values() without fields would
    group by every column)."""
    if not par:
        return [qs.aggregate(**sommes)]
    return list(qs.values(*par).annotate(**sommes).order_by())


def _frame(lignes, par, colonnes):
    df = pd.DataFrame.from_records(lignes, columns=[*par, *colonnes])
    df[colonnes] = df[colonnes].astype(float).fillna(0)
    if par:
        return df.set_index(par)
    df.index = pd.Index(["national"] * len(df), name="groupe")
    return df


# The sums each rule needs: asking SQL for the others would only cost time (n and population
# give every rule its coverage).
SOMMES = {
    "n": Count("id"),
    "s_valeur": Sum("valeur"),
    "s_num": Sum("numerateur"),
    "s_den": Sum("denominateur"),
    "s_vp": Sum(F("valeur") * F("poids")),
    "s_poids": Sum("poids"),
    "n_oui": Count("id", filter=Q(booleen=True)),
    "population": Sum("collectivite__population"),
}
SOMMES_PAR_REGLE = {
    "sum": ("s_valeur",),
    "ratio_of_sums": ("s_num", "s_den"),
    "weighted_mean": ("s_vp", "s_poids"),
    "share_yes": ("n_oui",),
}


def agreger_sql(indicateur, annee, par=(), *, synthetique=False, collectivites=None):
    """Aggregates of one indicator-year over active collectivities, grouped by `par` (nothing
    for national): the database sums, pandas applies the rule and the coverage."""
    verifier_agregeable(indicateur)
    par = cles_de_groupe(indicateur, par)
    complet = Q(**{f"{champ}__isnull": False for champ in champs_attendus(indicateur)})
    valeurs = _base(synthetique).filter(complet, indicateur=indicateur, annee=annee)
    if collectivites is None:
        # A join on the active flag, not an IN (subquery) over 36,000 ids.
        collectivites = Collectivite.objects.actives()
        valeurs = valeurs.filter(collectivite__active=True)
    else:
        valeurs = valeurs.filter(collectivite__in=collectivites)
    noms = ["n", *SOMMES_PAR_REGLE.get(indicateur.aggregation, ()), "population"]
    s = _grouper(
        valeurs, [f"collectivite__{c}" for c in par], **{nom: SOMMES[nom] for nom in noms}
    )
    s = [{k.removeprefix("collectivite__"): v for k, v in ligne.items()} for ligne in s]
    groupes = _grouper(
        collectivites, par, n_groupe=Count("id"), population_groupe=Sum("population")
    )
    return finaliser(
        _frame(s, par, noms).reindex(columns=COLONNES_SOMMES, fill_value=0),
        _frame(groupes, par, ["n_groupe", "population_groupe"]),
        indicateur,
    )
