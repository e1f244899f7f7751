"""Combine the values of several collectivities by the catalogue's rules (pure pandas).

Every aggregate goes through per-group sums (`sommes`) then `finaliser`, so the rules are
written once whether the sums come from pandas or from an SQL GROUP BY (see queries.py):
- sum: Σ valeur; ratio_of_sums: Σ num ÷ Σ den × echelle (never a mean of rates);
  weighted_mean: Σ(valeur × poids) ÷ Σ poids; share_yes: yes ÷ answers × 100.
- Missing is not zero: only complete values count, and each aggregate says how many
  collectivities it covers out of the group, and the share of the group's population they hold.
- `terr` indicators only combine one level: grouping always splits them by type, and
  a single aggregate over several levels is refused.

Input frames: `valeurs` has one row per collectivity (one indicator, one year) with columns
collectivite_id, type, population, classe_taille, departement_id, region_id and the value
fields (valeur, numerateur, denominateur, poids, booleen); `membres` lists the group's
collectivities with the same descriptive columns.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .validation import champs_attendus

COLONNES_SOMMES = ["n", "s_valeur", "s_num", "s_den", "s_vp", "s_poids", "n_oui", "population"]
CLES = ("type", "classe_taille", "departement_id", "region_id")


class NiveauxMelanges(ValueError):
    """A territorial indicator asked to add up nested levels (a commune inside its EPCI)."""


class IndicateurLocal(ValueError):
    """A collectivity's own indicator is never compared nor aggregated."""


@dataclass(frozen=True)
class Agregat:
    valeur: float | None
    n: int
    n_groupe: int
    population_couverte: float
    part_population: float | None
    n_oui: int | None = None

    @property
    def couverture(self):
        return self.n / self.n_groupe if self.n_groupe else None


def completes(valeurs, indicateur):
    """The rows holding every field the indicator needs: missing values are left out, not zeroed."""
    return valeurs.dropna(subset=list(champs_attendus(indicateur)))


def preparer(valeurs, indicateur):
    """The complete values with the columns the sums add up (once for many groupings)."""
    v = completes(valeurs, indicateur)
    nombres = {c: v[c].astype(float) for c in ("valeur", "numerateur", "denominateur", "poids")}
    return v.assign(
        **nombres,
        s_vp=nombres["valeur"] * nombres["poids"],
        n_oui=v["booleen"].astype(float),
        _population=v["population"].astype(float).fillna(0),
    )


_SOMMEES = {
    "valeur": "s_valeur",
    "numerateur": "s_num",
    "denominateur": "s_den",
    "s_vp": "s_vp",
    "poids": "s_poids",
    "n_oui": "n_oui",
    "_population": "population",
}


def sommer(preparees, par):
    """Per-group sums of `preparer`'s rows, grouped by the columns `par`: built-in sums, not
    a Python function per group (thousands of groups at once)."""
    groupes = preparees.groupby(par, dropna=False)
    t = groupes[list(_SOMMEES)].sum().rename(columns=_SOMMEES)
    return t.assign(n=groupes.size()).reindex(columns=COLONNES_SOMMES)


def sommes(valeurs, indicateur, par):
    """Per-group sums of the complete values, grouped by the columns `par`."""
    return sommer(preparer(valeurs, indicateur), par)


def _diviser(haut, bas):
    haut, bas = np.asarray(haut, dtype=float), np.asarray(bas, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(bas != 0, haut / np.where(bas != 0, bas, 1), np.nan)


REGLES = ("sum", "ratio_of_sums", "weighted_mean", "share_yes")


def valeurs_selon_regles(s, regle, echelle):
    """The aggregate value of each group of `s` (a frame of COLONNES_SOMMES) by `regle` and
    `echelle`: one of each, or one per row (many indicators' sums at once)."""
    regle = np.broadcast_to(np.asarray(regle, dtype=object), len(s))
    inconnues = set(regle) - set(REGLES)
    if inconnues:
        raise ValueError(f"agrégation inconnue : {', '.join(sorted(map(str, inconnues)))}")
    echelle = np.broadcast_to(np.asarray(echelle, dtype=float), len(s))
    valeur = np.select(
        [regle == r for r in REGLES],
        [
            s["s_valeur"].astype(float).to_numpy(),
            _diviser(s["s_num"], s["s_den"]) * echelle,
            _diviser(s["s_vp"], s["s_poids"]),
            _diviser(s["n_oui"], s["n"]) * 100,
        ],
    )
    return pd.Series(valeur, index=s.index).where(s["n"] > 0)


def valeurs_depuis_sommes(s, indicateur):
    """The aggregate value of each group of `s` (a frame of COLONNES_SOMMES)."""
    return valeurs_selon_regles(s, indicateur.agregation, indicateur.echelle)


def _taille_groupes(membres, par):
    m = membres.assign(_population=membres["population"].astype(float).fillna(0))
    return m.groupby(par, dropna=False).agg(
        n_groupe=("collectivite_id", "size"), population_groupe=("_population", "sum")
    )


def finaliser(s, groupes, indicateur):
    """Join sums to group sizes and compute value and coverage; groups without a value stay."""
    t = groupes.join(s, how="left")
    t[COLONNES_SOMMES] = t[COLONNES_SOMMES].fillna(0)
    t["valeur"] = valeurs_depuis_sommes(t, indicateur)
    t["couverture"] = _diviser(t["n"], t["n_groupe"])
    t["part_population"] = _diviser(t["population"], t["population_groupe"])
    return t


def verifier_agregeable(indicateur):
    if getattr(indicateur, "collectivite_id", None):
        raise IndicateurLocal(f"{indicateur.code} est un indicateur local")


def cles_de_groupe(indicateur, par):
    par = [par] if isinstance(par, str) else list(par)
    if indicateur.portee == "terr" and "type" not in par:
        par.append("type")  # communes with communes, EPCI with EPCI…
    return par


def _agreger_groupes(valeurs, membres, indicateur, par):
    valeurs = valeurs[valeurs["collectivite_id"].isin(membres["collectivite_id"])]
    return finaliser(sommes(valeurs, indicateur, par), _taille_groupes(membres, par), indicateur)


def agreger_par(valeurs, membres, indicateur, par):
    """Aggregates of the groups of `membres` by `par` (type, classe_taille, departement_id,
    region_id or a list of them); `terr` indicators are split by type as well."""
    verifier_agregeable(indicateur)
    return _agreger_groupes(valeurs, membres, indicateur, cles_de_groupe(indicateur, par))


def agreger(valeurs, membres, indicateur):
    """One aggregate over the whole of `membres` (national, a peer group, an explicit list)."""
    verifier_agregeable(indicateur)
    if indicateur.portee == "terr" and membres["type"].nunique() > 1:
        raise NiveauxMelanges(
            f"{indicateur.code} décrit un territoire : agréger un seul niveau à la fois "
            f"(ici {', '.join(sorted(membres['type'].unique()))})"
        )
    tous = "_tous"
    t = _agreger_groupes(
        valeurs.assign(**{tous: 1}), membres.assign(**{tous: 1}), indicateur, [tous]
    )
    return agregat_de_ligne(t.iloc[0]) if len(t) else Agregat(None, 0, 0, 0, None)


def agregat_de_ligne(ligne):
    valeur = ligne["valeur"]
    return Agregat(
        valeur=None if pd.isna(valeur) else float(valeur),
        n=int(ligne["n"]),
        n_groupe=int(ligne["n_groupe"]),
        population_couverte=float(ligne["population"]),
        part_population=None
        if pd.isna(ligne["part_population"])
        else float(ligne["part_population"]),
        n_oui=int(ligne["n_oui"]),
    )


def par_collectivite(valeurs, indicateur, par="collectivite_id"):
    """Each collectivity's own figure (its rate for a ratio, 100/0 for yes/no), by collectivite_id
    (or by `par`: "annee" gives one collectivity's figure of each year)."""
    v = completes(valeurs, indicateur).set_index(par)
    if indicateur.nature == "ratio":
        chiffre = _diviser(v["numerateur"], v["denominateur"]) * indicateur.echelle
    elif indicateur.nature == "bool":
        chiffre = v["booleen"].astype(float).to_numpy() * 100
    else:
        chiffre = v["valeur"].astype(float).to_numpy()
    return pd.Series(chiffre, index=v.index, dtype=float).dropna()


def cible_atteinte(chiffres, indicateur, annee):
    """Whether figures (a Series, or one number) meet the legal target for `annee` (None: no
    target)."""
    cible = indicateur.cible(annee)
    if cible is None:
        return None
    return chiffres <= cible if indicateur.sens == "down" else chiffres >= cible
