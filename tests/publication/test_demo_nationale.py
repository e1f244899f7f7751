"""The realistic demo: a national picture a newcomer can believe, and the figures' tests read."""

import re
from collections import defaultdict
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.db.models import Avg, Count, F, Q

from commitments import demo_national
from commitments.models import Campagne, Evaluation, Signature
from commitments.workflow import EtatPublication
from indicators.demo import valeurs
from indicators.demo_distributions import LOIS
from indicators.models import Indicateur, Valeur
from manifeste.models import Collectivite, TypeCollectivite
from tests.figures_helpers import durcir
from tests.parcours_public import SANS_DONNEES, verifier_parcours

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_nationale")]
ANNEES = list(range(2021, 2027))


def test_at_least_1000_signatories_of_every_type_and_region():
    signataires = Collectivite.objects.filter(signature__isnull=False)
    assert signataires.count() >= 1000
    assert set(signataires.values_list("type", flat=True)) == set(TypeCollectivite.values)
    regions = set(Collectivite.objects.filter(type="region").values_list("pk", flat=True))
    couvertes = set(signataires.values_list("region_id", flat=True)) | set(
        signataires.filter(type="region").values_list("pk", flat=True)
    )
    assert regions <= couvertes and len(regions) == 18
    # Every size class of communes, from villages to big cities.
    tailles = set(signataires.filter(type="commune").values_list("classe_taille", flat=True))
    assert tailles == {"1", "2", "3", "4", "5"}


def test_years_2021_to_2026_with_gaps_and_every_state():
    assert set(Campagne.objects.values_list("annee", flat=True)) >= set(ANNEES)
    assert set(Valeur.objects.values_list("annee", flat=True).distinct()) == set(ANNEES)
    assert set(Evaluation.objects.values_list("campagne__annee", flat=True).distinct()) >= set(
        ANNEES
    )
    etats = Valeur.objects.values("etat").annotate(n=Count("id"))
    part = {e["etat"]: e["n"] for e in etats}
    assert set(part) == set(EtatPublication.values)
    assert part["publie"] > 0.75 * sum(part.values())  # mostly published
    # Some signatories miss some years (late signatures, skipped years).
    annees = Valeur.objects.values("collectivite").annotate(n=Count("annee", distinct=True))
    assert {a["n"] for a in annees} >= {6, 5, 4}


def test_levels_rise_slowly_with_a_few_regressions():
    moyennes = dict(
        Evaluation.objects.filter(etat="evalue")
        .values_list("campagne__annee")
        .annotate(m=Avg("niveau"))
    )
    suite = [moyennes[a] for a in ANNEES]
    assert suite == sorted(suite) and 0.8 < suite[0] < suite[-1] < 3
    assert all(b - a < 0.5 for a, b in zip(suite, suite[1:], strict=False))  # slowly
    niveaux = defaultdict(dict)
    for c, e, a, n in Evaluation.objects.filter(etat="evalue").values_list(
        "collectivite", "engagement", "campagne__annee", "niveau"
    ):
        niveaux[c, e][a] = n
    baisses = sum(
        1
        for par_annee in niveaux.values()
        for a in par_annee
        if a - 1 in par_annee and par_annee[a] < par_annee[a - 1]
    )
    hausses = sum(
        1
        for par_annee in niveaux.values()
        for a in par_annee
        if a - 1 in par_annee and par_annee[a] > par_annee[a - 1]
    )
    assert 0 < baisses < hausses / 4


def _publiees(code, annee=2024):
    return Valeur.objects.publiees().filter(indicateur__code=code, annee=annee)


def test_no_part_exceeds_its_whole_pue_at_least_1_and_kinds_fit():
    parts = Valeur.objects.filter(indicateur__partie_du_tout=True)
    assert parts.exists() and not parts.filter(numerateur__gt=F("denominateur")).exists()
    assert not Valeur.objects.filter(denominateur__lte=0).exists()
    pue = Valeur.objects.filter(indicateur__code="A2E1-05")
    assert pue.exists() and not pue.filter(numerateur__lt=F("denominateur")).exists()
    scores = Valeur.objects.filter(indicateur__nature="score")
    assert not scores.filter(Q(valeur__lt=1) | Q(valeur__gt=10)).exists()
    for v in Valeur.objects.filter(indicateur__nature="count").values_list("valeur", flat=True):
        assert v == int(v) and v >= 0
    assert not Valeur.objects.filter(indicateur__nature="bool", booleen__isnull=True).exists()


def test_per_inhabitant_figures_have_real_populations_and_magnitudes():
    for code in ("A1E1-04", "A1E3-03", "A3E2-04"):
        valeurs_ = _publiees(code).select_related("collectivite")
        assert valeurs_.exists()
        assert all(v.denominateur == v.collectivite.population for v in valeurs_)
    # Help venues: about 1 to 4 per 10,000 inhabitants, never 3,597.
    lieux = _publiees("A1E1-04")
    taux = [float(v.numerateur / v.denominateur) * 10_000 for v in lieux]
    assert max(taux) <= 30
    total = sum(float(v.numerateur) for v in lieux) / sum(float(v.denominateur) for v in lieux)
    assert 0.5 < total * 10_000 < 5
    # Staff proportional to population: a big city has more agents than a village.
    formes = dict(
        _publiees("A1E2-03")
        .values_list("collectivite__classe_taille")
        .annotate(a=Avg("denominateur"))
    )
    assert formes["1"] < formes["3"] < formes["5"]
    # Paris's server rooms: gigawatt-hours, not 474 kWh.
    paris = Valeur.objects.filter(
        indicateur__code="A2E1-04", collectivite__code_insee="75056", annee=2024
    ).first()
    assert paris is None or paris.valeur > 1_000_000


def test_small_communes_never_answer_some_indicators():
    petites = Collectivite.objects.filter(
        type="commune", classe_taille="1", signature__isnull=False
    )
    assert petites.exists()
    for code, loi in LOIS.items():
        if loi.taille_min >= 3_500:
            assert not Valeur.objects.filter(
                indicateur__code=code, collectivite__in=petites
            ).exists()


def test_one_distribution_per_catalogue_indicator_each_with_its_reason():
    assert set(LOIS) == set(Indicateur.objects.partages().values_list("code", flat=True))
    assert all(loi.pourquoi for loi in LOIS.values())


def test_draws_are_deterministic_and_reloading_adds_nothing():
    def tirage():
        indicateurs = list(Indicateur.objects.partages())
        return [
            (v.collectivite_id, v.indicateur_id, v.annee, v.numerateur, v.valeur, v.booleen)
            for v in valeurs(demo_national.portraits(), indicateurs)
        ]

    premier = tirage()
    assert premier and premier == tirage()
    import io

    from django.core.management import call_command

    avant = (Valeur.objects.count(), Evaluation.objects.count(), Signature.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Valeur.objects.count(), Evaluation.objects.count(), Signature.objects.count()) == avant


@pytest.mark.parametrize(
    "langue,texte", [("", "Données de démonstration"), ("/en", "Demonstration data")]
)
def test_every_public_page_says_it_is_a_demonstration(client, langue, texte):
    paris = Collectivite.objects.get(code_insee="75056", type="commune")
    for chemin in ("/", "/tableau-de-bord/", f"/collectivites/{paris.slug}/", "/engagements/a1e1/"):
        html = client.get(f"{langue}{chemin}", follow=True).content.decode()
        assert re.search(rf'class="bandeau-demo"[^>]*>\s*<div[^>]*><p><strong>{texte}', html), (
            chemin
        )


def test_dashboard_filters_split_the_national_count_by_region_and_type(client):
    from tests.cms.test_pages import _signataires

    def compte(filtre):
        html = client.get(f"/tableau-de-bord/?{filtre}").content.decode()
        return int(re.sub(r"\D", "", _signataires(html)))

    # The dashboard's type filter offers the four levels, not « autre » (syndicats).
    niveaux = [t for t in TypeCollectivite.values if t != TypeCollectivite.AUTRE]
    par_type = {t: compte(f"type={t}") for t in niveaux}
    attendu = dict(Signature.objects.values_list("collectivite__type").annotate(n=Count("id")))
    assert par_type == {t: attendu[t] for t in niveaux}
    assert sum(par_type.values()) + attendu[TypeCollectivite.AUTRE] == compte("") >= 1000
    ara = Collectivite.objects.get(type="region", code_insee="84")
    assert (
        compte("region=84")
        == Signature.objects.filter(Q(collectivite__region=ara) | Q(collectivite=ara)).count()
    )


# --- the walk of tests.publication.test_figures_honest, at national scale -------------------------------------
@pytest.fixture(scope="module")
def monde_hostile(demo_nationale, django_db_blocker):
    """The national picture made hostile the same way, rolled back after the walk."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield SimpleNamespace(hostile=durcir(exclure=[SANS_DONNEES]))
        transaction.set_rollback(True)


def test_no_public_page_nor_download_of_the_national_picture_reads_nan_none_or_inf(
    monde_hostile,
):
    # In French only: the English pages run the same figures' code (walked on the small demo).
    verifier_parcours(monde_hostile, anglais=False)
