"""An assessment's history in words: « Niveau : non renseigné → 2 », by whom and when.

Saved versions (django-simple-history) give the content's changes, the transitions give the
status's; both are merged into one timeline, newest first. The wording is a plain function of
two contents, tested without the database.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from manifeste.maturite import Etat

from .queries import texte_narratif
from .reponse import libelle_reponse
from .workflow import EtatPublication

# What an assessment holds before its first save: its creation is told against this.
VIDE = {"etat": Etat.NON_RENSEIGNE, "niveau": None, "justification": "", "narratif": ""}
TEXTES = {
    "justification": gettext_lazy("Justification"),
    "narratif": gettext_lazy("Ce qui a été fait"),
    "revu_commentaire": gettext_lazy("Commentaire de revue nationale"),
}


@dataclass
class Evenement:
    quand: datetime
    qui: object  # a user, or None for the system (demo data, imports)
    lignes: list = field(default_factory=list)
    creation: bool = False
    commentaire: str = ""


def _texte(valeur):
    texte = Truncator(" ".join(texte_narratif(valeur).split())).chars(80)
    return f"« {texte} »" if texte else _("vide")


def changements(avant, apres):
    """The changes from one content to the next, in words; the state and the level are one
    answer (« non renseigné → 2 »), texts are quoted and shortened."""
    lignes = []
    reponse_avant = libelle_reponse(avant.get("etat"), avant.get("niveau"))
    reponse_apres = libelle_reponse(apres.get("etat"), apres.get("niveau"))
    if reponse_avant != reponse_apres:
        lignes.append(
            _("Niveau : %(avant)s → %(apres)s") % {"avant": reponse_avant, "apres": reponse_apres}
        )
    for champ, libelle in TEXTES.items():
        if champ in apres and (avant.get(champ) or "") != (apres.get(champ) or ""):
            lignes.append(
                _("%(champ)s : %(avant)s → %(apres)s")
                % {
                    "champ": libelle,
                    "avant": _texte(avant.get(champ)),
                    "apres": _texte(apres[champ]),
                }
            )
    return lignes


def statut(de, vers, sur_correction=False):
    texte = _("Statut : %(de)s → %(vers)s") % {
        "de": EtatPublication(de).label,
        "vers": EtatPublication(vers).label,
    }
    return _("Correction — %(texte)s") % {"texte": texte} if sur_correction else texte


def _contenu(version):
    return {champ: getattr(version, champ) for champ in (*VIDE, "revu_commentaire")}


def historique(evaluation):
    """The timeline of `evaluation`, newest first."""
    if evaluation.pk is None:
        return []
    evenements = []
    avant = None
    for version in evaluation.history.select_related("history_user").order_by("history_date"):
        contenu = _contenu(version)
        lignes = changements(avant or {**VIDE, "revu_commentaire": ""}, contenu)
        if avant is None or lignes:
            evenements.append(
                Evenement(version.history_date, version.history_user, lignes, avant is None)
            )
        avant = contenu
    for t in evaluation.transitions.select_related("par"):
        evenements.append(
            Evenement(
                t.le, t.par, [statut(t.de, t.vers, t.sur_correction)], commentaire=t.commentaire
            )
        )
    return sorted(evenements, key=lambda e: e.quand, reverse=True)
