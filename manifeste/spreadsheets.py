"""Reading the spreadsheets people upload, for every import (indicator values, actors).

CSV comes from Excel in French (`;`, Windows-1252), from Excel's « texte Unicode » (tabs,
UTF-16 with its byte-order mark) or from anything else (`,`, UTF-8 with or without BOM); XLSX
cells come back as numbers where people typed codes.

A small file may unfold into a huge one: an XLSX is a zip, and 1 MB can hold 250 MB of sheet
XML. So the declared sizes of its members are checked before parsing, the sheet is read as a
stream (openpyxl's read-only mode), and reading stops at LIGNES_MAX rows and COLONNES_MAX
columns; no cell may exceed LONGUEUR_CELLULE_MAX characters or hold a null character (the
database refuses it). A workbook is read from the first sheet whose header the importer
recognises (people save on whichever sheet they last looked at, and rename or reorder sheets),
else from its active sheet; a formula is read by the result the spreadsheet saved with it, and
one saved without a result (written by a script) is refused rather than read as empty. Every
refusal is a `TableurIllisible` whose message, in French, names
the line and the column where there is one; each importer shows it as it is.
"""

import codecs
import csv
import io
import re
import zipfile

import tablib
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from manifeste.exports.formats import relire

EXTENSIONS = ("csv", "xlsx")
ENCODAGES_CSV = ("utf-8-sig", "cp1252")
LIGNES_MAX = 200_000  # data rows; 100,000 values are the largest import planned
COLONNES_MAX = 50
# Members of an XLSX once uncompressed: 200,000 rows of the import's 9 columns are ≈ 120 MB.
TAILLE_DECOMPRESSEE_MAX = 160 * 2**20
# Longer than any text field (a comment is at most 2,000): above, the file is not a table.
LONGUEUR_CELLULE_MAX = 10_000
# The csv module's own limit (131,072) would stop a long cell with an English message; the
# file is in memory already, so let it read the cell and say here what is wrong with it.
csv.field_size_limit(max(csv.field_size_limit(), 32 * 2**20))
BOMS_UTF16 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# A formula element in a sheet's XML (<f>, <f t="shared" …/>, or prefixed).
FORMULE = re.compile(rb"<(?:\w+:)?f[\s>/]")


class TableurIllisible(ValueError):
    """The file cannot be read as a table (the message says why)."""


class EncodageInconnu(TableurIllisible):
    pass


def extension(nom):
    """'valeurs.CSV' → 'csv'; '' when the name has none."""
    return nom.rsplit(".", 1)[-1].lower() if "." in nom else ""


def _ligne(texte, position):
    return texte.count("\n", 0, position) + 1


def decoder(contenu):
    if contenu.startswith(BOMS_UTF16):
        try:
            return contenu.decode("utf-16")
        except UnicodeDecodeError as erreur:
            raise EncodageInconnu(
                _("Fichier UTF-16 abîmé : un caractère est incomplet.")
            ) from erreur
    if contenu[:200].count(b"\x00") > 10:
        raise EncodageInconnu(
            _(
                "Fichier en UTF-16 sans marque d'ordre des octets (BOM) : enregistrez-le en "
                "« CSV UTF-8 » (ou en UTF-16 avec BOM)."
            )
        )
    for encodage in ENCODAGES_CSV:
        try:
            return contenu.decode(encodage)
        except UnicodeDecodeError:
            continue
    raise EncodageInconnu(
        _("Encodage du fichier CSV non reconnu (UTF-8, UTF-16 avec BOM ou Windows-1252).")
    )


def separateur(texte):
    """The character the header line uses most among `;` (Excel in French), tab (Excel's
    Unicode text) and `,` (which wins ties)."""
    entete = texte.split("\n", 1)[0]
    return max((",", ";", "\t"), key=entete.count)


def _verifier_cellule(valeur, ligne, colonne):
    if not isinstance(valeur, str):
        return
    if "\x00" in valeur:
        raise TableurIllisible(
            _("ligne %(ligne)s, colonne %(colonne)s : caractère nul refusé (fichier abîmé ?)")
            % {"ligne": ligne, "colonne": colonne}
        )
    if len(valeur) > LONGUEUR_CELLULE_MAX:
        raise TableurIllisible(
            _(
                "ligne %(ligne)s, colonne %(colonne)s : %(n)s caractères, au plus %(max)s "
                "par cellule"
            )
            % {
                "ligne": ligne,
                "colonne": colonne,
                "n": f"{len(valeur):,}".replace(",", "\u202f"),
                "max": f"{LONGUEUR_CELLULE_MAX:,}".replace(",", "\u202f"),
            }
        )


def _vide(valeur):
    return valeur is None or (isinstance(valeur, str) and not valeur.strip())


def _tableau(rangees):
    """Rows (iterables of cells, the header first) → a tablib Dataset, checked on the way.

    Line numbers are the spreadsheet's (header = 1); short rows are padded, blank trailing
    rows dropped; a row with more filled cells than the header has names is refused."""
    rangees = iter(rangees)
    entetes = list(next(rangees, []))
    while entetes and _vide(entetes[-1]):
        entetes.pop()
    if not entetes:
        raise TableurIllisible(_("la première ligne, celle des noms de colonnes, est vide"))
    if len(entetes) > COLONNES_MAX:
        raise TableurIllisible(
            _("%(n)s colonnes, au plus %(max)s") % {"n": len(entetes), "max": COLONNES_MAX}
        )
    entetes = ["" if e is None else str(e).strip() for e in entetes]
    for colonne, nom in enumerate(entetes, start=1):
        _verifier_cellule(nom, 1, colonne)
    largeur = len(entetes)
    dataset = tablib.Dataset(headers=entetes)
    blanches = 0  # blank rows kept only when data follows them (line numbers stay right)
    for ligne, rangee in enumerate(rangees, start=2):
        cellules = list(rangee)
        if all(_vide(c) for c in cellules):
            blanches += 1
            continue
        if ligne - 1 > LIGNES_MAX:
            raise TableurIllisible(
                _("plus de %(max)s lignes : découpez le fichier")
                % {"max": f"{LIGNES_MAX:,}".replace(",", "\u202f")}
            )
        if any(not _vide(c) for c in cellules[largeur:]):
            raise TableurIllisible(
                _(
                    "ligne %(ligne)s : %(n)s cellules remplies pour %(largeur)s noms de "
                    "colonnes en ligne 1 (séparateur en trop, ou colonne sans nom ?)"
                )
                % {
                    "ligne": ligne,
                    "n": max(i for i, c in enumerate(cellules, start=1) if not _vide(c)),
                    "largeur": largeur,
                }
            )
        cellules = (cellules + [None] * largeur)[:largeur]
        for nom, valeur in zip(entetes, cellules, strict=True):
            _verifier_cellule(valeur, ligne, nom)
        for _i in range(blanches):
            dataset.append([None] * largeur)
        blanches = 0
        dataset.append(cellules)
    return dataset


def _csv(contenu):
    texte = decoder(contenu)
    if "\x00" in texte:
        raise TableurIllisible(
            _("ligne %(ligne)s : caractère nul refusé (fichier abîmé ?)")
            % {"ligne": _ligne(texte, texte.index("\x00"))}
        )
    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=separateur(texte))
    try:
        return _tableau(lecteur)
    except csv.Error as erreur:
        raise TableurIllisible(
            _("ligne %(ligne)s : guillemets mal fermés ou fichier abîmé")
            % {"ligne": lecteur.line_num}
        ) from erreur


def _feuille(classeur, voulue):
    if voulue is not None:
        for feuille in classeur.worksheets:
            entete = next(feuille.iter_rows(max_row=1, values_only=True), ())
            if voulue(entete):
                return feuille
    return classeur.active or classeur.worksheets[0]


def _a_des_formules(archive):
    """Whether any sheet holds a formula: a search in the XML, far cheaper than a second parse."""
    return any(
        FORMULE.search(archive.read(membre))
        for membre in archive.namelist()
        if membre.startswith("xl/worksheets/") and membre.endswith(".xml")
    )


def _resultats(valeurs, formules):
    """The rows of values, refusing a formula saved without its result (None in `valeurs`)."""
    entete = None
    for ligne, (rangee, sources) in enumerate(zip(valeurs, formules, strict=False), start=1):
        entete = entete or rangee
        for colonne, (valeur, source) in enumerate(zip(rangee, sources, strict=False)):
            if valeur is None and isinstance(source, str) and source.startswith("="):
                nom = entete[colonne] if colonne < len(entete) else None
                raise TableurIllisible(
                    _(
                        "ligne %(ligne)s, colonne %(colonne)s : formule « %(formule)s » "
                        "enregistrée sans son résultat : ouvrez le fichier dans votre tableur "
                        "et enregistrez-le (il calcule la formule), ou saisissez la valeur"
                    )
                    % {"ligne": ligne, "colonne": nom or colonne + 1, "formule": source[:40]}
                )
        yield rangee


def _xlsx(contenu, voulue=None):
    flux = io.BytesIO(contenu)
    if not zipfile.is_zipfile(flux):
        raise TableurIllisible(
            _(
                "ce fichier .xlsx n'est pas un classeur Excel (un CSV renommé, ou un .xls "
                "d'Excel 97-2003 ?) : enregistrez-le au format .xlsx ou .csv"
            )
        )
    with zipfile.ZipFile(flux) as archive:
        # Declared sizes: reading a member stops at its declared size (zipfile checks it).
        taille = sum(membre.file_size for membre in archive.infolist())
        if taille > TAILLE_DECOMPRESSEE_MAX:
            raise TableurIllisible(
                _(
                    "classeur trop volumineux une fois décompressé (%(mo)s Mo, au plus "
                    "%(max)s Mo) : découpez-le ou enregistrez-le en CSV"
                )
                % {"mo": taille // 2**20, "max": TAILLE_DECOMPRESSEE_MAX // 2**20}
            )
        try:
            formules = _a_des_formules(archive)
        except zipfile.BadZipFile as erreur:
            raise TableurIllisible(_("classeur Excel abîmé ou incomplet")) from erreur
    ouverts = []
    try:
        try:
            # Values of formula cells, never the formulas themselves; streamed, not loaded.
            classeur = load_workbook(flux, read_only=True, data_only=True)
            ouverts.append(classeur)
            feuille = _feuille(classeur, voulue)
            rangees = feuille.iter_rows(values_only=True, max_col=COLONNES_MAX + 1)
            if formules:  # a second stream, of the formulas, beside the values
                sources = load_workbook(io.BytesIO(contenu), read_only=True, data_only=False)
                ouverts.append(sources)
                rangees = _resultats(
                    rangees,
                    sources[feuille.title].iter_rows(values_only=True, max_col=COLONNES_MAX + 1),
                )
        except Exception as erreur:  # openpyxl raises many kinds on a damaged file
            raise TableurIllisible(_("classeur Excel abîmé ou incomplet")) from erreur
        return _tableau(rangees)
    finally:
        for ouvert in ouverts:
            ouvert.close()


def lire_tableau(contenu, extension, feuille_voulue=None):
    """bytes of a .csv or .xlsx → a tablib Dataset (headers as written). Of a workbook, one
    sheet: the first whose header row `feuille_voulue` accepts, else the active one."""
    if extension not in EXTENSIONS:
        raise TableurIllisible(extension)
    return _xlsx(contenu, feuille_voulue) if extension == "xlsx" else _csv(contenu)


def texte_cellule(valeur):
    """A cell as stripped text: '' for empty, 2025 for the 2025.0 spreadsheets hand back, and
    text our exports quoted (`'=1+1`) read back as it was."""
    if valeur is None:
        return ""
    if isinstance(valeur, float) and valeur.is_integer():
        valeur = int(valeur)
    return relire(str(valeur).strip())
