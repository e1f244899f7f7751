"""Reading the stored figures (publication.models.Chiffre) for the groups the pages filter on.

`filtres` are the dashboards' (publication.filters): type, taille, région and département codes,
and the edition read (none: the live figures).
A département lies in one région, so a département's groups are stored without the région.
"""

import pandas as pd
from django.db.models import Max, Q

from publication import diffusion
from publication.computation import CLES
from publication.maps import departements, region_de
from publication.models import Chiffre

CHAMPS = [
    "sujet",
    "annee",
    *CLES,
    "n",
    "n_groupe",
    "n_chiffres",
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


def _requete(sujets, filtres, par=(), **autres):
    """The rows of `sujets` in the filters' group, one per value of each key of `par`, and the
    key values the rows stand for without holding them."""
    _a_jour()
    cles = groupe(filtres)
    edition = (filtres or {}).get("edition") or 0
    qs = Chiffre.objects.filter(sujet__in=list(sujets), edition=edition, **autres)
    remplace = {}
    for cle in par:
        if cle == "region" and cles["departement"]:
            # Within a département, its région holds exactly the département's members.
            remplace["region"] = region_de(cles["departement"])
        elif cle == "departement" and cles["region"]:
            dans = [d["code"] for d in departements() if d["region"] == cles["region"]]
            qs = qs.filter(departement__in=dans)
            cles.update(region="")
            cles.pop("departement")
        else:
            qs = qs.exclude(**{cle: ""})
            cles.pop(cle)
    return qs.filter(**cles), remplace


def lignes(sujets, filtres=None, par=(), **autres):
    """A frame of CHAMPS for the stored rows of `sujets` in the filters' group, one per value
    of the keys `par` (`autres`: further lookups, such as annee)."""
    qs, remplace = _requete(sujets, filtres, par, **autres)
    t = pd.DataFrame.from_records(qs.values_list(*CHAMPS).order_by(*CLES), columns=CHAMPS)
    t = t.assign(**remplace)
    for colonne in ("valeur", "q1", "mediane", "q3", "population", "population_groupe"):
        t[colonne] = t[colonne].astype(float)
    t["part_population"] = (t["population"] / t["population_groupe"]).where(
        t["population_groupe"] > 0
    )
    return t


def cle(filtres):
    """A group's stored keys as a tuple, in CLES order."""
    return tuple(groupe(filtres).values())


def des_groupes(groupes, sujets, **autres):
    """{(cle of the group, sujet): row as a dict of CHAMPS}: the stored rows of `sujets` in
    each of `groupes` (filters), in one query."""
    _a_jour()
    condition = Q(pk__in=[])
    for g in groupes:
        condition |= Q(**groupe(g))
    qs = Chiffre.objects.filter(condition, sujet__in=list(sujets), edition=0, **autres)
    return {(tuple(r[c] for c in CLES), r["sujet"]): r for r in qs.values(*CHAMPS)}


def mis_a_jour():
    """When the live figures were last computed (None before the first publication)."""
    return Chiffre.objects.filter(edition=0).aggregate(le=Max("calcule_le"))["le"]


def plus_grand_n(sujets, filtres, **autres):
    """The most collectivities behind any one stored figure of `sujets` in the group."""
    qs, _ = _requete(sujets, filtres, **autres)
    return qs.aggregate(n=Max("n"))["n"] or 0
