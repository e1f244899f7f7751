"""The published figures of every group the public pages can ask for, by the aggregation rules.

A group is a combination of ENSEMBLES' keys (type, size class, région, département, EPCI), each
member counted in its *effective* territory: a département or région council in its own. The
indicators' figures go through indicators.aggregation (sums, then the rule: never a mean of
rates); quartiles are those of the members' own figures (`par_collectivite`), interpolated
linearly as SQL's percentile_cont. Everything here is pure pandas over frames read in a few
queries; `garder` restricts the result to the groups some collectivities belong to (those a
publication touched).
"""

from dataclasses import dataclass, field

import pandas as pd
from django.db.models import Case, F, When
from django.db.models.functions import Coalesce

from commitments.models import Evaluation
from indicators import aggregation
from indicators.queries import DESCRIPTION, charger_valeurs
from manifeste.maturite import Etat
from manifeste.models import Collectivite
from publication.models import AUCUN

CLES = ("type", "taille", "region", "departement", "epci")
ENSEMBLES = (
    (),
    ("type",),
    ("taille",),
    ("type", "taille"),
    ("region",),
    ("type", "region"),
    ("taille", "region"),
    ("type", "taille", "region"),
    ("departement",),
    ("type", "departement"),
    ("taille", "departement"),
    ("type", "taille", "departement"),
    ("epci",),
)
QUARTILES = ("q1", "mediane", "q3")
NIVEAUX = [str(n) for n in range(5)] + [Etat.NON_CONCERNE.value, Etat.NON_RENSEIGNE.value]
_TOUS = "_tous"  # the key of the group of every member


def membres():
    """Every active collectivity with its effective group keys (AUCUN where it has none)."""
    qs = Collectivite.objects.actives().annotate(
        r=Case(When(type="region", then=F("code_insee")), default=F("region__code_insee")),
        d=Case(
            When(type="departement", then=F("code_insee")), default=F("departement__code_insee")
        ),
        e=Coalesce("epci__siren", "epci__code_insee"),
    )
    m = pd.DataFrame.from_records(
        qs.values_list("id", "type", "classe_taille", "r", "d", "e", "population").order_by(),
        columns=["collectivite_id", *CLES, "population"],
    )
    for cle in CLES[1:]:
        m[cle] = m[cle].where(m[cle].notna() & (m[cle] != ""), AUCUN)
    m["population"] = pd.to_numeric(m["population"], errors="coerce").astype(float)
    return m


def _groupes(frame, cles):
    """The frame with a key column for each of `cles` (a constant one for the whole)."""
    return (frame.assign(**{_TOUS: ""}), [_TOUS]) if not cles else (frame, list(cles))


@dataclass
class Groupes:
    """The members, the size of each group of each set and, for a publication, the groups its
    collectivities belong to: computed once for every subject."""

    membres: pd.DataFrame
    tailles: dict = field(default_factory=dict)
    touches: dict | None = None

    @classmethod
    def de(cls, m, garder=None):
        g = cls(m)
        m = m.assign(_p=m["population"].fillna(0))
        for cles in ENSEMBLES:
            mg, par = _groupes(m, cles)
            g.tailles[cles] = mg.groupby(par, dropna=False).agg(
                n_groupe=("collectivite_id", "size"), population_groupe=("_p", "sum")
            )
        if garder is not None:
            dans = m[m["collectivite_id"].isin(set(garder))]
            g.touches = {}
            for cles in ENSEMBLES:
                mg, par = _groupes(dans, cles)
                g.touches[cles] = pd.MultiIndex.from_frame(mg[par].drop_duplicates())
        return g

    def groupes_touches(self):
        """Each touched group as its five stored keys ('' for those not grouped on)."""
        for index in self.touches.values():
            for valeurs in index:
                yield dict.fromkeys(CLES, "") | {
                    c: v for c, v in zip(index.names, valeurs, strict=True) if c != _TOUS
                }

    def lignes(self, t, cles):
        """A frame indexed by `cles` as rows with every key column ('' for those not grouped
        on): only groups with a figure, only the touched ones for a publication."""
        par = _groupes(self.membres.iloc[:0], cles)[1]
        t = t[t["n"] > 0]
        t.index = pd.MultiIndex.from_arrays(
            [t.index.get_level_values(i) for i in range(t.index.nlevels)], names=par
        )
        if self.touches is not None:
            t = t[t.index.isin(self.touches[cles])]
        t = t.reset_index().drop(columns=[_TOUS], errors="ignore")
        return t.assign(**{c: "" for c in CLES if c not in cles})


def _avec_quartiles(t, chiffres, cles):
    """`t` with the quartiles of `chiffres`' `chiffre` per group (percentile_cont's linear
    interpolation), NaN for a group without any."""
    chiffres, par = _groupes(chiffres.dropna(subset=["chiffre"]), cles)
    if chiffres.empty:
        return t.assign(**{q: float("nan") for q in QUARTILES})
    q = chiffres.groupby(par, dropna=False)["chiffre"].quantile([0.25, 0.5, 0.75]).unstack()
    return t.join(q.set_axis(list(QUARTILES), axis=1))


def _ensembles(indicateur):
    """A territorial indicator is never aggregated across types (communes with EPCI…)."""
    if getattr(indicateur, "portee", None) == "terr":
        return [e for e in ENSEMBLES if "type" in e]
    return ENSEMBLES


def _finir(frames, sujet):
    t = pd.concat(frames, ignore_index=True).assign(sujet=sujet)
    for colonne in ("valeur", *QUARTILES):
        if colonne not in t:
            t[colonne] = float("nan")
    return t


def chiffres_indicateur(valeurs, g, indicateur):
    """The rows of one indicator-year: `valeurs` as indicators.queries.charger_valeurs gives
    them, `g` a Groupes."""
    m = g.membres
    v = valeurs.drop(columns=DESCRIPTION).merge(m, on="collectivite_id")
    preparees = aggregation.preparer(v, indicateur)
    chiffres = aggregation.par_collectivite(v, indicateur).rename("chiffre")
    chiffres = m.set_index("collectivite_id").join(chiffres, how="inner")
    lignes = []
    for cles in _ensembles(indicateur):
        vg, par = _groupes(preparees, cles)
        t = aggregation.finaliser(aggregation.sommer(vg, par), g.tailles[cles], indicateur)
        lignes.append(g.lignes(_avec_quartiles(t, chiffres, cles), cles))
    return _finir(lignes, indicateur.code)


def _libelle(etat, niveau):
    """The level's key in `niveaux`: « évalué » without a level is not informed."""
    if etat == Etat.EVALUE and pd.notna(niveau):
        return str(int(niveau))
    return Etat.NON_CONCERNE.value if etat == Etat.NON_CONCERNE else Etat.NON_RENSEIGNE.value


def chiffres_engagements(evaluations, g):
    """The rows of every engagement of one year: `evaluations` has collectivite_id, engagement,
    etat, niveau (published assessments). n counts the published assessments, valeur and the
    quartiles describe the levels of the « évalué » ones, niveaux counts each level."""
    e = evaluations.merge(g.membres, on="collectivite_id")
    e = e.assign(
        libelle=[_libelle(etat, n) for etat, n in zip(e["etat"], e["niveau"], strict=True)],
        chiffre=e["niveau"].where(e["etat"] == Etat.EVALUE).astype(float),
        _p=e["population"].fillna(0),
    )
    resultat = []
    for code, du in e.groupby("engagement"):
        lignes = []
        for cles in ENSEMBLES:
            dg, par = _groupes(du, cles)
            groupes = dg.groupby(par, dropna=False)
            t = g.tailles[cles].join(
                groupes.agg(
                    n=("collectivite_id", "size"),
                    valeur=("chiffre", "mean"),
                    population=("_p", "sum"),
                )
            )
            t = _avec_quartiles(t.fillna({"n": 0, "population": 0}), du, cles)
            comptes = dg.groupby([*par, "libelle"], dropna=False).size().unstack(fill_value=0)
            t["niveaux"] = comptes.reindex(index=t.index, columns=NIVEAUX, fill_value=0).to_dict(
                "records"
            )
            lignes.append(g.lignes(t, cles))
        resultat.append(_finir(lignes, code))
    return resultat


def chiffres_declarantes(ids, g, sujet):
    """How many members of each group published anything: `ids` the collectivities that did."""
    d = g.membres[g.membres["collectivite_id"].isin(set(ids))]
    d = d.assign(_p=d["population"].fillna(0))
    lignes = []
    for cles in ENSEMBLES:
        dg, par = _groupes(d, cles)
        t = g.tailles[cles].join(
            dg.groupby(par, dropna=False).agg(
                n=("collectivite_id", "size"), population=("_p", "sum")
            )
        )
        lignes.append(g.lignes(t.fillna({"n": 0, "population": 0}), cles))
    return _finir(lignes, sujet)


def evaluations_publiees(annee):
    return pd.DataFrame.from_records(
        Evaluation.objects.publiees()
        .filter(campagne__annee=annee)
        .values_list("collectivite_id", "engagement__code", "etat", "niveau")
        .order_by(),
        columns=["collectivite_id", "engagement", "etat", "niveau"],
    )


def valeurs_publiees(indicateurs, annee):
    return charger_valeurs(indicateurs, [annee])
