"""The spreadsheet reader shared by the imports (indicator values, actors): no database."""

import io
import re
import zipfile

import pytest
from openpyxl import Workbook

from manifeste.spreadsheets import (
    EncodageInconnu,
    TableurIllisible,
    decoder,
    extension,
    lire_tableau,
    separateur,
    texte_cellule,
)


@pytest.mark.parametrize(
    ("nom", "attendu"),
    [("valeurs.csv", "csv"), ("Valeurs.XLSX", "xlsx"), ("a.b.csv", "csv"), ("sans", "")],
)
def test_extension(nom, attendu):
    assert extension(nom) == attendu


@pytest.mark.parametrize(
    ("contenu", "attendu"),
    [
        ("Créteil;é".encode(), "Créteil;é"),
        ("\ufeffCréteil".encode(), "Créteil"),  # Excel's UTF-8 BOM is dropped
        ("Créteil œ".encode("cp1252"), "Créteil œ"),  # Excel in French, without UTF-8
    ],
)
def test_decoder(contenu, attendu):
    assert decoder(contenu) == attendu


def test_bytes_neither_utf8_nor_cp1252_are_refused():
    with pytest.raises(EncodageInconnu):
        decoder(b"\x81\x8d")  # undefined in Windows-1252


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("a;b\n1,5;2,5\n3,5;4,5", ";"),  # decimal commas in the rows do not count
        ("a,b,c\n1;2;3", ","),
        ("a\n1", ","),
    ],
)
def test_separateur_from_the_header_line(texte, attendu):
    assert separateur(texte) == attendu


@pytest.mark.parametrize(
    "contenu",
    [
        "nom;code\nL'Abergement;01001\n".encode("cp1252"),
        "\ufeffnom,code\nL'Abergement,01001\n".encode(),
    ],
)
def test_csv_in_either_dialect(contenu):
    dataset = lire_tableau(contenu, "csv")
    assert dataset.headers == ["nom", "code"]
    assert dataset[0] == ("L'Abergement", "01001")


def _resultat_enregistre(contenu, resultats):
    """The workbook as a spreadsheet saves it: each formula cell with its computed result
    (openpyxl writes formulas without one)."""
    entree, sortie = zipfile.ZipFile(io.BytesIO(contenu)), io.BytesIO()
    with zipfile.ZipFile(sortie, "w") as copie:
        for membre in entree.infolist():
            donnees = entree.read(membre)
            if membre.filename.startswith("xl/worksheets/"):
                for cellule, resultat in resultats.items():
                    donnees = re.sub(
                        rf'(<c r="{cellule}"[^>]*>\s*<f>[^<]*</f>)\s*(<v\s*/>|<v></v>)?'.encode(),
                        rf"\1<v>{resultat}</v>".encode(),
                        donnees,
                    )
            copie.writestr(membre, donnees)
    return sortie.getvalue()


def test_xlsx_formulas_are_read_by_their_saved_result():
    contenu = _xlsx([["nom", "annee", "total"], ["Lyon", 2025, "=1+1"]])
    dataset = lire_tableau(_resultat_enregistre(contenu, {"C2": "2"}), "xlsx")
    assert dataset.headers == ["nom", "annee", "total"]
    assert dataset[0] == ("Lyon", 2025, 2)


def test_a_formula_saved_without_its_result_is_refused_not_read_as_empty():
    contenu = _xlsx([["nom", "annee", "total"], ["Lyon", 2025, 3], ["Lyon", 2024, "=B2*2"]])
    assert _refus(contenu, "xlsx").startswith(
        "ligne 3, colonne total : formule « =B2*2 » enregistrée sans son résultat"
    )


def test_the_sheet_read_is_the_first_the_importer_recognises():
    """Saved on its instructions sheet, renamed, reordered: the values are still found."""
    classeur = Workbook()
    classeur.active.title = "Lisez-moi"
    classeur.active.append(["Remplissez l'autre feuille"])
    donnees = classeur.create_sheet("Mes chiffres 2025")
    donnees.append(["nom", "code"])
    donnees.append(["Lyon", "69123"])
    sortie = io.BytesIO()
    classeur.save(sortie)
    contenu = sortie.getvalue()
    assert lire_tableau(contenu, "xlsx").headers == ["Remplissez l'autre feuille"]  # active
    dataset = lire_tableau(contenu, "xlsx", feuille_voulue=lambda entete: "code" in entete)
    assert dataset.headers == ["nom", "code"] and dataset[0] == ("Lyon", "69123")


@pytest.mark.parametrize(("contenu", "ext"), [(b"pas un classeur", "xlsx"), (b"a;b", "pdf")])
def test_unreadable_files(contenu, ext):
    with pytest.raises(TableurIllisible):
        lire_tableau(contenu, ext)


@pytest.mark.parametrize(
    ("cellule", "attendu"),
    [
        (None, ""),
        (2025.0, "2025"),  # spreadsheets hand years back as floats
        (12.5, "12.5"),
        ("  Lyon ", "Lyon"),
        ("'=1+1", "=1+1"),  # quoted by our exports: read back as written
        ("'bonjour", "'bonjour"),
    ],
)
def test_texte_cellule(cellule, attendu):
    assert texte_cellule(cellule) == attendu


def _xlsx(rangees):
    classeur = Workbook()
    for rangee in rangees:
        classeur.active.append(rangee)
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


def _refus(contenu, ext):
    with pytest.raises(TableurIllisible) as refus:
        lire_tableau(contenu, ext)
    return str(refus.value)


def test_an_xlsx_holding_more_than_it_shows_is_refused_before_parsing(monkeypatch):
    """A zip's declared sizes are read before any XML: a bomb costs nothing."""
    import manifeste.spreadsheets as tableur

    contenu = _xlsx([["a"], *([["x" * 100]] * 2000)])
    monkeypatch.setattr(tableur, "TAILLE_DECOMPRESSEE_MAX", 100_000)
    monkeypatch.setattr(tableur, "load_workbook", lambda *a, **k: pytest.fail("parsed"))
    assert "trop volumineux une fois décompressé" in _refus(contenu, "xlsx")


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_reading_stops_past_the_row_cap(monkeypatch, ext):
    import manifeste.spreadsheets as tableur

    monkeypatch.setattr(tableur, "LIGNES_MAX", 3)
    rangees = [["a", "b"], *([["1", "2"]] * 3)]
    assert lire_tableau(_xlsx(rangees), "xlsx").height == 3
    rangees.append(["1", "2"])
    contenu = _xlsx(rangees) if ext == "xlsx" else "\n".join(map(",".join, rangees)).encode()
    assert _refus(contenu, ext) == "plus de 3 lignes : découpez le fichier"


def test_a_csv_named_xlsx_says_so_in_french():
    message = _refus(b"collectivite;annee\n75056;2025\n", "xlsx")
    assert "n'est pas un classeur Excel" in message and "CSV renommé" in message


def test_utf16_with_its_bom_is_read_tabs_included():
    contenu = "\ufeffnom\tcode\nCréteil\t94028\n".encode("utf-16-le")
    dataset = lire_tableau(contenu, "csv")
    assert dataset.headers == ["nom", "code"] and dataset[0] == ("Créteil", "94028")


def test_utf16_without_bom_is_refused_naming_it():
    with pytest.raises(EncodageInconnu, match="UTF-16 sans marque"):
        decoder("nom;code\nCréteil;94028\n".encode("utf-16-le"))


def test_ragged_rows_name_the_line_and_short_rows_are_padded():
    assert lire_tableau(b"a;b;c\n1;2\n", "csv")[0] == ("1", "2", None)
    assert lire_tableau(b"a;b\n1;2;;\n", "csv")[0] == ("1", "2")  # empty extras: dropped
    message = _refus(b"a;b\n1;2\n3;4;5\n", "csv")
    assert message.startswith("ligne 3 : 3 cellules remplies pour 2 noms de colonnes")


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_a_huge_cell_names_its_line_and_column(ext):
    # A CSV cell of 1 MB (past the csv module's own limit); Excel stops cells at 32,767.
    n, lu = (1_048_576, "1\u202f048\u202f576") if ext == "csv" else (20_000, "20\u202f000")
    rangees = [["nom", "commentaire"], ["Lyon", "x" * n]]
    contenu = _xlsx(rangees) if ext == "xlsx" else "\n".join(map(";".join, rangees)).encode()
    assert _refus(contenu, ext) == (
        f"ligne 2, colonne commentaire : {lu} caractères, au plus 10\u202f000 par cellule"
    )


def test_a_null_character_is_refused_with_its_line():
    assert _refus(b"nom;code\nLyon;69\nA\x00B;1\n", "csv").startswith("ligne 3 : caractère nul")


def test_blank_rows_inside_keep_line_numbers_trailing_ones_are_dropped():
    dataset = lire_tableau(_xlsx([["a"], ["1"], [None], ["3"], [None], [None]]), "xlsx")
    assert [r[0] for r in dataset] == ["1", None, "3"]


def test_an_empty_header_line_is_refused():
    assert "noms de colonnes, est vide" in _refus(b"\n1;2\n", "csv")
