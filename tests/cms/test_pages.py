import re
from datetime import date
from unittest import mock

import pandas as pd
import pytest

from acces.signals import publication_modifiee
from cms.models import CollectivitesPage, EngagementPage, RapportPage
from commitments.models import Evaluation, Signature
from commitments.workflow import EtatPublication
from indicators.models import Valeur
from manifeste.models import Collectivite, Engagement
from publication import figures, publiees
from tests.dashboards_helpers import cellules, tables_html

PLOTLY = "vendor/plotly/plotly-basic"


def serie_demo(indicateur_code, groupe="national", annees=None, filtres=None):
    return pd.DataFrame(
        {
            "annee": [2023, 2024, 2023, 2024],
            "groupe": ["Communes", "Communes", "EPCI", "EPCI"],
            "valeur": [40.0, 55.0, 30.0, 35.0],
        }
    )


def territoires_demo(code, annee, niveau="departement", filtres=None):
    # Enough collectivities per region to be shown (settings.SEUIL_DIFFUSION).
    return pd.DataFrame({"code": ["84", "11"], "valeur": [2.5, 1.5], "n": [7, 5]})


@pytest.fixture
def avec_donnees():
    with (
        mock.patch.object(figures, "serie", side_effect=serie_demo),
        mock.patch.object(figures, "valeurs_territoires", side_effect=territoires_demo),
        mock.patch.object(figures, "niveaux_territoires", side_effect=territoires_demo),
    ):
        yield


# --- engagement pages --------------------------------------------------------------------------
def test_engagement_index_links_the_9_pages_which_all_render(client, demo):
    index = client.get("/engagements/")
    assert index.status_code == 200
    html = index.content.decode()
    pages = EngagementPage.objects.live()
    assert pages.count() == 9
    for page in pages:
        assert f'href="{page.url}"' in html
        response = client.get(page.url)
        assert response.status_code == 200
        contenu = response.content.decode()
        assert page.engagement.code in contenu
        assert "Les niveaux de maturité" in contenu
        # The demo publishes assessments: the distribution chart is drawn.
        assert PLOTLY in contenu


def test_engagement_page_shows_its_level_descriptors(client, demo):
    engagement = Engagement.objects.get(code="A2E1")
    html = client.get(engagement.page.url).content.decode()
    tables = tables_html(html)
    niveaux = next(t for t in tables if "Ce que signifie chaque niveau" in t["caption"])
    lignes = cellules(niveaux)[1:]
    assert [ligne[0][0] for ligne in lignes] == [
        str(d.niveau) for d in engagement.descripteurs.all()
    ]
    assert len(lignes) >= 4


def test_home_links_each_engagement_to_its_page(client, demo):
    html = client.get("/").content.decode()
    for page in EngagementPage.objects.live():
        assert f'href="{page.url}"' in html


def test_seed_is_idempotent_for_pages(demo):
    from cms.demo import seed

    seed(lambda _m: None)
    assert EngagementPage.objects.count() == 9
    assert CollectivitesPage.objects.count() == 1


def test_engagement_page_query_count_is_bounded(client, demo, django_assert_max_num_queries):
    url = Engagement.objects.get(code="A1E1").page.url
    client.get(url)  # warm Wagtail's site root cache
    # 12 for the page, 1 for the published level distribution, 1 for the engagement's indicators
    # and 1 for each one's label and target (A1E1 has 5; their figures are cached), 2 for the
    # examples (assessments, profile page), 2 each for resources and lexicon terms.
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200


# --- report page and blocks --------------------------------------------------------------------
def test_report_blocks_without_data_say_so_and_load_no_javascript(client, demo):
    # Unpublished figures never show: withdraw every publication of the demo.
    Valeur.objects.update(etat=EtatPublication.BROUILLON)
    Evaluation.objects.update(etat_publication=EtatPublication.BROUILLON)
    publication_modifiee.send(sender=Valeur)  # as bulk writes do
    html = client.get("/rapport-annuel/").content.decode()
    assert "engagements dans le manifeste" in html and ">9<" in html  # key figure
    assert html.count("Pas encore de données publiées.") >= 2  # chart and map
    assert PLOTLY not in html and "js/charts.js" not in html


def test_report_blocks_with_data_render_chart_map_and_scripts(client, demo, avec_donnees):
    html = client.get("/rapport-annuel/").content.decode()
    assert "Pas encore de données publiées." not in html
    assert " : de 2023 à 2024, Communes passe de 40\xa0% à 55\xa0% (2 séries au total)." in html
    assert 'type="application/json" data-chart-for="chart-' in html
    tables = tables_html(html)
    graphique = next(t for t in tables if t["caption"].startswith("Données du graphique"))
    assert cellules(graphique) == [
        ["Année", "Communes", "EPCI"],
        ["2023", "40", "30"],
        ["2024", "55", "35"],
    ]
    carte = next(t for t in tables if t["caption"].startswith("Niveau moyen A1E1 (2025)"))
    assert cellules(carte)[next(i for i, r in enumerate(cellules(carte)) if r[0] == "84")][:3] == [
        "84",
        "Auvergne-Rhône-Alpes",
        "2,5",
    ]
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert [s.rsplit("/", 1)[-1] for s in scripts] == [
        "plotly-basic.min.js",
        "plotly-locale-fr.js",
        "charts.js",
    ]
    assert "<script>" not in html  # no inline script (CSP)


def test_map_csv_is_the_map_table(client, demo, avec_donnees):
    html = client.get("/rapport-annuel/").content.decode()
    url = re.search(r'href="(/donnees/graphiques/carte\.csv\?[^"]+)"', html).group(1)
    response = client.get(url.replace("&amp;", "&"))
    assert response.status_code == 200
    lignes = response.content.decode().splitlines()
    assert lignes[0] == "Code,Région,Valeur,Effectif (n)" and len(lignes) == 19
    assert "84,Auvergne-Rhône-Alpes,2.5,7" in lignes


def test_chart_block_refuses_bad_years(demo):
    from wagtail.blocks.struct_block import StructBlockValidationError

    from cms.blocks import GraphiqueBlock

    block = GraphiqueBlock()
    valeur = block.to_python(
        {
            "indicateur": "A1E1-01",
            "titre": "",
            "groupe": "national",
            "annees": "2024-x",
            "type": "bar",
        }
    )
    with pytest.raises(StructBlockValidationError):
        block.clean(valeur)


def test_report_page_is_editable_in_the_admin(client, demo, admin_user):
    client.force_login(admin_user)
    page = RapportPage.objects.get()
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200


# --- national dashboard --------------------------------------------------------------------------
def _signer(*codes):
    """Exactly these communes are signatories (whatever the demo signed)."""
    Signature.objects.all().delete()
    for code in codes:
        Signature.objects.create(
            collectivite=Collectivite.objects.get(code_insee=code, type="commune"),
            date_signature=date(2022, 3, 1),
        )


def _signataires(html):
    return re.search(r'id="nb-signataires">([^<]+)<', html).group(1)


def test_dashboard_filters_change_the_figures(client, demo, django_assert_max_num_queries):
    _signer("75056", "69123", "97411")
    assert _signataires(client.get("/tableau-de-bord/").content.decode()) == "3"
    assert _signataires(client.get("/tableau-de-bord/?region=84").content.decode()) == "1"
    assert _signataires(client.get("/tableau-de-bord/?departement=974").content.decode()) == "1"
    assert _signataires(client.get("/tableau-de-bord/?taille=5").content.decode()) == "3"
    assert _signataires(client.get("/tableau-de-bord/?type=epci").content.decode()) == "0"
    # page, signatories, reporting collectivities, 1 query for the 9 distributions, 3 for
    # every indicator aggregate.
    with django_assert_max_num_queries(15):
        html = client.get("/tableau-de-bord/?region=84&annee=2025").content.decode()
    assert 'id="nb-declarantes"' in html


def test_dashboard_refuses_a_departement_outside_the_region(client, demo):
    _signer("75056", "69123")
    html = client.get("/tableau-de-bord/?region=11&departement=69").content.decode()
    assert "Ce département n&#x27;est pas dans la région choisie." in html
    # The refused combination filters nothing: the figures stay the national ones.
    assert _signataires(html) == "2"


# --- collectivities: profile, identifiers, search, comparison -------------------------------------
def test_profile_by_slug_insee_and_siren(client, demo):
    lyon = Collectivite.objects.get(code_insee="69123", type="commune")
    # The demo may sign it: this is the profile of a non-signatory without data.
    for modele in (Signature, Evaluation, Valeur):
        modele.objects.filter(collectivite=lyon).delete()
    profil = f"/collectivites/{lyon.slug}/"
    response = client.get(profil)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Lyon</h1>" in html and "Métropole de Lyon" in html and "Rhône" in html
    assert "Auvergne-Rhône-Alpes" in html and "522\u202f250" in html
    assert "Non signataire" in html and 'id="pas-de-donnees"' in html
    assert client.get("/collectivites/insee/69123/").url == profil
    assert client.get(f"/collectivites/siren/{lyon.siren}/").url == profil
    assert client.get("/collectivites/siren/123/").status_code == 404
    assert client.get("/collectivites/siren/999999999/").status_code == 404
    assert client.get("/collectivites/insee/99999/").status_code == 404
    assert client.get("/collectivites/nulle-part-00000/").status_code == 404


def test_shared_insee_code_asks_or_follows_the_type(client, demo):
    Collectivite.objects.create(type="region", nom="Nouvelle-Aquitaine", code_insee="75")
    response = client.get("/collectivites/insee/75/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nouvelle-Aquitaine" in html and "Paris" in html
    departement = Collectivite.objects.get(type="departement", code_insee="75")
    assert client.get("/collectivites/insee/75/?type=departement").url == (
        f"/collectivites/{departement.slug}/"
    )


def test_profile_of_a_signatory_epci_counts_its_communes(client, demo):
    metropole = Collectivite.objects.get(siren="200046977")
    Signature.objects.update_or_create(
        collectivite=metropole, defaults={"date_signature": date(2021, 11, 8)}
    )
    html = client.get(f"/collectivites/{metropole.slug}/").content.decode()
    assert re.search(r'id="nb-communes">2<', html)
    assert "Signataire depuis le 8 novembre 2021" in html
    sans_donnees = "Cette collectivité n'a pas encore publié de données." in html
    assert sans_donnees != any(qs.exists() for qs in publiees.publications(metropole))


def test_profile_query_count_is_bounded(client, demo, django_assert_max_num_queries):
    metropole = Collectivite.objects.get(siren="200046977")
    client.get(f"/collectivites/{metropole.slug}/")
    with django_assert_max_num_queries(15):
        assert client.get(f"/collectivites/{metropole.slug}/").status_code == 200


def test_search_by_name_and_by_code(client, demo):
    html = client.get("/collectivites/?q=lyon").content.decode()
    assert "Lyon" in html and "Métropole de Lyon" in html
    assert html.index(">Métropole de Lyon<") < html.index(">Lyon<")  # most populated first
    html = client.get("/collectivites/?q=01004").content.decode()
    assert "Ambérieu-en-Bugey" in html
    assert "Aucune collectivité" in client.get("/collectivites/?q=zzzz").content.decode()


def _slugs(n):
    return list(Collectivite.objects.order_by("code_insee").values_list("slug", flat=True)[:n])


@pytest.mark.parametrize("n", [2, 6])
def test_comparison_of_2_to_6(client, demo, n, django_assert_max_num_queries):
    slugs = _slugs(n)
    url = "/collectivites/comparer/?" + "&".join(f"c={s}" for s in slugs)
    client.get(url)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    tables = {t["caption"].split()[0]: t for t in tables_html(response.content.decode())}
    assert len(cellules(tables["Comparaison"])[0]) == n + 1
    assert len(cellules(tables["Comparaison"])) == 1 + 5  # header, identity rows
    # One year for the whole table, named in its caption: header and 9 engagements.
    assert re.search(r"\ben 20\d\d$", tables["Niveau"]["caption"])
    assert len(cellules(tables["Niveau"])) == 1 + 9


@pytest.mark.parametrize("n", [1, 7])
def test_comparison_refuses_1_or_7(client, demo, n):
    response = client.get("/collectivites/comparer/?" + "&".join(f"c={s}" for s in _slugs(n)))
    assert response.status_code == 400
    assert "Choisissez de 2 à 6 collectivités à comparer." in response.content.decode()


def test_comparison_adds_by_name_into_a_shareable_url(client, demo):
    paris = Collectivite.objects.get(code_insee="75056", type="commune")
    response = client.get(f"/collectivites/comparer/?c={paris.slug}&ajouter=Villeurbanne")
    villeurbanne = Collectivite.objects.get(code_insee="69266")
    assert response.url == f"/collectivites/comparer/?c={paris.slug}&c={villeurbanne.slug}"
    assert client.get(response.url).status_code == 200
    assert client.get("/collectivites/comparer/?c=inconnue-1&c=inconnue-2").status_code == 404
