"""Reading the stored figures (publication.models.Chiffre) for the groups the pages filter on.

`filtres` are the dashboards' (publication.filters): type, taille, région and département codes.
A département lies in one région, so a département's groups are stored without the région.
"""

import pandas as pd
from django.db.models import Max

from publication import diffusion
from publication.maps import departements
from publication.models import Chiffre

CLES = ("type", "taille", "region", "departement", "epci")
CHAMPS = [
    "sujet",
    "annee",
    *CLES,
    "n",
    "n_groupe",
    "population",
    "population_groupe",
    "n_oui",
    "valeur",
    "q1",
    "mediane",
    "q3",
    "niveaux",
]


def _a_jour():
    if diffusion.a_la_lecture():
        diffusion.calculer_a_faire()


def groupe(filtres=None):
    """The stored keys of the group the filters select ('' for every key not filtered on)."""
    filtres = filtres or {}
    cles = {c: filtres.get(c) or "" for c in CLES}
    if cles["departement"]:
        cles["region"] = ""
    return cles


def _region_de(departement):
    return next(d["region"] for d in departements() if d["code"] == departement)


def _requete(sujets, filtres, par=None, **autres):
    """The rows of `sujets` in the filters' group, one per value of the key `par` if given."""
    _a_jour()
    cles = groupe(filtres)
    qs = Chiffre.objects.filter(sujet__in=list(sujets), **autres)
    if par == "region" and cles["departement"]:
        # Within a département, its région holds exactly the département's members.
        return qs.filter(**cles), {"region": _region_de(cles["departement"])}
    if par == "departement" and cles["region"]:
        dans = [d["code"] for d in departements() if d["region"] == cles["region"]]
        cles.pop("region")
        return qs.filter(**cles, departement__in=dans).exclude(departement=""), {}
    if par:
        cles.pop(par)
        return qs.filter(**cles).exclude(**{par: ""}), {}
    return qs.filter(**cles), {}


def lignes(sujets, filtres=None, par=None, **autres):
    """A frame of CHAMPS for the stored rows of `sujets` in the filters' group (`autres`:
    further lookups, such as annee)."""
    qs, remplace = _requete(sujets, filtres, par, **autres)
    t = pd.DataFrame.from_records(qs.values_list(*CHAMPS).order_by(*CLES), columns=CHAMPS)
    t = t.assign(**remplace)
    for colonne in ("valeur", "q1", "mediane", "q3", "population", "population_groupe"):
        t[colonne] = t[colonne].astype(float)
    t["part_population"] = (t["population"] / t["population_groupe"]).where(
        t["population_groupe"] > 0
    )
    return t


def plus_grand_n(sujets, filtres, **autres):
    """The most collectivities behind any one stored figure of `sujets` in the group."""
    qs, _ = _requete(sujets, filtres, **autres)
    return qs.aggregate(n=Max("n"))["n"] or 0
