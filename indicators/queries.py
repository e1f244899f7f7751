"""Read values and collectivities into DataFrames for aggregation.py, in one query per set.

`charger_valeurs` reads any number of indicators × years with a single values_list; the
national figures of `agreger_sql` let the database do the GROUP BY and hand only per-group
sums to pandas, which then applies the same rules (aggregation.finaliser).
"""

from collections import defaultdict

import pandas as pd
from django.db.models import Count, F, Q, Sum

from manifeste.models import Collectivite

from .aggregation import COLONNES_SOMMES, cles_de_groupe, finaliser, verifier_agregeable
from .models import NOMBRES, Valeur
from .validation import CHAMPS_VALEUR, champs_attendus

DESCRIPTION = ["type", "population", "classe_taille", "departement_id", "region_id"]


def membres(collectivites=None):
    """The collectivities of a group (default: every active one), one row each."""
    qs = Collectivite.objects.actives() if collectivites is None else collectivites
    return pd.DataFrame.from_records(
        qs.values_list("id", *DESCRIPTION).order_by(), columns=["collectivite_id", *DESCRIPTION]
    )


def _base(synthetique):
    qs = Valeur.objects.filter(synthetique=True) if synthetique else Valeur.objects.publiees()
    return qs.conformes()


def par_indicateur(valeurs):
    """{indicator id: its rows} of a `charger_valeurs` frame, split once (filtering the whole
    frame for each indicator would rescan it each time); an empty frame for any other id."""
    return defaultdict(lambda: valeurs.iloc[:0], tuple(valeurs.groupby("indicateur_id")))


def charger_valeurs(indicateurs, annees, *, synthetique=False, valeurs=None):
    """Values of `indicateurs` for `annees`, in one query (published real values by default)."""
    qs = (valeurs.conformes() if valeurs is not None else _base(synthetique)).filter(
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
    for champ in (*NOMBRES, "population"):
        df[champ] = pd.to_numeric(df[champ].astype(object), errors="coerce").astype(float)
    df["booleen"] = df["booleen"].astype(object).where(df["booleen"].notna(), None)
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


def _completes(indicateurs):
    """Only complete values count (a ratio needs both parts…): one condition per set of fields."""
    par_champs = defaultdict(list)
    for indicateur in indicateurs:
        par_champs[champs_attendus(indicateur)].append(indicateur.pk)
    condition = Q(pk__in=[])
    for champs, ids in par_champs.items():
        condition |= Q(indicateur_id__in=ids, **{f"{c}__isnull": False for c in champs})
    return condition


def _vers_groupes(lignes, cles, colonnes, par):
    """Rows from SQL (grouped by `cles`) summed down to the groups of `par`; national (no
    `par`) is one row named 'national'. Every sum is additive, so this loses nothing."""
    df = pd.DataFrame.from_records(lignes, columns=[*cles, *colonnes])
    df[colonnes] = df[colonnes].astype(float).fillna(0)
    if par:
        return df.groupby(list(par), dropna=False)[colonnes].sum()
    return pd.DataFrame([df[colonnes].sum()], index=pd.Index(["national"], name="groupe"))


def agreger_sql_plusieurs(indicateurs, annee, par=(), *, synthetique=False, collectivites=None):
    """{indicator id: aggregate frame} of several indicators for one year, grouped by `par`,
    in two queries whatever their number: SQL sums by indicator and the union of the groups'
    keys, pandas sums down to each indicator's own groups and applies its rule."""
    for indicateur in indicateurs:
        verifier_agregeable(indicateur)
    par_indicateur = {i.pk: cles_de_groupe(i, par) for i in indicateurs}
    cles = list(dict.fromkeys(c for p in par_indicateur.values() for c in p))
    valeurs = _base(synthetique).filter(_completes(indicateurs), annee=annee)
    if collectivites is None:
        # A join on the active flag, not an IN (subquery) over 36,000 ids.
        collectivites = Collectivite.objects.actives()
        valeurs = valeurs.filter(collectivite__active=True)
    else:
        valeurs = valeurs.filter(collectivite__in=collectivites)
    noms = list(
        dict.fromkeys(
            ["n", *(n for i in indicateurs for n in SOMMES_PAR_REGLE.get(i.agregation, ()))]
        )
    ) + ["population"]
    sommes = (
        valeurs.values("indicateur_id", *(f"collectivite__{c}" for c in cles))
        .annotate(**{nom: SOMMES[nom] for nom in noms})
        .values_list("indicateur_id", *(f"collectivite__{c}" for c in cles), *noms)
        .order_by()
    )
    par_id = defaultdict(list)
    for ligne in sommes:
        par_id[ligne[0]].append(ligne[1:])
    taille = {"n_groupe": Count("id"), "population_groupe": Sum("population")}
    if cles:
        groupes = list(
            collectivites.values(*cles)
            .annotate(**taille)
            .values_list(*cles, "n_groupe", "population_groupe")
            .order_by()
        )
    else:  # values() without fields would group by every column: one row per collectivity
        groupes = [tuple(collectivites.order_by().aggregate(**taille).values())]
    resultat = {}
    for indicateur in indicateurs:
        p = par_indicateur[indicateur.pk]
        resultat[indicateur.pk] = finaliser(
            _vers_groupes(par_id[indicateur.pk], cles, noms, p).reindex(
                columns=COLONNES_SOMMES, fill_value=0
            ),
            _vers_groupes(groupes, cles, ["n_groupe", "population_groupe"], p),
            indicateur,
        )
    return resultat


def agreger_sql(indicateur, annee, par=(), *, synthetique=False, collectivites=None):
    """Aggregates of one indicator-year over active collectivities, grouped by `par` (nothing
    for national): the database sums, pandas applies the rule and the coverage."""
    return agreger_sql_plusieurs(
        [indicateur], annee, par, synthetique=synthetique, collectivites=collectivites
    )[indicateur.pk]
