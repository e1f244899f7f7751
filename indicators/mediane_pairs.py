"""The peers' median shown beside each cell of the entry grid.

Peers are those of the public profile (publication.peers' size-class group): the same type and
size class, the collectivity included, each with its own figure (`aggregation.par_collectivite`:
a ratio's own rate, never a mean of rates). Computed here from the published values rather than
read from publication's stored figures, which sit above this app. The grid year's figure is
shown when enough peers published it, else last year's; below the diffusion threshold, none.
Cached per group and year for a few minutes: the median of dozens of peers barely moves while
one of them types, and every grid of the group reads the same one.
"""

from dataclasses import dataclass

from django.core.cache import cache

from . import secret_statistique
from .aggregation import par_collectivite
from .models import Indicateur, Nature, Valeur
from .queries import charger_valeurs, par_indicateur

DUREE_CACHE = 600  # seconds


@dataclass(frozen=True)
class Mediane:
    annee: int
    n: int  # peers who published a figure that year
    valeur: float | None = None  # the median of their figures; a yes/no: the share of « oui »

    @property
    def diffusable(self):
        return secret_statistique.diffusable(self.n)


def calculer(indicateurs, valeurs, annees):
    """{indicator id: Mediane} from published `valeurs` (a charger_valeurs frame): for each
    indicator, the latest of `annees` with enough peers, else the latest with any (its
    figure withheld). Pure pandas."""
    resultat = {}
    lignes = par_indicateur(valeurs)
    for indicateur in indicateurs:
        siennes = lignes[indicateur.pk]
        for annee in sorted(annees, reverse=True):
            chiffres = par_collectivite(siennes[siennes["annee"] == annee], indicateur)
            if chiffres.empty:
                continue
            mediane = Mediane(annee, len(chiffres))
            if mediane.diffusable:
                # Quartiles of 0/100 say nothing: a yes/no's figure is its share of « oui ».
                valeur = chiffres.mean() if indicateur.nature == Nature.BOOL else chiffres.median()
                resultat[indicateur.pk] = Mediane(annee, len(chiffres), float(valeur))
                break
            resultat.setdefault(indicateur.pk, mediane)
    return resultat


def medianes(collectivite, annee):
    """{indicator id: Mediane} of the shared catalogue for `collectivite`'s peers."""
    if not collectivite.classe_taille:
        return {}
    cle = f"grille-mediane-pairs:{collectivite.type}:{collectivite.classe_taille}:{annee}"
    resultat = cache.get(cle)
    if resultat is None:
        indicateurs = list(Indicateur.objects.partages())
        annees = [annee, annee - 1]
        publiees = Valeur.objects.publiees().filter(
            collectivite__type=collectivite.type,
            collectivite__classe_taille=collectivite.classe_taille,
            collectivite__active=True,
        )
        valeurs = charger_valeurs(indicateurs, annees, valeurs=publiees)
        resultat = calculer(indicateurs, valeurs, annees)
        cache.set(cle, resultat, DUREE_CACHE)
    return resultat
