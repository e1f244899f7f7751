"""Yearly open datasets of published assessments and indicator values."""

import csv
import io

import pytest

from indicators.models import Indicateur, Valeur
from manifeste.models import Collectivite


def lire(response):
    octets = b"".join(response.streaming_content) if response.streaming else response.content
    rangees = list(csv.reader(io.StringIO(octets.decode("utf-8-sig"))))
    return [dict(zip(rangees[0], r, strict=True)) for r in rangees[1:]], rangees[0]


@pytest.mark.parametrize("slug", ["valeurs-indicateurs", "evaluations"])
def test_header_equals_documented_schema(client, referentiel, territoires, slug):
    schema = client.get(f"/donnees/{slug}.schema.json").json()
    _, entete = lire(client.get(f"/donnees/{slug}.csv?annee=2025"))
    assert entete == [f["name"] for f in schema["schema"]["fields"]]
    assert all(f["description"] for f in schema["schema"]["fields"])


def test_values_dataset_has_published_values_of_the_year_neutralised(
    client, territoires, catalogue
):
    lyon = Collectivite.objects.get(type="commune", code_insee="69123")
    paris = Collectivite.objects.get(type="commune", code_insee="75056")
    ind = Indicateur.objects.get(code="A1E2-01")
    Valeur.objects.create(
        collectivite=lyon, indicateur=ind, annee=2025, valeur=3, etat="publie", commentaire="=1+1"
    )
    Valeur.objects.create(collectivite=paris, indicateur=ind, annee=2025, valeur=8)  # draft
    Valeur.objects.create(collectivite=paris, indicateur=ind, annee=2024, valeur=5, etat="publie")
    lignes, _ = lire(client.get("/donnees/valeurs-indicateurs.csv?annee=2025"))
    assert [(r["collectivite_nom"], r["indicateur"], r["valeur"]) for r in lignes] == [
        ("Lyon", "A1E2-01", "3")
    ]
    assert lignes[0]["commentaire"] == "'=1+1"


def test_assessments_dataset_has_published_ones_in_plain_text(
    client, monde, evaluation_paris, evaluation_lyon
):
    evaluation_paris.etat_publication = "publie"
    evaluation_paris.narratif = "<p>=HYPERLINK(1)</p><p>Suite</p>"
    evaluation_paris.save()
    annee = monde.campagne.annee
    lignes, _ = lire(client.get(f"/donnees/evaluations.csv?annee={annee}"))
    assert [(r["collectivite_nom"], r["niveau"]) for r in lignes] == [("Paris", "2")]
    assert lignes[0]["narratif"] == "'=HYPERLINK(1)\n\nSuite"
    assert lire(client.get(f"/donnees/evaluations.csv?annee={annee - 1}"))[0] == []
