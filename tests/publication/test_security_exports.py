"""Formula neutralisation on every file the project exports (CSV injection).

Text that a spreadsheet would read as a formula (=, +, -, @) gets a leading quote; a negative
number stays a number. Each export is downloaded with hostile text seeded in what it writes.
"""

import csv
import io
import zipfile
from decimal import Decimal

import pandas as pd
import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from commitments.workflow import EtatPublication
from ecosysteme.models import Acteur
from indicators.models import Indicateur, Valeur
from manifeste.exports.formats import DEBUTS_DE_FORMULE, NOMBRE, relire
from publication.charts import Chart
from publication.maps import Map
from tests.security_helpers import corps, semer

PIEGES = ["=1+1", "+1+1", "-1+1", "@SUM(1)"]
NEGATIF = Decimal("-4.5")


@pytest.fixture(scope="module")
def monde(django_db_setup, django_db_blocker):
    """The demo data with a hostile text in each field the exports write, rolled back at the end.

    Four signatories are named after the four traps, four published values of A carry them as
    comments, four actors as descriptions; A's first published score is negative."""
    with django_db_blocker.unblock(), transaction.atomic():
        monde = semer()
        signataires = [monde.a.collectivite, monde.b.collectivite]
        from commitments.models import Signature

        autres = Signature.objects.exclude(collectivite__in=signataires).select_related(
            "collectivite"
        )
        signataires += [s.collectivite for s in autres[:2]]
        for collectivite, piege in zip(signataires, PIEGES, strict=True):
            collectivite.nom = f"{piege} {collectivite.nom}"
            collectivite.save()
        publiees = list(
            Valeur.objects.publiees()
            .filter(collectivite=monde.a.collectivite, valeur__isnull=False)
            .exclude(indicateur__nature="bool")
            .order_by("annee", "pk")[:4]
        )
        for valeur, piege in zip(publiees, PIEGES, strict=True):
            valeur.commentaire = piege
            valeur.save()
        # No shipped indicator may be negative: the national body makes a score run from -10.
        negative = (
            Valeur.objects.publiees()
            .filter(collectivite=monde.a.collectivite, indicateur__nature="score")
            .order_by("annee", "pk")
            .first()
        )
        Indicateur.objects.filter(pk=negative.indicateur_id).update(minimum=-10)
        negative.valeur = NEGATIF
        negative.save()
        monde.annee_publiee = negative.annee
        for acteur, piege in zip(Acteur.objects.order_by("pk")[:4], PIEGES, strict=True):
            acteur.description = piege
            acteur.save()
        yield monde
        transaction.set_rollback(True)


def _campagne_publiee(monde):
    from commitments.models import Evaluation

    return (
        Evaluation.objects.filter(etat_publication=EtatPublication.PUBLIE)
        .values_list("campagne__annee", flat=True)
        .first()
    )


# name -> (who downloads, URL from the seeded world, a negative number is expected in it)
EXPORTS = {
    "jeu collectivites csv": (None, lambda m: "/donnees/collectivites.csv", False),
    "jeu collectivites csv ;": (None, lambda m: "/donnees/collectivites.csv?sep=;&bom=1", False),
    "jeu collectivites xlsx": (None, lambda m: "/donnees/collectivites.xlsx", False),
    "jeu valeurs csv": (
        None,
        lambda m: f"/donnees/valeurs-indicateurs.csv?annee={m.annee_publiee}",
        True,
    ),
    "jeu valeurs csv ;": (
        None,
        lambda m: f"/donnees/valeurs-indicateurs.csv?annee={m.annee_publiee}&sep=;",
        True,
    ),
    "jeu valeurs xlsx": (
        None,
        lambda m: f"/donnees/valeurs-indicateurs.xlsx?annee={m.annee_publiee}",
        True,
    ),
    "jeu evaluations csv": (
        None,
        lambda m: f"/donnees/evaluations.csv?annee={_campagne_publiee(m)}",
        False,
    ),
    "jeu evaluations xlsx": (
        None,
        lambda m: f"/donnees/evaluations.xlsx?annee={_campagne_publiee(m)}",
        False,
    ),
    "archive annuelle zip": (None, lambda m: f"/donnees/{m.annee_publiee}.zip", True),
    "signataires csv": (
        "administrateur national",
        lambda m: reverse("commitments_export", args=["csv"]) + f"?annee={m.campagne.annee}",
        False,
    ),
    "signataires xlsx": (
        "administrateur national",
        lambda m: reverse("commitments_export", args=["xlsx"]) + f"?annee={m.campagne.annee}",
        False,
    ),
    "valeurs d'une collectivite csv": (
        "contributeur A",
        lambda m: reverse("indicateurs_export", args=[m.a.collectivite.pk]) + "?format=csv",
        True,
    ),
    "valeurs d'une collectivite xlsx": (
        "contributeur A",
        lambda m: reverse("indicateurs_export", args=[m.a.collectivite.pk]) + "?format=xlsx",
        True,
    ),
    "annuaire csv": (
        "administrateur national",
        lambda m: reverse("ecosysteme_export", args=["csv"]),
        False,
    ),
    "annuaire xlsx": (
        "administrateur national",
        lambda m: reverse("ecosysteme_export", args=["xlsx"]),
        False,
    ),
}


def cellules(contenu, type_):
    """Every cell of a downloaded CSV, XLSX or zip of CSVs, as written (no type conversion)."""
    if "spreadsheetml" in type_:
        classeur = load_workbook(io.BytesIO(contenu))  # not read-only: keeps data types
        return [c.value for f in classeur.worksheets for r in f.iter_rows() for c in r]
    if "zip" in type_:
        with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
            return [
                cellule
                for nom in archive.namelist()
                if nom.endswith(".csv")
                for cellule in cellules(archive.read(nom), "text/csv")
            ]
    texte = contenu.decode("utf-8-sig")
    entete = texte.split("\n", 1)[0]
    separateur = ";" if entete.count(";") > entete.count(",") else ","
    return [c for ligne in csv.reader(io.StringIO(texte), delimiter=separateur) for c in ligne]


def verifier(valeurs, negatif_attendu):
    texte = [v for v in valeurs if isinstance(v, str)]
    formules = [v for v in texte if v.startswith(DEBUTS_DE_FORMULE) and not NOMBRE.fullmatch(v)]
    assert not formules, f"cellules lues comme des formules : {formules}"
    for piege in PIEGES:  # the traps did reach the file, quoted
        assert any(v.startswith("'" + piege) for v in texte), f"{piege!r} absent de l'export"
    if negatif_attendu:
        nombres = [v for v in valeurs if isinstance(v, int | float | Decimal)]
        negatifs = [Decimal(str(v)) for v in nombres if v < 0] + [
            Decimal(v.replace(",", ".")) for v in texte if NOMBRE.fullmatch(v) and v[0] == "-"
        ]
        assert negatifs and all(n == NEGATIF for n in negatifs), negatifs


@pytest.mark.parametrize("export", EXPORTS)
def test_every_export_quotes_formulas_and_keeps_negative_numbers(export, monde, db):
    visiteur, url, negatif = EXPORTS[export]
    client = Client()
    if visiteur:
        client.force_login(monde.users[visiteur])
    response = client.get(url(monde))
    assert response.status_code == 200, url(monde)
    verifier(cellules(corps(response), response["Content-Type"]), negatif)


# Charts and maps write tables of published figures whose row labels are names; their writer is
# checked with hostile labels directly (the pages' labels come from the shipped map file).


def test_chart_csv_quotes_formulas_and_keeps_negative_numbers():
    chart = Chart(
        title="t",
        data=pd.DataFrame({"nom": PIEGES, "valeur": [float(NEGATIF), 1.0, 2.0, 3.0]}),
        x="nom",
    )
    verifier(cellules(chart.csv().encode(), "text/csv"), negatif_attendu=True)


def test_map_csv_keeps_negative_numbers():
    carte = Map(title="t", values={"01": float(NEGATIF), "02": 3.0}, unit="=1+1")
    valeurs = cellules(carte.csv().encode(), "text/csv")
    assert "-4.5" in valeurs
    assert not any(v.startswith(DEBUTS_DE_FORMULE) for v in valeurs if v != "-4.5")


def test_an_export_read_back_by_an_import_keeps_the_text():
    assert relire("'=1+1") == "=1+1"
    assert relire("'-4,5") == "'-4,5"  # a number was never quoted: the quote is the user's
    assert relire("'bonjour") == "'bonjour"
