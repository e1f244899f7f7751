"""The published figures of every group the public pages can ask for, by the aggregation rules.

A group is a combination of ENSEMBLES' keys (type, size class, région, département, EPCI), each
member counted in its *effective* territory: a département or région council in its own. The
indicators' figures go through indicators.aggregation (sums, then the rule: never a mean of
rates); quartiles are those of the members' own figures (`par_collectivite`), interpolated
linearly as SQL's percentile_cont. Everything here is pure pandas over frames read in a few
queries; `Groupes.touchant` restricts the result to the groups some collectivities belong to
(those a publication touched).
"""

from dataclasses import dataclass, field, replace

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


def _par(cles):
    """The columns a set groups by (a constant one for the whole)."""
    return list(cles) or [_TOUS]


@dataclass
class Groupes:
    """The members, the size of each group of each set and, for a publication, the groups its
    collectivities belong to: computed once for every subject."""

    membres: pd.DataFrame
    tailles: dict = field(default_factory=dict)
    touches: dict | None = None

    @classmethod
    def de(cls, m):
        m = m.assign(**{_TOUS: ""}, _p=m["population"].fillna(0))
        g = cls(m)
        for cles in ENSEMBLES:
            g.tailles[cles] = (
                m.groupby(_par(cles))
                .agg(n_groupe=("collectivite_id", "size"), population_groupe=("_p", "sum"))
                .reset_index()
            )
        return g

    def touchant(self, garder):
        """The same groups, restricted to those the collectivities `garder` belong to (None:
        all of them)."""
        if garder is None:
            return replace(self, touches=None)
        dans = self.membres[self.membres["collectivite_id"].isin(set(garder))]
        touches = {
            cles: pd.MultiIndex.from_frame(dans[_par(cles)].drop_duplicates()) for cles in ENSEMBLES
        }
        return replace(self, touches=touches)

    def groupes_touches(self):
        """Each touched group as its five stored keys ('' for those not grouped on)."""
        for index in self.touches.values():
            for valeurs in index:
                yield dict.fromkeys(CLES, "") | {
                    c: v for c, v in zip(index.names, valeurs, strict=True) if c != _TOUS
                }

    def lignes(self, t, cles):
        """The rows of `t` (columns sujet, the set's keys, n…) with their group's size and every
        key column ('' for those not grouped on): only groups with a figure, only the touched
        ones for a publication."""
        par = _par(cles)
        t = t[t["n"] > 0].assign(**{_TOUS: ""}) if not cles else t[t["n"] > 0]
        t = t.merge(self.tailles[cles], on=par, how="left")
        if self.touches is not None:
            t = t[pd.MultiIndex.from_frame(t[par]).isin(self.touches[cles])]
        t = t.drop(columns=[_TOUS], errors="ignore")
        return t.assign(**{c: "" for c in CLES if c not in cles})


def _quartiles(chiffres, par):
    """The quartiles of `chiffres`' `chiffre` per group of `par` (percentile_cont's linear
    interpolation) and how many figures they describe, as columns beside `par`'s."""
    chiffres = chiffres.dropna(subset=["chiffre"])
    if chiffres.empty:
        return pd.DataFrame(columns=[*par, *QUARTILES, "n_chiffres"])
    groupes = chiffres.groupby(par)["chiffre"]
    q = groupes.quantile([0.25, 0.5, 0.75]).unstack().set_axis(list(QUARTILES), axis=1)
    return q.assign(n_chiffres=groupes.size()).reset_index()


def aucune_ligne():
    """The rows of subjects nobody published."""
    return pd.DataFrame(columns=["sujet", *CLES, "n"])


def finir(frames):
    """The rows of every set as one frame, with every figure's column."""
    t = pd.concat(frames, ignore_index=True)
    for colonne in ("valeur", *QUARTILES):
        if colonne not in t:
            t[colonne] = float("nan")
    # A group without any figure of its own: none behind its quartiles.
    t["n_chiffres"] = t.get("n_chiffres", pd.Series(0, index=t.index)).fillna(0).astype(int)
    return t


def _preparees(valeurs, g, indicateur):
    """One indicator's complete values with its members' keys, the columns the sums add up,
    its rule and each member's own figure (`chiffre`)."""
    v = valeurs.drop(columns=DESCRIPTION).merge(g.membres, on="collectivite_id")
    chiffres = aggregation.par_collectivite(v, indicateur)
    p = aggregation.preparer(v, indicateur)
    return p.assign(
        sujet=indicateur.code,
        regle=indicateur.agregation,
        echelle=indicateur.echelle,
        # A territorial indicator is never aggregated across types (communes with EPCI…).
        terr=indicateur.portee == "terr",
        chiffre=p["collectivite_id"].map(chiffres),
    )


def chiffres_indicateurs(valeurs, g, indicateurs):
    """The rows of the indicators of one year, all at once (a few group-bys per set, whatever
    the number of indicators): `valeurs` {indicator pk: frame as
    indicators.queries.charger_valeurs gives}, `g` a Groupes."""
    p = pd.concat(
        [_preparees(valeurs[i.pk], g, i) for i in indicateurs] or [pd.DataFrame()],
        ignore_index=True,
    )
    if p.empty:
        return aucune_ligne()
    lignes = []
    for cles in ENSEMBLES:
        pc = p if "type" in cles else p[~p["terr"]]
        par = ["sujet", *_par(cles)]
        t = aggregation.sommer(pc, par).reset_index()
        regles = pc.groupby(par)[["regle", "echelle"]].first().reset_index()
        t = t.merge(regles, on=par)
        t["valeur"] = aggregation.valeurs_selon_regles(t, t["regle"], t["echelle"])
        t = t.merge(_quartiles(pc, par), on=par, how="left")
        lignes.append(g.lignes(t.drop(columns=["regle", "echelle"]), cles))
    return finir(lignes)


def _libelle(etat, niveau):
    """The level's key in `niveaux`: « évalué » without a level is not informed."""
    if etat == Etat.EVALUE and pd.notna(niveau):
        return str(int(niveau))
    return Etat.NON_CONCERNE.value if etat == Etat.NON_CONCERNE else Etat.NON_RENSEIGNE.value


def chiffres_engagements(evaluations, g):
    """The rows of every engagement of one year: `evaluations` has collectivite_id, engagement,
    etat, niveau (published assessments). n counts the published assessments, valeur and the
    quartiles describe the levels of the « évalué » ones, niveaux counts each level."""
    e = evaluations.rename(columns={"engagement": "sujet"}).merge(g.membres, on="collectivite_id")
    if e.empty:
        return aucune_ligne()
    e = e.assign(
        libelle=[_libelle(etat, n) for etat, n in zip(e["etat"], e["niveau"], strict=True)],
        chiffre=e["niveau"].where(e["etat"] == Etat.EVALUE).astype(float),
    )
    lignes = []
    for cles in ENSEMBLES:
        par = ["sujet", *_par(cles)]
        t = (
            e.groupby(par)
            .agg(
                n=("collectivite_id", "size"), valeur=("chiffre", "mean"), population=("_p", "sum")
            )
            .reset_index()
            .merge(_quartiles(e, par), on=par, how="left")
        )
        comptes = e.groupby([*par, "libelle"]).size().unstack(fill_value=0)
        comptes = comptes.reindex(columns=NIVEAUX, fill_value=0)
        t["niveaux"] = comptes.reindex(pd.MultiIndex.from_frame(t[par])).to_dict("records")
        lignes.append(g.lignes(t, cles))
    return finir(lignes)


def chiffres_declarantes(ids, g, sujet):
    """How many members of each group published anything: `ids` the collectivities that did."""
    d = g.membres[g.membres["collectivite_id"].isin(set(ids))].assign(sujet=sujet)
    lignes = []
    for cles in ENSEMBLES:
        par = ["sujet", *_par(cles)]
        t = d.groupby(par).agg(n=("collectivite_id", "size"), population=("_p", "sum"))
        lignes.append(g.lignes(t.reset_index(), cles))
    return finir(lignes)


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
