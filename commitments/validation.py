"""Business rules of an assessment as pure functions: no database, unit-tested on plain values.

Errors refuse the save; warnings are shown beside the form but never block (a level above 1
without evidence is a fact worth flagging, not a reason to lose what the officer typed).
"""

from dataclasses import dataclass
from pathlib import PurePath

from django.utils.translation import gettext as _

from manifeste.maturite import NIVEAUX, Etat

from .workflow import EtatPublication


class RegleEnfreinte(Exception):
    """A refusal, with the form field it concerns (None for the whole assessment)."""

    def __init__(self, message, champ=None):
        super().__init__(message)
        self.message = message
        self.champ = champ


@dataclass(frozen=True)
class Constat:
    champ: str | None
    message: str


def erreurs_evaluation(etat, niveau, justification):
    """What makes an answer invalid: a level off the scale, or "non concerné" without a reason."""
    erreurs = []
    if etat == Etat.EVALUE:
        if niveau is None:
            erreurs.append(Constat("niveau", _("Choisissez un niveau de 0 à 4.")))
        elif niveau not in NIVEAUX:
            erreurs.append(
                Constat("niveau", _("Niveau %(niveau)s inconnu : 0 à 4.") % {"niveau": niveau})
            )
    elif niveau is not None:
        erreurs.append(
            Constat("niveau", _("Un niveau ne se donne qu'à un engagement « évalué ».")),
        )
    if etat == Etat.NON_CONCERNE and not (justification or "").strip():
        erreurs.append(
            Constat("justification", _("Expliquez pourquoi l'engagement ne vous concerne pas."))
        )
    if etat not in Etat.values:
        erreurs.append(Constat("etat", _("État de maturité inconnu.")))
    return erreurs


def avertissements_evaluation(etat, niveau, nb_preuves):
    """Gaps shown to the officer that do not block the save."""
    avertissements = []
    if etat == Etat.EVALUE and niveau is not None and niveau > 1 and nb_preuves == 0:
        avertissements.append(
            Constat(
                "preuves",
                _("Un niveau supérieur à 1 devrait être étayé par au moins une preuve."),
            )
        )
    return avertissements


def manques(etat, niveau, narratif, nb_preuves):
    """What is still missing, as short labels for the workspace table."""
    if etat == Etat.NON_RENSEIGNE:
        return [_("niveau")]
    resultat = []
    if etat == Etat.EVALUE and not (narratif or "").strip():
        resultat.append(_("description"))
    if avertissements_evaluation(etat, niveau, nb_preuves):
        resultat.append(_("preuve"))
    return resultat


def verifier_soumission(etat):
    if etat == Etat.NON_RENSEIGNE:
        raise RegleEnfreinte(_("Renseignez un niveau ou « non concerné » avant de soumettre."))


def verifier_edition(etat_publication, campagne_ouverte, reouverte):
    """Content changes in draft, or over a published assessment as a pending correction (the
    state is then the correction's), and only while the campaign is open (or reopened)."""
    verifier_campagne_modifiable(campagne_ouverte, reouverte)
    if etat_publication not in (EtatPublication.BROUILLON, EtatPublication.PUBLIE):
        raise RegleEnfreinte(
            _(
                "En attente de validation : le contenu ne se modifie plus. Un valideur peut "
                "le repasser en brouillon."
            )
        )


def verifier_campagne_modifiable(campagne_ouverte, reouverte):
    if not (campagne_ouverte or reouverte):
        raise RegleEnfreinte(
            _(
                "La campagne est close : seul un administrateur national peut la rouvrir pour votre collectivité."
            )
        )


def verifier_fichier(nom, taille, extensions, taille_max):
    """Refuse a document whose type is not allowed or whose size is over the limit."""
    extension = PurePath(nom).suffix.lower().lstrip(".")
    if extensions and extension not in extensions:
        raise RegleEnfreinte(
            _("Type de fichier « %(ext)s » refusé ; types acceptés : %(liste)s.")
            % {"ext": extension or "?", "liste": ", ".join(extensions)},
            "fichier",
        )
    if taille_max and taille > taille_max:
        raise RegleEnfreinte(
            _("Fichier trop lourd (%(taille)s Mo) ; maximum %(max)s Mo.")
            % {"taille": round(taille / 1024 / 1024, 1), "max": round(taille_max / 1024 / 1024)},
            "fichier",
        )


def delai_applicable(jours_restants, delais):
    """The reminder due `jours_restants` days before closing: the smallest delay not yet past.

    With delays 30, 7, 1 and 5 days left, the "7 days" reminder is due (a missed cron run still
    sends it later); with 40 days left, none is.
    """
    if jours_restants < 0:
        return None
    dus = [d for d in delais if jours_restants <= d]
    return min(dus) if dus else None
