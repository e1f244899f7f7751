"""A collectivity against its peers: quartiles of the per-collectivity figures and its position.

Peers are always of the collectivity's own type (a commune against communes: a territory's
figure never mixes levels), then share its size class, its département or its région. The
figures are `aggregation.par_collectivite`'s (a ratio's figure is its own rate: rates are never
averaged), and the collectivity counts among its peers. `charger_valeurs_pairs` reads the three
groups in one query; everything else is pure pandas.
"""

import math
from dataclasses import dataclass, replace

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators import secret_statistique
from indicators.models import Nature


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
    criteres: dict  # key of the stored figures (publication.stored) → value of the group

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
                {**type_, "taille": collectivite.classe_taille},
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
                    cle, libelle % {"nom": territoire.nom}, {**type_, cle: territoire.code_insee}
                )
            )
    return groupes


def position(chiffre, q1, mediane, q3):
    if chiffre < q1:
        return Position.SOUS_Q1
    if chiffre > q3:
        return Position.SUR_Q3
    if math.isclose(chiffre, mediane):
        return Position.MEDIANE
    return Position.SOUS_MEDIANE if chiffre < mediane else Position.SUR_MEDIANE


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


def distribution(ligne, indicateur):
    """A group's Distribution from its stored figure (a row of publication.stored, None when
    nobody published): below the threshold quartiles would describe one or two collectivities
    rather than a group: none."""
    if ligne is None:
        return Distribution(0)
    d = Distribution(
        ligne["n_chiffres"],
        population=ligne["population"],
        n_groupe=ligne["n_groupe"],
        population_groupe=ligne["population_groupe"],
    )
    if not secret_statistique.diffusable(d.n):
        return d
    if indicateur.nature == Nature.BOOL:
        # Quartiles of 0/100 say nothing: the share of « oui » does.
        return replace(d, part_oui=100 * ligne["n_oui"] / d.n)
    return replace(d, q1=ligne["q1"], mediane=ligne["mediane"], q3=ligne["q3"])


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
