"""A collectivity against its peers: quartiles of the per-collectivity figures and its position.

Peers are always of the collectivity's own type (a commune against communes: a territory's
figure never mixes levels), then share its size class, its département or its région. The
figures are `aggregation.par_collectivite`'s (a ratio's figure is its own rate: rates are never
averaged), and the collectivity counts among its peers. `charger_valeurs_pairs` reads the three
groups in one query; everything else is pure pandas.
"""

import math
from dataclasses import dataclass, replace

import pandas as pd
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators import secret_statistique
from indicators.aggregation import par_collectivite
from indicators.models import Nature, Valeur
from indicators.queries import charger_valeurs


class Position(models.TextChoices):
    SOUS_Q1 = "sous_q1", _("sous le 1er quartile")
    SOUS_MEDIANE = "sous_mediane", _("entre le 1er quartile et la médiane")
    MEDIANE = "mediane", _("à la médiane")
    SUR_MEDIANE = "sur_mediane", _("entre la médiane et le 3e quartile")
    SUR_Q3 = "sur_q3", _("au-dessus du 3e quartile")


@dataclass(frozen=True)
class GroupePairs:
    cle: str  # taille, departement, region
    libelle: str
    criteres: dict  # column of charger_valeurs' frame → value shared by the group

    @property
    def criteres_tries(self):
        """The criteria as a hashable key, the same for every member of the group."""
        return tuple(sorted(self.criteres.items()))


@dataclass(frozen=True)
class Comparaison:
    groupe: str
    n: int  # peers with a published figure, the collectivity included
    q1: float | None = None
    mediane: float | None = None
    q3: float | None = None
    part_oui: float | None = None  # yes/no indicators: share of « oui », in %
    position: str = ""
    n_groupe: int | None = None  # active collectivities of the group
    part_population: float | None = None  # share of the group's population behind `n`

    @property
    def couverture(self):
        """« 12 sur 40 collectivités, 35 % de la population », as every group figure says."""
        if self.n_groupe is None:
            return ""
        return secret_statistique.texte_couverture(self.n, self.n_groupe, self.part_population)

    @property
    def libelle_position(self):
        return Position(self.position).label if self.position else ""

    @property
    def donnees_insuffisantes(self):
        """« Données insuffisantes (n = 2) » when the group is too small to be described."""
        return secret_statistique.texte_insuffisant(self.n).capitalize()


def groupes_de_pairs(collectivite):
    """The peer groups that apply to `collectivite` (a région has no région peers…)."""
    type_ = {"type": collectivite.type}
    groupes = []
    if collectivite.classe_taille:
        groupes.append(
            GroupePairs(
                "taille",
                gettext("Même type et même taille (%(taille)s)")
                % {"taille": collectivite.get_classe_taille_display()},
                {**type_, "classe_taille": collectivite.classe_taille},
            )
        )
    for cle, libelle in (
        ("departement", gettext("Même type, même département (%(nom)s)")),
        ("region", gettext("Même type, même région (%(nom)s)")),
    ):
        territoire = getattr(collectivite, cle)
        if territoire is not None:
            groupes.append(
                GroupePairs(
                    cle, libelle % {"nom": territoire.nom}, {**type_, f"{cle}_id": territoire.pk}
                )
            )
    return groupes


def charger_valeurs_pairs(groupes, indicateurs, annee):
    """Published values of `annee` of every active collectivity in any of `groupes`: one query."""
    union = Q()
    for groupe in groupes:
        union |= Q(**{f"collectivite__{c}": v for c, v in groupe.criteres.items()})
    valeurs = Valeur.objects.publiees().filter(union, collectivite__active=True)
    return charger_valeurs(indicateurs, [annee], valeurs=valeurs)


def position(chiffre, q1, mediane, q3):
    if chiffre < q1:
        return Position.SOUS_Q1
    if chiffre > q3:
        return Position.SUR_Q3
    if math.isclose(chiffre, mediane):
        return Position.MEDIANE
    return Position.SOUS_MEDIANE if chiffre < mediane else Position.SUR_MEDIANE


def du_groupe(valeurs, groupe):
    masque = pd.Series(True, index=valeurs.index)
    for colonne, valeur in groupe.criteres.items():
        masque &= valeurs[colonne] == valeur
    return valeurs[masque]


@dataclass(frozen=True)
class Distribution:
    """One peer group's figures for one indicator-year: the same for every member, so it can be
    computed once and shared (see publication.report)."""

    n: int
    q1: float | None = None
    mediane: float | None = None
    q3: float | None = None
    part_oui: float | None = None
    population: float = 0  # of the `n` collectivities that published
    n_groupe: int | None = None  # active collectivities of the group
    population_groupe: float = 0


def distribution_des_chiffres(chiffres, indicateur, population=0):
    """The Distribution of a group's per-collectivity figures (a Series); below the threshold
    quartiles would describe one or two collectivities rather than a group: none."""
    n = len(chiffres)
    if not secret_statistique.diffusable(n):
        return Distribution(n, population=population)
    if indicateur.nature == Nature.BOOL:
        # Quartiles of 0/100 say nothing: the share of « oui » does.
        return Distribution(n, part_oui=float(chiffres.mean()), population=population)
    q1, mediane, q3 = chiffres.quantile([0.25, 0.5, 0.75]).tolist()
    return Distribution(n, q1=q1, mediane=mediane, q3=q3, population=population)


def distributions_des_groupes(valeurs, indicateur, groupes, tailles=None):
    """{group's sorted criteria: Distribution} for one indicator-year whose `valeurs` cover every
    group: each collectivity's figure is computed once, then each group takes its members'.
    `tailles`: tailles_des_groupes, for each group's coverage."""
    tailles = tailles or {}
    chiffres = par_collectivite(valeurs, indicateur)
    membres = valeurs.drop_duplicates("collectivite_id").set_index("collectivite_id")
    membres = membres.reindex(chiffres.index)
    distributions = {}
    for g in groupes:
        du = du_groupe(membres, g)
        n_groupe, population_groupe = tailles.get(g.criteres_tries, (None, 0))
        distributions[g.criteres_tries] = replace(
            distribution_des_chiffres(
                chiffres[du.index], indicateur, float(du["population"].fillna(0).sum())
            ),
            n_groupe=n_groupe,
            population_groupe=population_groupe,
        )
    return distributions


def tailles_des_groupes(groupes):
    """{group's sorted criteria: (active collectivities, their population)}: the N of each
    group's coverage, in one query."""
    from manifeste.models import Collectivite

    sommes = {}
    for i, g in enumerate(groupes):
        dans = Q(**g.criteres)
        sommes[f"n{i}"] = models.Count("id", filter=dans)
        sommes[f"p{i}"] = models.Sum("population", filter=dans)
    t = Collectivite.objects.actives().aggregate(**sommes) if groupes else {}
    return {g.criteres_tries: (t[f"n{i}"], t[f"p{i}"] or 0) for i, g in enumerate(groupes)}


def situer(chiffre, libelle, d):
    """A collectivity's figure (None: none published) against its group's Distribution."""
    rang = None
    if chiffre is not None and d.q1 is not None:
        rang = position(chiffre, d.q1, d.mediane, d.q3)
    return Comparaison(
        libelle,
        d.n,
        d.q1,
        d.mediane,
        d.q3,
        d.part_oui,
        position=rang.value if rang else "",
        n_groupe=d.n_groupe,
        part_population=d.population / d.population_groupe if d.population_groupe else None,
    )
