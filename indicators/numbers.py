"""The one reader of the numbers a value is made of, whatever brings them: the grid's text, a
CSV cell, an XLSX numeric cell, a JSON number, a number read back from the database.

A number is accepted only if it can be stored exactly as it will be compared later: finite,
rounded to the column's 6 decimals, and with at most 14 digits before the point (the column
holds 20 digits). Rounding happens here, before any comparison, so a file with 7 decimals
imported twice changes nothing the second time.

Text: the decimal separator is « , » or « . » (our exports write « . »); thousands are
grouped with spaces only. « 1,234.5 » or « 1.234.567 » are refused as ambiguous; « 1.234 »
is one point two three four (a count then refuses it as not a whole number, and says how to
write a thousand). Digits are ASCII digits only: « ² » or « ١٢ » are not numbers.
"""

import datetime
import math
import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from manifeste.spreadsheets import texte_cellule

DECIMALES = 6  # Valeur's DecimalField(max_digits=20, decimal_places=6)
CHIFFRES = 20
PAS = Decimal(1).scaleb(-DECIMALES)
LIMITE = Decimal(10) ** (CHIFFRES - DECIMALES)  # strictly below
LONGUEUR_MAX = 60
_ESPACES = str.maketrans("", "", " \u00a0\u202f\u2009\t")
_NOMBRE = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d{1,4})?", re.ASCII)
_ANNEE = re.compile(r"\d{4}", re.ASCII)


class NombreRefuse(ValueError):
    """The reason, in French, why a cell is not a storable number."""


def _refus(texte, raison):
    return NombreRefuse(_("« %(texte)s » : %(raison)s") % {"texte": texte, "raison": raison})


def _depuis_texte(brut):
    compact = brut.translate(_ESPACES)
    if len(compact) > LONGUEUR_MAX:
        raise _refus(brut[:20] + "…", _("trop long pour être un nombre"))
    if "," in compact and "." in compact:
        raise _refus(
            brut,
            _(
                "ambigu (virgule et point mêlés) : écrivez le nombre sans séparateur de milliers, "
                "avec une virgule ou un point pour les décimales, par exemple 1234,5 ou 1 234,5"
            ),
        )
    if compact.count(",") > 1 or compact.count(".") > 1:
        raise _refus(
            brut,
            _(
                "séparateurs de milliers non admis : écrivez 1234567 ou 1 234 567 (espaces), "
                "la virgule ou le point ne servant qu'aux décimales"
            ),
        )
    if not _NOMBRE.fullmatch(compact):
        raise _refus(brut, _("n'est pas un nombre (chiffres 0 à 9, virgule ou point décimal)"))
    return Decimal(compact.replace(",", "."))


def arrondir(nombre, texte=None):
    """A finite Decimal → the stored value (6 decimals, half away from zero, like
    PostgreSQL's numeric); NombreRefuse when it is not finite or too large to be stored."""
    texte = texte if texte is not None else str(nombre)
    if not nombre.is_finite():
        raise _refus(texte, _("n'est pas un nombre fini"))
    if abs(nombre) >= LIMITE:
        raise _refus(texte, _("trop grand : au plus 14 chiffres avant la virgule"))
    arrondi = nombre.quantize(PAS, rounding=ROUND_HALF_UP)
    if abs(arrondi) >= LIMITE:
        raise _refus(texte, _("trop grand : au plus 14 chiffres avant la virgule"))
    return arrondi + 0  # -0 → 0


def lire_nombre(cellule):
    """Text, int, float or Decimal → the Decimal to store; '' or None → None.
    Raises NombreRefuse (a ValueError) with the reason in French."""
    if cellule is None:
        return None
    if isinstance(cellule, bool):
        raise _refus(str(cellule), _("un nombre est attendu, pas oui/non"))
    if isinstance(cellule, datetime.date | datetime.time):  # a spreadsheet cell in date format
        lue = cellule.strftime("%d/%m/%Y" if isinstance(cellule, datetime.date) else "%H:%M")
        raise _refus(
            lue,
            _(
                "une date, pas un nombre : mettez la cellule au format « nombre » et ressaisissez-le"
            ),
        )
    if isinstance(cellule, float):
        if not math.isfinite(cellule):
            raise _refus(str(cellule), _("n'est pas un nombre fini"))
        return arrondir(Decimal(repr(cellule)), texte_cellule(cellule))
    if isinstance(cellule, int):
        return arrondir(Decimal(cellule))
    if isinstance(cellule, Decimal):
        return arrondir(cellule)
    brut = texte_cellule(cellule)
    if not brut:
        return None
    return arrondir(_depuis_texte(brut), brut)


def lire_annee(cellule):
    """A year written in four ASCII digits (2025, or the 2025.0 a spreadsheet gives back) →
    int; raises NombreRefuse otherwise. Whether a campaign exists is checked by validation."""
    brut = texte_cellule(cellule)
    if isinstance(cellule, bool) or not _ANNEE.fullmatch(brut):
        raise NombreRefuse(
            _("« %s » n'est pas une année (quatre chiffres, par exemple 2025)") % brut
        )
    return int(brut)


def ecrire_nombre(nombre):
    """Decimal → shortest plain text ('40', '12.5'), read back identically by lire_nombre."""
    if nombre is None:
        return ""
    return format(Decimal(nombre).normalize(), "f")
