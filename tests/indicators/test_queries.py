"""Public reads never break on a stored broken value (Infinity, NaN, beyond the hard bounds,
written before the number reader existed): written empty with its reason, kept out of
aggregates, never a 500 nor « inf »/« nan »."""

import csv
import io

import openpyxl
import pytest

from indicators.models import Indicateur, Valeur
from indicators.queries import agreger_sql
from manifeste.models import Collectivite
from tests.valeurs_cassees import casser

pytestmark = pytest.mark.django_db


@pytest.fixture
def cassees(territoires, catalogue):
    paris = Collectivite.objects.get(code_insee="75056", type="commune")
    lyon = Collectivite.objects.get(code_insee="69123", type="commune")
    compte, score = Indicateur.objects.get(code="A2E1-04"), Indicateur.objects.get(code="A1E1-05")
    for c in (paris, lyon):
        Valeur.objects.create(
            collectivite=c, indicateur=compte, annee=2025, valeur=10, etat="publie"
        )
        Valeur.objects.create(
            collectivite=c, indicateur=score, annee=2025, valeur=5, poids=10, etat="publie"
        )
    casser(Valeur.objects.get(collectivite=paris, indicateur=compte), "valeur", float("inf"))
    casser(Valeur.objects.get(collectivite=lyon, indicateur=compte), "valeur", float("nan"))
    casser(Valeur.objects.get(collectivite=paris, indicateur=score), "valeur", 11)
    return paris


def _sans_mot_interdit(texte):
    mots = {m.strip('"').lower() for m in texte.replace(",", " ").replace(":", " ").split()}
    assert not mots & {"nan", "inf", "infinity", "-infinity"}, texte


def test_dataset_csv_ecrit_vide_avec_la_raison(client, cassees):
    reponse = client.get("/donnees/valeurs-indicateurs.csv?annee=2025")
    assert reponse.status_code == 200
    texte = b"".join(reponse.streaming_content).decode("utf-8-sig")
    _sans_mot_interdit(texte)
    lignes = {
        (r["collectivite_nom"], r["indicateur"]): r for r in csv.DictReader(io.StringIO(texte))
    }
    infini = lignes["Paris", "A2E1-04"]
    assert infini["valeur"] == "" and "illisible" in infini["anomalie"]
    hors_bornes = lignes["Paris", "A1E1-05"]
    assert hors_bornes["valeur"] == hors_bornes["poids"] == ""
    assert "entre 1 et 10" in hors_bornes["anomalie"]
    saine = lignes["Lyon", "A1E1-05"]
    assert (saine["valeur"], saine["poids"], saine["anomalie"]) == ("5", "10", "")
    # SQLite stores NaN as NULL: an empty value, nothing to explain
    assert lignes["Lyon", "A2E1-04"]["valeur"] == ""


def test_dataset_xlsx_sans_erreur(client, cassees):
    reponse = client.get("/donnees/valeurs-indicateurs.xlsx?annee=2025")
    assert reponse.status_code == 200
    octets = b"".join(reponse.streaming_content) if reponse.streaming else reponse.content
    feuille = openpyxl.load_workbook(io.BytesIO(octets)).active
    cellules = [c for rangee in feuille.iter_rows(values_only=True) for c in rangee]
    _sans_mot_interdit(" ".join(str(c) for c in cellules if c is not None))
    assert any("entre 1 et 10" in str(c) for c in cellules)


def test_api_valeurs_null_avec_la_raison(client, cassees):
    reponse = client.get("/api/v1/indicateurs/valeurs?annee=2025")
    assert reponse.status_code == 200
    _sans_mot_interdit(reponse.content.decode())
    items = {(i["collectivite"]["nom"], i["indicateur"]): i for i in reponse.json()["items"]}
    assert reponse.json()["count"] == 4
    assert items["Paris", "A2E1-04"]["valeur"] is None
    assert "illisible" in items["Paris", "A2E1-04"]["anomalie"]
    assert items["Paris", "A1E1-05"]["valeur"] is None
    assert (items["Lyon", "A1E1-05"]["valeur"], items["Lyon", "A1E1-05"]["anomalie"]) == (5.0, "")


def test_agregats_ignorent_les_valeurs_cassees(client, cassees):
    score = Indicateur.objects.get(code="A1E1-05")
    assert int(agreger_sql(score, 2025).iloc[0]["n"]) == 1  # Lyon's 5 only, not Paris's 11
    compte = Indicateur.objects.get(code="A2E1-04")
    assert int(agreger_sql(compte, 2025).iloc[0]["n"]) == 0
    for code in ("A1E1-05", "A2E1-04"):
        reponse = client.get(f"/api/v1/indicateurs/{code}/agregats?annee=2025")
        assert reponse.status_code == 200
        _sans_mot_interdit(reponse.content.decode())
