"""The dry run as one checks it before confirming: every cell the file changes, old → new, and
every new value, with their collectivity, indicator, year and file row. The screen shows the
first APERCU of each with the totals; the whole list is a CSV built again from the pending file.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from commitments.workflow import EtatPublication
from manifeste.models import Collectivite

from .cells import LIBELLES, texte_champ, texte_valeur
from .models import Indicateur

APERCU = 200


@dataclass(frozen=True)
class Cellule:
    ligne: int
    collectivite: object
    indicateur: object
    annee: int
    champ: str
    ancienne: str
    nouvelle: str
    etat: str = ""


def _noms(changements):
    collectivites = Collectivite.objects.in_bulk({c.collectivite_id for c in changements})
    indicateurs = Indicateur.objects.in_bulk({c.indicateur_id for c in changements})
    return collectivites, indicateurs


def _etat(changement):
    if changement.ancien is None:
        return ""
    if changement.etat == EtatPublication.BROUILLON:
        return EtatPublication(changement.etat).label
    if changement.etat == EtatPublication.PUBLIE:
        return _("Publiée : reste publiée telle quelle jusqu'à publication de la correction")
    return _("%s : repasse en brouillon") % EtatPublication(changement.etat).label


def cellules(changements, limite=None):
    """The changes cell by cell (a new value's filled fields with no old one), at most `limite`."""
    vues = []
    for changement in changements:
        for champ, ancienne, nouvelle in changement.cellules():
            if limite is not None and len(vues) >= limite:
                return vues
            vues.append((changement, champ, ancienne, nouvelle))
    collectivites, indicateurs = _noms([c for c, *_r in vues])
    return [
        Cellule(
            c.ligne,
            collectivites[c.collectivite_id],
            indicateurs[c.indicateur_id],
            c.annee,
            str(LIBELLES[champ]),
            texte_champ(ancienne),
            texte_champ(nouvelle),
            _etat(c),
        )
        for c, champ, ancienne, nouvelle in vues
    ]


def apercu(rapport, limite=APERCU):
    """Context of the dry run's page: the changed cells and the new values, each bounded."""
    modifiees = [c for c in rapport.changements if c.ancien is not None]
    nouvelles = [c for c in rapport.changements if c.ancien is None]
    collectivites, indicateurs = _noms(nouvelles[:limite])
    vues = []
    for c in nouvelles[:limite]:
        indicateur = indicateurs[c.indicateur_id]
        vues.append(
            (c, collectivites[c.collectivite_id], indicateur, texte_valeur(indicateur, c.nouveau))
        )
    return {
        "modifications": cellules(modifiees, limite),
        "cellules_modifiees": sum(len(c.cellules()) for c in modifiees),
        "valeurs_modifiees": len(modifiees),
        "nouvelles": vues,
        "total_nouvelles": len(nouvelles),
        "limite": limite,
    }


def entete_csv():
    return [
        _("ligne"),
        _("collectivité"),
        _("indicateur"),
        _("nom de l'indicateur"),
        _("année"),
        _("champ"),
        _("ancienne valeur"),
        _("nouvelle valeur"),
        _("état"),
    ]


def rangees_csv(rapport):
    for c in cellules(rapport.changements):
        yield [
            c.ligne,
            c.collectivite.nom,
            c.indicateur.code,
            c.indicateur.nom_fr,
            c.annee,
            c.champ,
            c.ancienne,
            c.nouvelle,
            c.etat,
        ]
