"""The one reader of public query parameters: every name a public page, file or chart reads,
with what it may hold.

`lire(get)` checks a query (Django's QueryDict) and returns the known parameters, cleaned; any
bad value raises `ParametreInvalide` naming the parameter, which `manifeste.request_limits` turns
into a 400 in the site's layout. Views keep their own meaning of a value (which groups exist,
which région); here is only what bounds the work a request may ask for: ASCII digits, years
within the data's range and at most ANNEES_MAX of them, bounded lengths, no control character.
`normaliser(get)` is the same query with unknown parameters dropped and names sorted: the key
under which a public page is cached.
"""

import datetime
import re
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _

# The manifesto dates from 2021: no campaign, value or assessment is older.
ANNEE_MIN = 2021
ANNEES_MAX = 20
PAGE_MAX = 10_000
VALEURS_MAX = 10  # values of a repeated parameter (?c=…&c=…)
_CHIFFRES = re.compile(r"[0-9]+")  # str.isdigit() accepts « ² » and « ٣ », int() refuses them
_CODE = re.compile(r"[0-9A-Za-z-]{1,20}")
_JETON = re.compile(r"[0-9A-Za-z_-]{1,30}")
_SLUG = re.compile(r"[0-9a-z-]{1,120}")
_CONTROLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ParametreInvalide(ValueError):
    def __init__(self, champ, message):
        super().__init__(message)
        self.champ, self.message = champ, message


def annee_max():
    """Campaigns open at most for the coming year."""
    return datetime.date.today().year + 1


def _hors_bornes(champ):
    return ParametreInvalide(
        champ,
        _("année attendue entre %(min)s et %(max)s, en chiffres")
        % {"min": ANNEE_MIN, "max": annee_max()},
    )


def lire_annee(valeur, champ="annee", requise=False):
    """'2025' → 2025; '' or None → None (or an error when `requise`)."""
    if valeur in (None, ""):
        if requise:
            raise ParametreInvalide(champ, _("l'année est requise"))
        return None
    if not _CHIFFRES.fullmatch(valeur) or not ANNEE_MIN <= int(valeur) <= annee_max():
        raise _hors_bornes(champ)
    return int(valeur)


def lire_annees(texte, champ="annees"):
    """'2023-2025' → [2023, 2024, 2025]; '2022,2024' → [2022, 2024]; '' → None (every year).

    Each year within the data's range, at most ANNEES_MAX of them (each costs a computation)."""
    texte = (texte or "").replace(" ", "")
    if not texte:
        return None
    annees = set()
    for morceau in texte.split(",")[: ANNEES_MAX + 1]:
        debut, _sep, fin = morceau.partition("-")
        if not _CHIFFRES.fullmatch(debut) or (fin and not _CHIFFRES.fullmatch(fin)):
            raise ParametreInvalide(
                champ, _("années attendues sous la forme 2024, 2022-2025 ou 2022,2024")
            )
        premiere, derniere = lire_annee(debut, champ), lire_annee(fin or debut, champ)
        if derniere < premiere:
            raise ParametreInvalide(champ, _("la période finit avant de commencer"))
        annees.update(range(premiere, derniere + 1))
    if len(annees) > ANNEES_MAX or texte.count(",") >= ANNEES_MAX:
        raise ParametreInvalide(champ, _("au plus %s années par demande") % ANNEES_MAX)
    return sorted(annees)


@dataclass(frozen=True)
class Parametre:
    """How one public parameter is checked: a pattern, or free text of bounded length."""

    motif: re.Pattern | None = None
    longueur: int = 0  # free text: at most this many characters
    multiple: bool = False

    def verifier(self, nom, valeur):
        if valeur == "":
            return valeur
        if self.motif is not None:
            if not self.motif.fullmatch(valeur):
                raise ParametreInvalide(nom, _("valeur non reconnue « %s »") % valeur[:40])
            return valeur
        if _CONTROLE.search(valeur):
            raise ParametreInvalide(nom, _("caractère de contrôle (ou nul) refusé"))
        if len(valeur) > self.longueur:
            raise ParametreInvalide(
                nom,
                _("%(n)s caractères, au plus %(max)s") % {"n": len(valeur), "max": self.longueur},
            )
        return valeur


class _Annee(Parametre):
    def verifier(self, nom, valeur):
        lire_annee(valeur, nom)
        return valeur


class _Annees(Parametre):
    def verifier(self, nom, valeur):
        lire_annees(valeur, nom)
        return valeur


class _Page(Parametre):
    def verifier(self, nom, valeur):
        if valeur and not (_CHIFFRES.fullmatch(valeur) and 1 <= int(valeur) <= PAGE_MAX):
            raise ParametreInvalide(nom, _("numéro de page attendu entre 1 et %s") % PAGE_MAX)
        return valeur


_code = Parametre(motif=_CODE)
_jeton = Parametre(motif=_JETON)
# Every parameter a public page, download or chart reads (a test checks the views' forms).
PARAMETRES = {
    "annee": _Annee(),
    "annees": _Annees(),
    "edition": _Annee(),
    "code": _code,
    "indicateur": _code,
    "engagement": _code,
    "region": _code,
    "departement": _code,
    "type": _jeton,
    "taille": _jeton,
    "groupe": _jeton,
    "niveau": _jeton,
    "lettre": Parametre(motif=re.compile(r"[A-Za-z]")),
    "sep": Parametre(motif=re.compile(r"[,;]|virgule|point-virgule")),
    "bom": Parametre(motif=re.compile(r"[01]")),
    "page": _Page(),
    "c": Parametre(motif=_SLUG, multiple=True),
    "q": Parametre(longueur=100),
    "ajouter": Parametre(longueur=100),
    "territoire": Parametre(longueur=120),
    "titre": Parametre(longueur=200),
}


def lire(get):
    """The known parameters of `get`, checked: {name: value, or list of values if multiple}."""
    propres = {}
    for nom, parametre in PARAMETRES.items():
        valeurs = get.getlist(nom)
        if not valeurs:
            continue
        if parametre.multiple:
            if len(valeurs) > VALEURS_MAX:
                raise ParametreInvalide(nom, _("au plus %s valeurs") % VALEURS_MAX)
            propres[nom] = [parametre.verifier(nom, v) for v in valeurs]
        else:
            propres[nom] = parametre.verifier(nom, valeurs[-1])  # what QueryDict.get reads
    return propres


def normaliser(get):
    """The query as a cache key: known parameters only, sorted, checked."""
    requete = QueryDict(mutable=True)
    for nom, valeur in sorted(lire(get).items()):
        requete.setlist(nom, valeur if isinstance(valeur, list) else [valeur])
    return requete.urlencode()
