"""The dashboards show the aggregation module's figures, on published values only."""

import re

import pytest

from commitments.workflow import EtatPublication
from indicators import aggregation, queries, secret_statistique
from indicators.models import Indicateur, Valeur
from manifeste.models import Collectivite
from publication import figures
from tests.dashboards_helpers import cellules, lire_csv, nombre_fr, tables_html

PUBLIE = EtatPublication.PUBLIE

# indicators.md worked example: 40/100, 5/10 and 0/2 → 45/112 = 40.18 %.
EXEMPLE = {"75056": (40, 100), "69123": (5, 10), "69266": (0, 2)}


@pytest.fixture(autouse=True)
def seuil_3(settings):
    """The worked example has 3 collectivities: enough here (the default threshold is 5)."""
    settings.SEUIL_DIFFUSION = 3


def _commune(code):
    return Collectivite.objects.get(code_insee=code, type="commune")


def _seed_exemple():
    indicateur = Indicateur.objects.get(code="A2E3-01")
    Valeur.objects.filter(indicateur=indicateur, annee=2025).delete()
    for code, (num, den) in EXEMPLE.items():
        Valeur.objects.create(
            collectivite=_commune(code),
            indicateur=indicateur,
            annee=2025,
            numerateur=num,
            denominateur=den,
            etat=PUBLIE,
        )
    # A draft never counts, however large.
    Valeur.objects.create(
        collectivite=_commune("01004"),
        indicateur=indicateur,
        annee=2025,
        numerateur=1000,
        denominateur=1000,
    )
    return indicateur


def test_national_aggregate_is_the_aggregation_modules_result(territoires, catalogue):
    indicateur = _seed_exemple()
    filtres = {"type": "commune"}
    annee, agregats = figures.agregats_nationaux(2025, filtres)
    ligne = agregats.set_index("code").loc["A2E3-01"]
    communes = Collectivite.objects.actives().filter(type="commune")
    attendu = aggregation.agreger(
        queries.charger_valeurs([indicateur], [2025]), queries.membres(communes), indicateur
    )
    assert annee == 2025
    assert ligne["valeur"] == pytest.approx(attendu.valeur) == pytest.approx(4500 / 112)
    assert (ligne["n"], ligne["n_groupe"]) == (3, communes.count())
    assert ligne["part_population"] == pytest.approx(attendu.part_population)
    assert ligne["cible"] == 50


def test_a_figure_of_fewer_collectivities_than_the_threshold_is_not_shown(client, demo, settings):
    settings.SEUIL_DIFFUSION = 5
    _seed_exemple()
    annee, agregats = figures.agregats_nationaux(2025, {"type": "commune"})
    ligne = agregats.set_index("code").loc["A2E3-01"]
    assert ligne["valeur"] is None and ligne["n"] == 3
    for langue, texte in (
        ("", "Données insuffisantes (n = 3)"),
        ("/en", "Insufficient data (n = 3)"),
    ):
        html = client.get(f"{langue}/tableau-de-bord/?annee=2025&type=commune").content.decode()
        cellules_ligne = re.search(r'<tr data-code="A2E3-01">(.*?)</tr>', html, re.S).group(1)
        assert texte in cellules_ligne and "40,18" not in cellules_ligne
        assert "nan" not in cellules_ligne.lower()


def test_dashboard_shows_the_worked_example_and_no_draft(client, demo):
    _seed_exemple()
    html = client.get("/tableau-de-bord/?annee=2025&type=commune").content.decode()
    ligne = re.search(r'<tr data-code="A2E3-01">(.*?)</tr>', html, re.S).group(1)
    assert "40,18" in ligne
    n_communes = Collectivite.objects.actives().filter(type="commune").count()
    assert f"3 sur {n_communes}" in ligne


def test_level_distribution_keeps_not_concerned_and_not_filled_apart(demo):
    from commitments.models import Evaluation

    publiees = Evaluation.objects.publiees().filter(engagement__code="A1E1")
    frame = figures.repartition_niveaux("A1E1")
    if not publiees.exists():
        assert frame.empty
        return
    assert list(frame["niveau"][:5]) == ["0", "1", "2", "3", "4"]
    assert len(frame) == 8  # 0–4, non concerné, non renseigné, non publié
    annee = publiees.order_by("-campagne__annee").values_list("campagne__annee", flat=True)[0]
    n = publiees.filter(campagne__annee=annee).count()
    assert frame["effectif"][:7].sum() == n
    # The signatories who published nothing are counted as such, never as a 0 anywhere.
    assert list(frame["niveau"])[-1] == "Non publié"
    assert frame["effectif"].iloc[-1] == figures.signataires() - n
    assert figures.publiees_sur(frame) == (n, figures.signataires())


def test_a_publication_shows_right_after(demo, django_capture_on_commit_callbacks):
    from publication.chart_builders import graphique_serie

    _seed_exemple()
    avant = graphique_serie("A2E3-01", annees="2025").data  # now in the cache
    assert list(avant["valeur"]) == [pytest.approx(4500 / 112)]
    brouillon = Valeur.objects.get(indicateur__code="A2E3-01", annee=2025, etat="brouillon")
    brouillon.etat = PUBLIE
    with django_capture_on_commit_callbacks(execute=True):
        brouillon.save()
    apres = graphique_serie("A2E3-01", annees="2025").data
    assert list(apres["valeur"]) == [pytest.approx(104500 / 1112)]


def test_each_distribution_of_the_filtered_dashboard_downloads_its_table(client, demo):
    html = client.get("/tableau-de-bord/?type=commune").content.decode()
    blocs = re.findall(r'aria-labelledby="rep-(A\dE\d)">(.*?)</section>', html, re.S)
    assert len(blocs) == 9
    for code, bloc in blocs:
        lien = re.search(r'href="(/donnees/graphiques/repartition\.csv\?[^"]+)"', bloc)
        if lien is None:  # too few or none published: the page says so, and its CSV too
            if "Pas encore de données publiées." in bloc:
                continue
            assert "Données insuffisantes (n = " in bloc
            url = f"/donnees/graphiques/repartition.csv?engagement={code}&type=commune"
            lignes = lire_csv(client.get(url).content.decode())
            assert lignes[1][0].startswith("données insuffisantes (n = ")
            continue
        reponse = client.get(lien.group(1).replace("&amp;", "&"))
        assert reponse.status_code == 200
        lignes = lire_csv(reponse.content.decode())
        # The page's year: the latest one with enough communes' figures.
        annee = int(re.search(r"annee=(\d+)", lien.group(1)).group(1))
        attendu = figures.repartition_niveaux(code, annee, {"type": "commune"})
        n, _total = figures.publiees_sur(attendu)
        if not secret_statistique.diffusable(n):
            assert lignes[1:] == [[secret_statistique.texte_insuffisant(n), ""]]
            assert secret_statistique.texte_insuffisant(n).capitalize() in bloc
            continue
        assert [int(n) for _niveau, n in lignes[1:]] == list(attendu["effectif"])
        if not attendu.empty:
            table = cellules(tables_html(bloc)[0])
            assert [[c[0], nombre_fr(c[1])] for c in table[1:]] == [
                [niveau, float(n)] for niveau, n in lignes[1:]
            ]


def test_an_unknown_distribution_csv_is_not_found(client, demo):
    assert client.get("/donnees/graphiques/repartition.csv?engagement=x").status_code == 404


def test_a_refused_filter_shows_its_error_and_leaves_the_cached_form_to_others(client, demo):
    html = client.get("/tableau-de-bord/?region=11&departement=01").content.decode()
    assert html.count('<form class="filters"') == 1
    assert "pas dans la région choisie" in html
    for _fois in range(2):  # computed, then from the cache
        html = client.get("/tableau-de-bord/").content.decode()
        assert html.count('<form class="filters"') == 1
        assert "pas dans la région choisie" not in html
