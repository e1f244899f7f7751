"""The spreadsheet reader shared by the imports (indicator values, actors): no database."""

import io

import pytest
from openpyxl import Workbook

from manifeste.tableur import (
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


def test_xlsx_first_sheet_with_values_of_formulas():
    classeur = Workbook()
    feuille = classeur.active
    feuille.append(["nom", "annee", "total"])
    feuille.append(["Lyon", 2025, "=1+1"])
    sortie = io.BytesIO()
    classeur.save(sortie)
    dataset = lire_tableau(sortie.getvalue(), "xlsx")
    assert dataset.headers == ["nom", "annee", "total"]
    assert dataset[0][:2] == ("Lyon", 2025)
    assert dataset[0][2] != "=1+1"  # the cached value (none: never computed), not the formula


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
