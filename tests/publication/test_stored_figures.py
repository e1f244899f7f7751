"""The stored figures equal the aggregation module's over the members the pages' filters find.

On the realistic demo (its national picture), every group the dashboard's filters name is
checked against `aggregation.agreger` (indicators) or a count of the published assessments
(engagements) over `filtrer_collectivites`' members: the same rules, computed another way —
by PostgreSQL's GROUPING SETS when the suite runs there, by pandas on SQLite.
"""

import math

import pandas as pd
import pytest

from commitments.models import Evaluation
from indicators import aggregation, queries
from indicators.models import Indicateur, Valeur
from manifeste.maturite import Etat
from manifeste.models import Collectivite
from publication import diffusion, figures, stored
from publication.filters import filtrer_collectivites
from publication.models import TOUS, AFaire, Chiffre

pytestmark = pytest.mark.django_db

FILTRES = [
    {},
    {"type": "commune"},
    {"taille": "3"},
    {"type": "commune", "taille": "5"},
    {"region": "84"},
    {"type": "commune", "region": "11"},
    {"taille": "4", "region": "84"},
    {"departement": "69"},
    {"type": "commune", "departement": "974"},
    "les pairs d'une commune qui publie",  # type × size × département, found in the data
    {"region": "84", "departement": "69"},
]


@pytest.fixture(scope="module")
def calcules(demo_nationale, django_db_blocker):
    with django_db_blocker.unblock():
        # The years the tests read, every subject and group, rather than every year the
        # demo's load asked for (minutes).
        AFaire.objects.all().delete()
        annees = {figures.derniere_annee_publiee(), figures.derniere_annee_evaluations("A1E1")}
        for annee in annees:
            diffusion.marquer(TOUS, annee, 0)
        diffusion.calculer_a_faire()
        yield


def _proche(a, b):
    if a is None or (isinstance(a, float) and math.isnan(a)):
        return b is None or (isinstance(b, float) and math.isnan(b))
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _ligne(sujet, annee, filtres):
    """The stored row of the group; a group without any figure has none (n = 0)."""
    t = stored.lignes([sujet], filtres, annee=annee)
    assert len(t) <= 1, (sujet, annee, filtres)
    return t.iloc[0] if len(t) else None


def _filtres(filtres, annee):
    if isinstance(filtres, dict):
        return filtres
    commune = Collectivite.objects.get(
        pk=Valeur.objects.publiees()
        .filter(annee=annee, collectivite__type="commune")
        .values_list("collectivite", flat=True)
        .first()
    )
    return {
        "type": "commune",
        "taille": commune.classe_taille,
        "departement": commune.departement.code_insee,
    }


@pytest.mark.parametrize("filtres", FILTRES, ids=str)
def test_every_indicator_of_a_group_equals_its_aggregate(calcules, filtres):
    annee = figures.derniere_annee_publiee()
    filtres = _filtres(filtres, annee)
    membres = queries.membres(filtrer_collectivites(Collectivite.objects.actives(), filtres))
    verifies = 0
    for indicateur in Indicateur.objects.filter(collectivite__isnull=True):
        if indicateur.portee == "terr" and not filtres.get("type"):
            continue  # never aggregated across types: read by type (test below)
        valeurs = queries.charger_valeurs([indicateur], [annee])
        attendu = aggregation.agreger(valeurs, membres, indicateur)
        ligne = _ligne(indicateur.code, annee, filtres)
        if ligne is None:
            assert attendu.n == 0, indicateur.code
            continue
        assert (ligne["n"], ligne["n_groupe"]) == (attendu.n, attendu.n_groupe), indicateur.code
        assert _proche(attendu.valeur, ligne["valeur"]), indicateur.code
        assert _proche(attendu.part_population, ligne["part_population"]), indicateur.code
        du_groupe = valeurs[valeurs["collectivite_id"].isin(membres["collectivite_id"])]
        chiffres = aggregation.par_collectivite(du_groupe, indicateur)
        if len(chiffres):
            q1, mediane, q3 = chiffres.quantile([0.25, 0.5, 0.75]).tolist()
            assert _proche(q1, ligne["q1"]) and _proche(q3, ligne["q3"]), indicateur.code
            assert _proche(mediane, ligne["mediane"]), indicateur.code
        verifies += attendu.n > 0
    assert verifies >= 3, "trop peu d'indicateurs publiés : le test ne vérifie plus rien"


@pytest.mark.parametrize("filtres", FILTRES, ids=str)
def test_the_levels_of_a_group_are_counted_from_its_published_assessments(calcules, filtres):
    annee = figures.derniere_annee_evaluations("A1E1")
    filtres = _filtres(filtres, annee)
    publiees = filtrer_collectivites(
        Evaluation.objects.publiees().filter(
            engagement__code="A1E1", campagne__annee=annee, collectivite__active=True
        ),
        filtres,
        prefixe="collectivite__",
    )
    ligne = _ligne("A1E1", annee, filtres)
    assert ligne["n"] == publiees.count()
    evaluees = publiees.filter(etat=Etat.EVALUE, niveau__isnull=False)
    for niveau in range(5):
        assert ligne["niveaux"][str(niveau)] == evaluees.filter(niveau=niveau).count()
    assert ligne["niveaux"]["non_concerne"] == publiees.filter(etat=Etat.NON_CONCERNE).count()
    niveaux = pd.Series(list(evaluees.values_list("niveau", flat=True)), dtype=float)
    assert _proche(niveaux.mean() if len(niveaux) else None, ligne["valeur"])
    assert _proche(niveaux.median() if len(niveaux) else None, ligne["mediane"])


def test_a_territorial_indicator_is_stored_by_type_only(calcules):
    terr = Indicateur.objects.filter(collectivite__isnull=True, portee="terr").first()
    annee = figures.derniere_annee_publiee()
    assert not Chiffre.objects.filter(sujet=terr.code, type="").exists()
    lignes = figures.agregats_nationaux(annee)[1]
    groupes = set(lignes[lignes["code"] == terr.code]["groupe"])
    assert groupes and "" not in groupes


def test_a_publication_rewrites_exactly_the_groups_of_its_collectivity(calcules):
    annee = figures.derniere_annee_publiee()
    valeur = (
        Valeur.objects.publiees()
        .filter(
            annee=annee,
            indicateur__portee="org",
            collectivite__type="commune",
            collectivite__epci__isnull=False,
            valeur__isnull=False,
        )
        .select_related("indicateur", "collectivite")
        .first()
    )
    avant = set(Chiffre.objects.filter(sujet=valeur.indicateur.code, annee=annee).values_list())
    Valeur.objects.filter(pk=valeur.pk).update(valeur=valeur.valeur + 1000)
    diffusion.marquer(valeur.indicateur.code, annee, valeur.collectivite_id)
    ecrits = diffusion.calculer_a_faire()
    apres = set(Chiffre.objects.filter(sujet=valeur.indicateur.code, annee=annee).values_list())
    # One row per grouping set of the commune; its other rows are untouched, ids included.
    assert len(avant - apres) == len(apres - avant) == 13
    assert ecrits >= 13 and not AFaire.objects.exists()
    national = _ligne(valeur.indicateur.code, annee, {})
    membres = queries.membres()
    attendu = aggregation.agreger(
        queries.charger_valeurs([valeur.indicateur], [annee]), membres, valeur.indicateur
    )
    assert _proche(attendu.valeur, national["valeur"])


def test_no_stored_figure_is_nan_or_infinite(calcules):
    for champ in ("valeur", "q1", "mediane", "q3", "population", "s_num", "s_den"):
        for x in Chiffre.objects.exclude(**{f"{champ}__isnull": True}).values_list(
            champ, flat=True
        )[:50_000]:
            assert math.isfinite(x), champ
