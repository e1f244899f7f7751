"""Business rules of an assessment as pure functions: no database, unit-tested on plain values.

Errors refuse the save; warnings are shown beside the form but never block (a level above 1
without evidence is a fact worth flagging, not a reason to lose what the officer typed).
"""

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from manifeste.maturite import NIVEAUX, Etat

from .workflow import ETATS_MODIFIABLES


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
            erreurs.append(Constat("reponse", _("Choisissez un niveau de 0 à 4.")))
        elif niveau not in NIVEAUX:
            erreurs.append(
                Constat("reponse", _("Niveau %(niveau)s inconnu : 0 à 4.") % {"niveau": niveau})
            )
    elif niveau is not None:
        erreurs.append(
            Constat("reponse", _("Un niveau ne se donne qu'à un engagement « évalué ».")),
        )
    if etat == Etat.NON_CONCERNE and not (justification or "").strip():
        erreurs.append(
            Constat("justification", _("Expliquez pourquoi l'engagement ne vous concerne pas."))
        )
    if etat not in Etat.values:
        erreurs.append(Constat("reponse", _("Réponse inconnue.")))
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


def a_une_description(narratif):
    """Whether the rich-text narrative says something (an empty editor leaves « <p></p> »)."""
    return bool(strip_tags(narratif or "").strip())


def manques_avant_soumission(etat, narratif, justification):
    """What must be given before the assessment is submitted, each naming its form field:
    an answer, and what was done (the narrative) for a level, or why it does not apply."""
    if etat == Etat.NON_RENSEIGNE:
        return [Constat("reponse", _("Choisissez un niveau de 0 à 4, ou « Non concerné »."))]
    if etat == Etat.NON_CONCERNE and not (justification or "").strip():
        return [
            Constat("justification", _("Expliquez pourquoi l'engagement ne vous concerne pas."))
        ]
    if etat == Etat.EVALUE and not a_une_description(narratif):
        return [Constat("narratif", _("Décrivez ce qui a été fait (« Ce qui a été fait »)."))]
    return []


def manques(etat, niveau, narratif, nb_preuves):
    """What is still missing, as short labels for the workspace table."""
    if etat == Etat.NON_RENSEIGNE:
        return [_("niveau")]
    resultat = []
    if etat == Etat.EVALUE and not a_une_description(narratif):
        resultat.append(_("description"))
    if avertissements_evaluation(etat, niveau, nb_preuves):
        resultat.append(_("preuve"))
    return resultat


def verifier_soumission(etat, narratif, justification):
    if constats := manques_avant_soumission(etat, narratif, justification):
        raise RegleEnfreinte(
            _("Avant de soumettre : %(manques)s")
            % {"manques": " ".join(c.message for c in constats)},
            constats[0].champ,
        )


def verifier_description(etat, narratif):
    """An assessment is validated or published only with what was done (the narrative)."""
    if etat == Etat.EVALUE and not a_une_description(narratif):
        raise RegleEnfreinte(
            _(
                "La description (« Ce qui a été fait ») manque : l'évaluation ne peut être ni "
                "validée ni publiée. Renvoyez-la pour modification."
            ),
            "narratif",
        )


def verifier_edition(etat_publication, campagne_ouverte, reouverte):
    """Content changes in draft, or over a published assessment as a pending correction (the
    state is then the correction's), and only while the campaign is open (or reopened)."""
    verifier_campagne_modifiable(campagne_ouverte, reouverte)
    if etat_publication not in ETATS_MODIFIABLES:
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


# What each accepted extension must hold, as `filetype` names what it reads; texts have no
# signature and are checked apart.
CONTENUS_ATTENDUS = {
    "pdf": {"pdf"},
    "png": {"png"},
    "jpg": {"jpg"},
    "jpeg": {"jpg"},
    "docx": {"docx"},
    "xlsx": {"xlsx"},
    "pptx": {"pptx"},
    "odt": {"odt"},
    "ods": {"ods"},
    "odp": {"odp"},
}
TEXTES = {"txt", "csv"}
# The part of an office zip that tells its kind, when its entries are not in the usual order.
_DOSSIERS_OOXML = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
_BALISAGE = re.compile(rb"^\s*<(!doctype|html|head|body|script|svg|\?xml|iframe)", re.IGNORECASE)


def nature_du_contenu(extension, contenu):
    """What `contenu` really is, named as an extension: « html » for markup, None if unknown."""
    debut = contenu[:8192].removeprefix(b"\xef\xbb\xbf")
    if _BALISAGE.match(debut):
        return "html"
    lue = filetype.guess_extension(contenu[:8192])
    if lue == "zip" and extension in CONTENUS_ATTENDUS:
        lue = _nature_du_zip(contenu) or lue
    if lue is None and b"\x00" not in debut:
        return "txt"
    return lue


def _nature_du_zip(contenu):
    try:
        with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
            noms = archive.namelist()
            if "mimetype" in noms:
                mime = archive.read("mimetype").decode("ascii", "replace")
                return {"text": "odt", "spreadsheet": "ods", "presentation": "odp"}.get(
                    mime.rpartition(".")[2]
                )
    except zipfile.BadZipFile:
        return None
    return next(
        (
            ext
            for ext, dossier in _DOSSIERS_OOXML.items()
            if any(n.startswith(dossier) for n in noms)
        ),
        None,
    )


def verifier_fichier(nom, taille, extensions, taille_max, contenu=None):
    """Refuse a document whose type is not allowed, whose size is over the limit, which is
    empty, or whose content is not what its name says (a page renamed « .pdf »)."""
    extension = PurePath(nom).suffix.lower().lstrip(".")
    if extensions and extension not in extensions:
        raise RegleEnfreinte(
            _("Type de fichier « %(ext)s » refusé ; types acceptés : %(liste)s.")
            % {"ext": extension or "?", "liste": ", ".join(extensions)},
            "fichier",
        )
    if taille == 0:
        raise RegleEnfreinte(
            _("Le fichier « %(nom)s » est vide : choisissez le document complet.") % {"nom": nom},
            "fichier",
        )
    if taille_max and taille > taille_max:
        raise RegleEnfreinte(
            _("Fichier trop lourd (%(taille)s Mo) ; maximum %(max)s Mo.")
            % {"taille": round(taille / 1024 / 1024, 1), "max": round(taille_max / 1024 / 1024)},
            "fichier",
        )
    if contenu is not None:
        verifier_contenu(nom, extension, contenu)


def verifier_contenu(nom, extension, contenu):
    nature = nature_du_contenu(extension, contenu)
    attendues = {"txt"} if extension in TEXTES else CONTENUS_ATTENDUS.get(extension, {extension})
    if nature not in attendues:
        raise RegleEnfreinte(
            _(
                "« %(nom)s » ne contient pas un fichier %(ext)s (son contenu : %(nature)s). "
                "Enregistrez le document dans ce format, puis déposez-le à nouveau."
            )
            % {
                "nom": nom,
                "ext": extension.upper(),
                "nature": nature.upper() if nature else _("format inconnu"),
            },
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
