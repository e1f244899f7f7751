"""Writers shared by every export: CSV (streamed or whole), XLSX (openpyxl), zip (streamed).

Every file the project produces — open datasets, chart and map tables, the signatories list,
indicator values and their template, the actors directory — is written here, and all cell
values go through `neutraliser`, so a spreadsheet never runs text from the data as a formula
(CSV injection).
"""

import csv
import datetime
import io
import json
import re
import tempfile
import zipfile
from decimal import Decimal

from django.utils.functional import Promise
from openpyxl import Workbook

# Characters a spreadsheet reads as the start of a formula or of a cell split.
DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
# Text that a spreadsheet reads as a plain number ("-4", "-4,5", "+3.2e5"), never as a formula.
NOMBRE = re.compile(r"[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?")
# Rows written to the CSV buffer between two chunks sent to the client.
LIGNES_PAR_MORCEAU = 500


def neutraliser(valeur):
    """Text starting like a formula gets a leading quote; everything else is left as is.

    Only text is touched: a negative number stays a number, even written as text ("-4,5").
    """
    if isinstance(valeur, Promise):  # a translated label
        valeur = str(valeur)
    if (
        isinstance(valeur, str)
        and valeur.startswith(DEBUTS_DE_FORMULE)
        and not NOMBRE.fullmatch(valeur)
    ):
        return "'" + valeur
    return valeur


def relire(valeur):
    """The reverse of `neutraliser`, for imports: a file exported here, edited and imported
    back keeps its text as it was (no quote added at each round trip)."""
    if isinstance(valeur, str) and valeur[:1] == "'" and neutraliser(valeur[1:]) == valeur:
        return valeur[1:]
    return valeur


def texte_csv(valeur, virgule_decimale=False):
    """A cell as CSV text: empty for missing, oui/non, ISO dates, optional decimal comma."""
    valeur = neutraliser(valeur)
    if valeur is None:
        return ""
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, datetime.date):
        return valeur.isoformat()
    if isinstance(valeur, float | Decimal):
        texte = str(valeur)
        return texte.replace(".", ",") if virgule_decimale else texte
    return str(valeur)


class _Tampon:
    """A write-only file whose content is taken back chunk by chunk."""

    def __init__(self):
        self.morceaux = []

    def write(self, data):
        self.morceaux.append(data)
        return len(data)

    def flush(self):
        pass

    def vider(self):
        data, self.morceaux = "".join(self.morceaux) if self.morceaux else "", []
        return data


def csv_morceaux(dataset, annee=None, separateur=",", bom=False):
    """The CSV as a generator of UTF-8 chunks (for StreamingHttpResponse or a zip entry).

    With `;` as separator (French Excel), decimals use a comma as Excel expects there.
    """
    tampon = _Tampon()
    writer = csv.writer(tampon, delimiter=separateur, lineterminator="\r\n")
    virgule = separateur == ";"
    if bom:
        tampon.write(BOM)
    writer.writerow([texte_csv(v) for v in dataset.entete])
    for i, rangee in enumerate(dataset.rangees(annee), start=1):
        writer.writerow([texte_csv(v, virgule) for v in rangee])
        if i % LIGNES_PAR_MORCEAU == 0:
            yield tampon.vider().encode()
    yield tampon.vider().encode()


def csv_texte(entete, rangees, separateur=",", bom=False, fin_de_ligne="\r\n"):
    """A whole CSV as text, for exports small enough to build in memory (tables, lists)."""
    sortie = io.StringIO()
    if bom:
        sortie.write(BOM)
    writer = csv.writer(sortie, delimiter=separateur, lineterminator=fin_de_ligne)
    virgule = separateur == ";"
    writer.writerow([texte_csv(v) for v in entete])
    writer.writerows([texte_csv(v, virgule) for v in rangee] for rangee in rangees)
    return sortie.getvalue()


def csv_octets(entete, rangees, separateur=",", bom=False):
    """`csv_texte` encoded in UTF-8 (with a BOM on request, for Excel)."""
    return csv_texte(entete, rangees, separateur, bom).encode()


def cellule_xlsx(valeur):
    valeur = neutraliser(valeur)
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    return valeur


def xlsx_fichier(dataset, annee=None):
    """The XLSX in a temporary file (write-only mode keeps rows out of memory), rewound."""
    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet(title=dataset.slug[:31])
    feuille.append([cellule_xlsx(v) for v in dataset.entete])
    for rangee in dataset.rangees(annee):
        feuille.append([cellule_xlsx(v) for v in rangee])
    fichier = tempfile.TemporaryFile()  # noqa: SIM115 (closed by FileResponse once sent)
    classeur.save(fichier)
    fichier.seek(0)
    return fichier


def xlsx_octets(entete, rangees, titre="donnees"):
    """A whole XLSX file as bytes, for exports small enough to build in memory."""
    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet(title=titre[:31])
    feuille.append([cellule_xlsx(v) for v in entete])
    for rangee in rangees:
        feuille.append([cellule_xlsx(v) for v in rangee])
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


def datapackage(datasets, annee):
    """Frictionless Data Package descriptor of a yearly zip: every file with its schema."""
    return {
        "name": f"territoires-numeriques-responsables-{annee}",
        "title": f"Territoires numériques responsables — données {annee}",
        "resources": [
            {
                "name": d.slug,
                "title": str(d.titre),
                "description": str(d.description),
                "path": f"{d.slug}.csv",
                "format": "csv",
                "encoding": "utf-8",
                "schema": d.table_schema(),
            }
            for d in datasets
        ],
    }


class _FluxZip:
    """A non-seekable sink for zipfile: it writes data descriptors and we hand bytes on."""

    def __init__(self):
        self.morceaux = []
        self.position = 0

    def write(self, data):
        self.morceaux.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self):
        return self.position

    def flush(self):
        pass

    def vider(self):
        data, self.morceaux = b"".join(self.morceaux), []
        return data


def zip_morceaux(datasets, annee):
    """A zip of every dataset for `annee` (CSV + datapackage.json), streamed as it is built."""
    flux = _FluxZip()
    with zipfile.ZipFile(flux, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        descripteur = json.dumps(datapackage(datasets, annee), ensure_ascii=False, indent=2)
        archive.writestr("datapackage.json", descripteur)
        yield flux.vider()
        for dataset in datasets:
            with archive.open(f"{dataset.slug}.csv", mode="w", force_zip64=True) as entree:
                for morceau in csv_morceaux(dataset, annee):
                    entree.write(morceau)
                    yield flux.vider()
    yield flux.vider()
