"""Reading the spreadsheets people upload, for every import (indicator values, actors).

CSV comes from Excel in French (`;`, Windows-1252) or from anything else (`,`, UTF-8 with or
without BOM); XLSX cells come back as numbers where people typed codes. Each importer names its
own columns and turns `TableurIllisible` into its own message.
"""

from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV, XLSX

from manifeste.exports.formats import relire

EXTENSIONS = ("csv", "xlsx")
ENCODAGES_CSV = ("utf-8-sig", "cp1252")


class TableurIllisible(ValueError):
    """The file cannot be read as a table (the message says why)."""


class EncodageInconnu(TableurIllisible):
    pass


def extension(nom):
    """'valeurs.CSV' → 'csv'; '' when the name has none."""
    return nom.rsplit(".", 1)[-1].lower() if "." in nom else ""


def decoder(contenu):
    for encodage in ENCODAGES_CSV:
        try:
            return contenu.decode(encodage)
        except UnicodeDecodeError:
            continue
    raise EncodageInconnu(_("Encodage du fichier CSV non reconnu (UTF-8 ou Windows-1252)."))


def separateur(texte):
    """`;` when the header line has more semicolons than commas (Excel in French), else `,`."""
    entete = texte.split("\n", 1)[0]
    return ";" if entete.count(";") > entete.count(",") else ","


def lire_tableau(contenu, extension):
    """bytes of a .csv or .xlsx → a tablib Dataset (headers as written, first sheet only)."""
    if extension not in EXTENSIONS:
        raise TableurIllisible(extension)
    try:
        if extension == "xlsx":
            # Values of formula cells, never the formulas themselves.
            return XLSX().create_dataset(contenu)
        texte = decoder(contenu)
        return CSV().create_dataset(texte, delimiter=separateur(texte))
    except TableurIllisible:
        raise
    except Exception as erreur:  # tablib/openpyxl raise many kinds; the user needs one message
        raise TableurIllisible(str(erreur)) from erreur


def texte_cellule(valeur):
    """A cell as stripped text: '' for empty, 2025 for the 2025.0 spreadsheets hand back, and
    text our exports quoted (`'=1+1`) read back as it was."""
    if valeur is None:
        return ""
    if isinstance(valeur, float) and valeur.is_integer():
        valeur = int(valeur)
    return relire(str(valeur).strip())
