"""Bulk exports: schema as documented, CSV/XLSX options, formula neutralisation, yearly zip."""

import csv
import datetime
import io
import json
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.http import StreamingHttpResponse

from manifeste.exports import Colonne, Dataset, datasets, enregistrer
from manifeste.exports.formats import csv_morceaux, neutraliser, texte_csv, xlsx_fichier
from manifeste.models import Collectivite


def contenu(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def lire_csv(octets, sep=","):
    return list(csv.reader(io.StringIO(octets.decode("utf-8-sig")), delimiter=sep))


# --- formula neutralisation (pure)


@pytest.mark.parametrize(
    ("valeur", "attendu"),
    [
        ("=SOMME(A1:A2)", "'=SOMME(A1:A2)"),
        ("+33 1 23", "'+33 1 23"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Saint-Denis", "Saint-Denis"),
        ("", ""),
        (-5, -5),
        (Decimal("-1.5"), Decimal("-1.5")),
        (None, None),
    ],
)
def test_neutraliser(valeur, attendu):
    assert neutraliser(valeur) == attendu


def test_csv_cells_booleans_dates_and_decimal_comma():
    assert texte_csv(True) == "oui" and texte_csv(False) == "non"
    assert texte_csv(None) == ""
    assert texte_csv(datetime.date(2025, 1, 31)) == "2025-01-31"
    assert texte_csv(Decimal("12.5")) == "12.5"
    assert texte_csv(Decimal("12.5"), virgule_decimale=True) == "12,5"
    assert texte_csv("=1+1", virgule_decimale=True) == "'=1+1"


@pytest.fixture
def piege():
    """A throwaway dataset whose text cells look like formulas."""
    return Dataset(
        slug="piege",
        titre="Piège",
        description="",
        colonnes=(Colonne("texte", "string", "x"), Colonne("nombre", "number", "y")),
        lignes=lambda annee: iter(
            [{"texte": '=HYPERLINK("http://x")', "nombre": -3.5}, {"texte": "@SUM(1)", "nombre": 2}]
        ),
    )


def test_every_writer_neutralises_formulas(piege):
    rangees = lire_csv(b"".join(csv_morceaux(piege, separateur=";")), sep=";")
    assert rangees[1] == ['\'=HYPERLINK("http://x")', "-3,5"]
    assert rangees[2][0] == "'@SUM(1)"
    feuille = openpyxl.load_workbook(xlsx_fichier(piege)).active
    assert feuille["A2"].value == '\'=HYPERLINK("http://x")'
    assert feuille["A2"].data_type == "s"
    assert feuille["B2"].value == -3.5


def test_a_dataset_slug_is_registered_once(db):
    assert set(datasets()) >= {"collectivites", "referentiel"}
    with pytest.raises(ValueError, match="collectivites"):
        enregistrer(Dataset("collectivites", "x", "", (), lambda a: []))


@pytest.fixture
def jeu_annuel(db):
    """A yearly dataset registered for the test, the way assessments and values will be."""
    dataset = enregistrer(
        Dataset(
            slug="valeurs-test",
            titre="Valeurs",
            description="",
            colonnes=(Colonne("annee", "integer", "Année"),),
            lignes=lambda annee: iter([{"annee": annee}]),
            annuel=True,
        )
    )
    yield dataset
    del datasets()[dataset.slug]


def test_a_yearly_dataset_needs_the_year_and_gets_it(client, jeu_annuel):
    response = client.get("/donnees/valeurs-test.csv")
    assert response.status_code == 400
    assert response.context["champ"] == "annee"
    response = client.get("/donnees/valeurs-test.csv?annee=2024")
    assert response["Content-Disposition"] == 'attachment; filename="valeurs-test-2024.csv"'
    assert lire_csv(contenu(response)) == [["annee"], ["2024"]]
    archive = zipfile.ZipFile(io.BytesIO(contenu(client.get("/donnees/2024.zip"))))
    assert lire_csv(archive.read("valeurs-test.csv")) == [["annee"], ["2024"]]


def test_unknown_column_type_is_refused():
    with pytest.raises(ValueError, match="montant"):
        Colonne("montant", "money", "")


# --- downloads


@pytest.mark.parametrize("slug", ["collectivites", "referentiel"])
def test_csv_header_and_xlsx_header_equal_the_published_schema(
    client, referentiel, territoires, slug
):
    schema = client.get(f"/donnees/{slug}.schema.json").json()
    documentees = [f["name"] for f in schema["schema"]["fields"]]
    assert all(f["type"] and f["description"] for f in schema["schema"]["fields"])
    entete_csv = lire_csv(contenu(client.get(f"/donnees/{slug}.csv")))[0]
    xlsx = client.get(f"/donnees/{slug}.xlsx")
    entete_xlsx = [
        c.value for c in next(openpyxl.load_workbook(io.BytesIO(contenu(xlsx))).active.rows)
    ]
    assert entete_csv == entete_xlsx == documentees


def test_collectivities_csv_rows(client, territoires):
    Collectivite.objects.filter(code_insee="01004").update(nom="=Ambérieu")
    response = client.get("/donnees/collectivites.csv")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == 'attachment; filename="collectivites.csv"'
    rangees = lire_csv(contenu(response))
    assert len(rangees) == 1 + 17
    lignes = [dict(zip(rangees[0], r, strict=True)) for r in rangees[1:]]
    lyon = next(r for r in lignes if r["code_insee"] == "69123")
    assert lyon["siren"] == "216901231" and lyon["epci_siren"] == "200046977"
    assert lyon["departement_code_insee"] == "69" and lyon["signataire"] == "non"
    assert any(r["nom"] == "'=Ambérieu" for r in lignes)


def test_excel_profile_semicolon_bom_and_french_decimals(client, territoires):
    octets = contenu(client.get("/donnees/collectivites.csv?sep=;&bom=1"))
    assert octets.startswith("\ufeff".encode())
    assert octets.decode("utf-8-sig").startswith("siren;code_insee;type")
    assert not contenu(client.get("/donnees/collectivites.csv")).startswith(b"\xef\xbb\xbf")


def test_referential_csv_has_the_nine_engagements_and_their_levels(client, referentiel):
    rangees = lire_csv(contenu(client.get("/donnees/referentiel.csv")))
    assert [r[3] for r in rangees[1:]] == [f"A{a}E{e}" for a in (1, 2, 3) for e in (1, 2, 3)]
    assert all(r[-4:] != ["", "", "", ""] for r in rangees[1:])


@pytest.mark.parametrize(
    ("requete", "champ"),
    [("sep=|", "sep"), ("bom=oui", "bom"), ("annee=20x5", "annee"), ("annee=1850", "annee")],
)
def test_bad_download_parameters_are_400_naming_the_field(client, territoires, requete, champ):
    response = client.get(f"/donnees/collectivites.csv?{requete}")
    assert response.status_code == 400
    # In the site's layout, in French, naming the parameter: not a raw JSON body.
    assert response["Content-Type"].startswith("text/html")
    assert f"Le paramètre « {champ} » de l'adresse est invalide" in response.content.decode()


def test_unknown_dataset_is_404(client, db):
    assert client.get("/donnees/inconnu.csv").status_code == 404
    assert client.get("/donnees/inconnu.schema.json").status_code == 404


def test_yearly_zip_holds_every_dataset_and_its_datapackage(client, referentiel, territoires):
    response = client.get("/donnees/2025.zip")
    assert isinstance(response, StreamingHttpResponse)
    archive = zipfile.ZipFile(io.BytesIO(contenu(response)))
    assert archive.testzip() is None
    noms = set(archive.namelist())
    assert noms == {"datapackage.json"} | {f"{slug}.csv" for slug in datasets()}
    paquet = json.loads(archive.read("datapackage.json"))
    assert paquet["name"].endswith("2025")
    for ressource in paquet["resources"]:
        entete = lire_csv(archive.read(ressource["path"]))[0]
        assert entete == [f["name"] for f in ressource["schema"]["fields"]]
    assert len(lire_csv(archive.read("collectivites.csv"))) == 18


def test_data_page_lists_datasets_with_their_schema(client, referentiel, territoires):
    html = client.get("/donnees/").content.decode()
    for dataset in datasets().values():
        assert f"/donnees/{dataset.slug}.csv" in html
        assert f"/donnees/{dataset.slug}.xlsx" in html
        for colonne in dataset.colonnes:
            assert f"<code>{colonne.nom}</code>" in html


def test_heavy_files_are_built_once_per_published_version(
    client, territoires, settings, tmp_path, monkeypatch
):
    from manifeste.exports import files
    from publication import cache as tableaux
    from publication import tasks

    settings.MEDIA_ROOT = tmp_path
    construits, ecrire = [], files._ecrire
    monkeypatch.setattr(files, "_ecrire", lambda *a: construits.append(a[:3]) or ecrire(*a))
    premiere = contenu(client.get("/donnees/collectivites.xlsx"))
    assert contenu(client.get("/donnees/collectivites.xlsx")) == premiere
    assert construits == [("collectivites", None, "xlsx")]  # the second one read storage
    precedente, nouvelle = tableaux.nouvelle_publication()  # what publication.tasks does
    assert tasks.construire_fichiers.call(precedente, nouvelle) == 1
    assert len(construits) == 2
    client.get("/donnees/collectivites.xlsx")
    assert len(construits) == 2  # built by the task, not by the visitor


def test_an_interrupted_build_leaves_no_file_to_serve(client, territoires, settings, tmp_path):
    from unittest import mock

    from django.core.files.storage import default_storage

    from manifeste.exports import files

    settings.MEDIA_ROOT = tmp_path
    cible = files.nom("collectivites", None, "xlsx", files.version())

    def coupe(slug, annee, extension, sortie):
        sortie.write(b"PK\x03\x04 un debut de classeur")
        raise KeyboardInterrupt  # the process stopped mid-write

    with mock.patch.object(files, "_ecrire", coupe), pytest.raises(KeyboardInterrupt):
        files.construire("collectivites")
    assert not default_storage.exists(cible)
    assert not any(p.is_file() for p in tmp_path.rglob("*"))  # nor its partial file
    # A killed process cannot clean up: its hidden partial file is never listed nor served.
    (tmp_path / files.DOSSIER / files.version()).mkdir(parents=True, exist_ok=True)
    (tmp_path / files.DOSSIER / files.version() / ".tmp-coupe").write_bytes(b"PK")
    reponse = client.get("/donnees/collectivites.xlsx")
    classeur = openpyxl.load_workbook(io.BytesIO(contenu(reponse)), read_only=True)
    assert classeur.sheetnames and default_storage.exists(cible)
    assert files.preconstruire(files.version()) == 1  # the partial one is not a file
