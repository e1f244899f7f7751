"""Engagement pages: indicators, examples of collectivities, resources and lexicon terms."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from acces.signals import publication_modifiee
from cms.demo_dashboards import seed as seed_pages
from cms.models import CollectivitesPage
from commitments.models import Campagne, Evaluation
from commitments.workflow import EtatPublication
from ecosysteme.models import RessourcePage, Terme, TypeRessource
from indicators.models import Indicateur, Valeur
from manifeste.maturite import Etat
from publication.cache import invalider_tableaux
from tests.dashboards_helpers import cellules, lire_csv, tables_html
from tests.ecosysteme.helpers import coll, engagement

PLOTLY = "vendor/plotly/plotly-basic"
PUBLIE = EtatPublication.PUBLIE


@pytest.fixture(autouse=True)
def seuil_2(settings):
    """The examples are hand-sized: a figure of 2 collectivities may be shown (default: 5)."""
    settings.SEUIL_DIFFUSION = 2


@pytest.fixture
def pages(db, referentiel, territoires, catalogue):
    """The public pages of the demo (engagement pages, collectivities…) but no data at all."""
    seed_pages(lambda _m: None)


def page_html(client, code):
    response = client.get(engagement(code).page.url)
    assert response.status_code == 200
    return response.content.decode()


def section(html, ancre):
    """The HTML of the <section> (or <article>) labelled by the heading of this id, nested
    sections included."""
    debut = html.rindex("<", 0, html.index(f'aria-labelledby="{ancre}"'))
    balise = re.match(r"<(\w+)", html[debut:]).group(1)
    profondeur = 0
    for m in re.finditer(rf"<(/?){balise}[\s>]", html[debut:]):
        profondeur += -1 if m.group(1) else 1
        if profondeur == 0:
            return html[debut : debut + m.end()]
    raise AssertionError(f"<{balise}> {ancre} never closed")


def evaluer(
    collectivite, code, annee, niveau=None, *, etat=Etat.EVALUE, publication=PUBLIE, narratif=""
):
    return Evaluation.objects.create(
        collectivite=collectivite,
        engagement=engagement(code),
        campagne=Campagne.objects.get(annee=annee),
        etat=etat,
        niveau=niveau,
        narratif=narratif,
        justification="Compétence transférée." if etat == Etat.NON_CONCERNE else "",
        etat_publication=publication,
    )


def valeur(collectivite, code, annee, etat=PUBLIE, **champs):
    return Valeur.objects.create(
        collectivite=collectivite,
        indicateur=Indicateur.objects.get(code=code),
        annee=annee,
        etat=etat,
        **{k: Decimal(v) for k, v in champs.items()},
    )


# --- with no data: every section says so --------------------------------------------------------
def test_each_section_says_plainly_when_nothing_is_published(client, pages):
    html = page_html(client, "A2E3")
    assert "Pas encore de valeurs publiées pour les indicateurs de cet engagement." in html
    indicateurs = section(html, "indicateurs")
    # One heading per indicator of the engagement, each chart saying it has no data.
    codes = list(
        Indicateur.objects.partages()
        .filter(engagement=engagement("A2E3"))
        .values_list("code", flat=True)
    )
    assert codes and re.findall(r'<h3 id="ind-([^"]+)"', indicateurs) == codes
    assert indicateurs.count("Pas encore de données publiées.") == len(codes)
    assert "Pas encore de retour d'expérience publié pour cet engagement." in html
    assert "Pas encore de ressource de la boîte à outils pour cet engagement." in html
    assert "Aucun terme du lexique n'est encore rattaché à cet engagement." in html
    assert PLOTLY not in html
    assert not any(t["caption"].startswith("Agrégat national") for t in tables_html(html))


# --- indicators: latest aggregate with coverage and target, trend chart ---------------------------
@pytest.fixture
def reemploi(pages):
    """A2E3-01 (ratio of sums, legal target 50 % in 2025) for Paris and Lyon; a draft elsewhere."""
    paris, lyon = coll("commune", "75056"), coll("commune", "69123")
    valeur(paris, "A2E3-01", 2024, numerateur=10, denominateur=40)
    valeur(paris, "A2E3-01", 2025, numerateur=30, denominateur=40)
    valeur(lyon, "A2E3-01", 2025, numerateur=10, denominateur=60)
    valeur(
        coll("commune", "69266"),
        "A2E3-01",
        2025,
        etat=EtatPublication.VALIDE,
        numerateur=100,
        denominateur=100,
    )


def test_indicator_table_gives_the_hand_computed_aggregate(client, reemploi):
    html = page_html(client, "A2E3")
    (table,) = [t for t in tables_html(html) if t["caption"].startswith("Agrégat national 2025")]
    assert all(c["scope"] == "col" for c in table["rows"][0])
    lignes = {ligne[0]: ligne for ligne in cellules(table)[1:]}
    assert set(lignes) == {"A2E3-01 Réemploi des matériels informatiques réformés"}
    # Σ numerators ÷ Σ denominators = 40 ÷ 100 (not the mean of 75 % and 16.7 %); the
    # unpublished Villeurbanne value counts neither in the value nor in the coverage;
    # 17 active collectivities, Paris and Lyon hold 2 626 028 of their 38 423 660 inhabitants.
    assert lignes["A2E3-01 Réemploi des matériels informatiques réformés"][1:] == [
        "40 % (unités)",
        "2 sur 17",
        "7 %",
        "50 % (unités)",
    ]


def test_indicator_trend_chart_has_summary_table_and_csv(client, reemploi):
    html = page_html(client, "A2E3")
    assert PLOTLY in html
    bloc = section(html, "ind-A2E3-01")
    assert (
        "Réemploi des matériels informatiques réformés : de 2025 à 2025, la valeur passe de "
        "40\xa0% (unités) à 40\xa0% (unités), la cible de 50\xa0% (unités) étant atteinte par 0 sur 1."
    ) in bloc
    (table,) = tables_html(bloc)
    # Each year's figure with whom it covers: Paris alone in 2024, below the threshold of 2.
    entetes = [
        "Année",
        "Valeur (% (unités))",
        "Collectivités ayant publié (n)",
        "Collectivités du groupe (N)",
        "Part de la population (%)",
    ]
    assert [ligne[:4] for ligne in cellules(table)] == [
        entetes[:4],
        ["2024", "données insuffisantes (n = 1)", "1", "17"],
        ["2025", "40", "2", "17"],
    ]
    url = re.search(r'href="(/donnees/graphiques/serie\.csv\?[^"]+)"', bloc).group(1)
    csv = lire_csv(client.get(url.replace("&amp;", "&")).content.decode())
    assert [ligne[:4] for ligne in csv] == [
        entetes[:4],
        ["2024", "données insuffisantes (n = 1)", "1", "17"],
        ["2025", "40", "2", "17"],
    ]
    # The other indicators of the engagement have no published value: they say so.
    assert "Pas encore de données publiées." in section(html, "ind-A2E3-02")


def test_a_territorial_indicator_trend_has_one_series_per_level(client, pages, settings):
    settings.SEUIL_DIFFUSION = 1
    # A1E1-04 (terr, Σ venues ÷ Σ population × 10 000) is never summed across levels.
    valeur(coll("commune", "75056"), "A1E1-04", 2025, numerateur=210, denominateur=2100000)
    valeur(coll("departement", "69"), "A1E1-04", 2025, numerateur=95, denominateur=1900000)
    bloc = section(page_html(client, "A1E1"), "ind-A1E1-04")
    (table,) = tables_html(bloc)
    assert [ligne[:3] for ligne in cellules(table)] == [
        ["Année", "Groupe", "Valeur (lieux / 10 000 hab.)"],
        ["2025", "commune", "1"],
        ["2025", "departement", "0,5"],
    ]


# --- examples: the most advanced published narratives -------------------------------------------
@pytest.fixture
def narratifs(pages):
    c = {
        code: coll(type_, code)
        for type_, code in [
            ("commune", "75056"),
            ("commune", "69123"),
            ("commune", "69266"),
            ("commune", "01004"),
            ("commune", "97411"),
            ("commune", "01001"),
            ("departement", "69"),
            ("region", "84"),
        ]
    }
    evaluer(
        c["75056"], "A1E1", 2025, 3, narratif="<p>Paris a ouvert <strong>12</strong> lieux.</p>"
    )
    evaluer(c["69123"], "A1E1", 2025, 2, narratif="<p>Lyon forme ses agents.</p>")
    evaluer(c["69266"], "A1E1", 2025, 4, narratif="<p>Villeurbanne publie tout.</p>")
    evaluer(c["01004"], "A1E1", 2025, 1, narratif="<p>Ambérieu commence.</p>")
    evaluer(c["97411"], "A1E1", 2025, 0, narratif="<p>Saint-Denis démarre.</p>")
    evaluer(c["01001"], "A1E1", 2025, 4)  # level 4 without narrative: nothing to show
    evaluer(c["84"], "A1E1", 2025, etat=Etat.NON_CONCERNE, narratif="<p>Région hors sujet.</p>")
    # Level 4 but not published: never shown, whatever their level.
    evaluer(
        c["69"],
        "A1E1",
        2025,
        4,
        publication=EtatPublication.VALIDE,
        narratif="<p>Secret validé.</p>",
    )
    evaluer(c["69123"], "A1E1", 2024, 4, narratif="<p>Lyon l'an passé.</p>")  # older campaign
    brouillon = evaluer(
        c["69266"],
        "A1E1",
        2024,
        4,
        publication=EtatPublication.BROUILLON,
        narratif="<p>Secret brouillon.</p>",
    )
    return c, brouillon


def test_examples_are_the_most_advanced_published_narratives(client, narratifs):
    html = section(page_html(client, "A1E1"), "exemples")
    noms = re.findall(r'<h3 id="ex-\d+"><a href="([^"]+)">([^<]+)</a></h3>', html)
    # Latest campaign (2025), highest level first, at most 4, only narratives to show.
    assert [nom for _url, nom in noms] == ["Villeurbanne", "Paris", "Lyon", "Ambérieu-en-Bugey"]
    profils = CollectivitesPage.objects.get()
    assert noms[1][0] == profils.url_profil(coll("commune", "75056"))
    assert "Niveau 4 en 2025" in html
    # The narrative as plain text: no markup from the editor.
    assert "<blockquote><p>Paris a ouvert 12 lieux.</p></blockquote>" in html
    for absent in ("Secret", "Saint-Denis", "Région hors sujet", "l&#x27;an passé", "Abergement"):
        assert absent not in html


def test_an_unpublished_level_4_never_shows(client, narratifs):
    c, _brouillon = narratifs
    Evaluation.objects.filter(etat_publication=PUBLIE).update(
        etat_publication=EtatPublication.VALIDE
    )
    publication_modifiee.send(sender=Evaluation)  # as bulk writes do
    html = page_html(client, "A1E1")
    assert "Secret" not in html and "Villeurbanne" not in html
    assert "Pas encore de retour d'expérience publié pour cet engagement." in html


def test_long_narratives_are_cut_to_an_excerpt(client, pages):
    evaluer(coll("commune", "75056"), "A1E1", 2025, 2, narratif="<p>" + "mot " * 200 + "</p>")
    html = section(page_html(client, "A1E1"), "exemples")
    extrait = re.search(r"<blockquote><p>([^<]*)</p></blockquote>", html).group(1)
    assert extrait.endswith("…") and len(extrait.split()) == 45


# --- resources and lexicon ------------------------------------------------------------------------
def test_resources_and_terms_of_the_engagement_are_listed(client, pages, boite, lexique):
    for titre, codes, live in [
        ("Guide réemploi", ["A2E3"], True),
        ("Autre", ["A1E1"], True),
        ("Caché", ["A2E3"], False),
    ]:
        page = RessourcePage(title=titre, type_ressource=TypeRessource.GUIDE, live=live)
        page.engagements = [engagement(c) for c in codes]
        boite.add_child(instance=page)
    for titre, codes in [("Réemploi", ["A2E3"]), ("RGAA", ["A1E1"])]:
        terme = Terme(title=titre, definition="<p>…</p>")
        terme.engagements = [engagement(c) for c in codes]
        lexique.add_child(instance=terme)
    html = page_html(client, "A2E3")
    ressources = section(html, "ressources-A2E3")
    assert (
        "Guide réemploi" in ressources and "Autre" not in ressources and "Caché" not in ressources
    )
    termes = section(html, "lexique")
    assert re.findall(r"<li><a [^>]*>([^<]+)</a></li>", termes) == ["Réemploi"]


# --- demo data and query count -------------------------------------------------------------------
def test_demo_engagement_page_shows_every_section(client, demo, django_assert_max_num_queries):
    code = "A1E1"
    html = page_html(client, code)
    for ancre in (
        "niveaux",
        "repartition",
        "indicateurs",
        "exemples",
        f"ressources-{code}",
        "lexique",
    ):
        assert f'id="{ancre}"' in html
    # Headings in order: one h1, then h2 sections, h3 only inside them.
    niveaux = [int(n) for n in re.findall(r"<h([1-6])[ >]", html)]
    assert niveaux[0] == 1 and all(b - a <= 1 for a, b in zip(niveaux, niveaux[1:], strict=False))
    exemples = section(html, "exemples")
    assert 1 <= exemples.count('<h3 id="ex-') <= 4
    # Demo narratives name their collectivity and year: no unpublished one may appear.
    for evaluation in Evaluation.objects.filter(engagement__code=code).exclude(
        etat_publication=PUBLIE
    ):
        assert f"{evaluation.collectivite.nom} a engagé en {evaluation.campagne.annee}" not in html
    assert PLOTLY in html and "data-chart-for=" in section(html, "indicateurs")
    assert re.search(
        r"<li><a [^>]*>[^<]+</a> <span class=\"meta\">", section(html, f"ressources-{code}")
    )


def test_query_count_does_not_grow_with_examples(client, pages):
    url = engagement("A1E1").page.url

    def requetes():
        invalider_tableaux()
        client.get(url)  # warm Wagtail's caches and the dashboards' figures
        with CaptureQueriesContext(connection) as contexte:
            assert client.get(url).status_code == 200
        return len(contexte)

    evaluer(coll("commune", "75056"), "A1E1", 2025, 3, narratif="<p>Paris.</p>")
    avant = requetes()
    for code in ("69123", "69266", "01004", "97411"):
        evaluer(coll("commune", code), "A1E1", 2025, 2, narratif="<p>Aussi.</p>")
    assert requetes() == avant


# --- blocks: codes chosen in the catalogue -----------------------------------------------------
def graphique(code):
    from cms.blocks import GraphiqueBlock

    block = GraphiqueBlock()
    valeur = {"indicateur": code, "titre": "", "groupe": "national", "annees": "", "type": "line"}
    return block, block.to_python(valeur)


def erreurs(block, valeur):
    from wagtail.blocks.struct_block import StructBlockValidationError

    with pytest.raises(StructBlockValidationError) as exc:
        block.clean(valeur)
    return {champ: e.messages for champ, e in exc.value.block_errors.items()}


def test_chart_block_refuses_an_unknown_code_and_takes_new_ones_without_migration(pages):
    from cms.blocks.figures import choix_indicateurs

    block, valeur = graphique("A1E1-99")
    # Migrations keep the function, not today's list.
    assert block.child_blocks["indicateur"].deconstruct()[2]["choices"] is choix_indicateurs
    assert erreurs(block, valeur) == {
        "indicateur": ["« A1E1-99 » n'est pas un indicateur du catalogue partagé."]
    }
    modele = Indicateur.objects.get(code="A1E1-01")
    modele.pk, modele.code = None, "A1E1-99"
    modele.save()
    assert block.clean(valeur)["indicateur"] == "A1E1-99"
    # A collectivity's own indicator is not in the shared catalogue.
    Indicateur.objects.filter(code="A1E1-99").update(collectivite=coll("commune", "75056"))
    assert "indicateur" in erreurs(block, valeur)


def test_map_block_takes_an_engagement_or_a_mappable_indicator(pages):
    from cms.blocks import CarteBlock

    block = CarteBlock()

    def valeur(code):
        return block.to_python({"indicateur": code, "titre": "", "annee": 2025, "niveau": "region"})

    assert block.clean(valeur("A1E1"))["indicateur"] == "A1E1"
    assert block.clean(valeur("A1E1-01"))["indicateur"] == "A1E1-01"
    message = "n'est ni un engagement ni un indicateur cartographiable du catalogue."
    # A9E9 does not exist; A1E1-04 is a terr indicator, aggregated per type, never per territory.
    for code in ("A9E9", "A1E1-04"):
        assert erreurs(block, valeur(code)) == {"indicateur": [f"« {code} » {message}"]}


def test_key_figure_block_shows_an_indicator_aggregate_or_a_typed_figure(reemploi, settings):
    from cms.blocks import ChiffreCleBlock

    block = ChiffreCleBlock()
    vide = {"indicateur": "", "libelle": "", "valeur": None, "unite": "", "source": ""}
    assert set(erreurs(block, block.to_python(vide))) == {"libelle", "valeur"}
    manuel = block.clean(block.to_python({**vide, "libelle": "engagements", "valeur": "9"}))
    assert ">9<" in block.render(manuel)
    html = block.render(block.clean(block.to_python({**vide, "indicateur": "A2E3-01"})))
    assert '<p class="key-figure-value">40' in html and "% (unités)" in html
    assert "Réemploi des matériels informatiques réformés en 2025" in html
    assert (
        "Agrégat national 2025 des valeurs publiées : 2 sur 17 collectivités, 7 % de la population."
        in html
    )
    # Below the threshold, the figure of that year is withheld and says why, never a value.
    settings.SEUIL_DIFFUSION = 3
    invalider_tableaux()
    html = block.render(block.clean(block.to_python({**vide, "indicateur": "A2E3-01"})))
    assert "Données insuffisantes (n = 2)" in html and ">40" not in html
    assert "Réemploi des matériels informatiques réformés en 2025" in html
    # The editor's year, or the page's: that year's figure, named.
    settings.SEUIL_DIFFUSION = 2
    choisi = block.to_python({**vide, "indicateur": "A2E3-01", "annee": 2019})
    assert "Pas de données publiées en 2019." in block.render(choisi)
    html = block.render(block.to_python({**vide, "indicateur": "A2E3-01"}), {"annee": 2019})
    assert "Pas encore de données publiées." in html
    Valeur.objects.update(etat=EtatPublication.BROUILLON)
    publication_modifiee.send(sender=Valeur)  # as bulk writes do
    html = block.render(block.to_python({**vide, "indicateur": "A2E3-01"}))
    assert "Pas encore de données publiées." in html and "key-figure-value" not in html


def test_demo_report_keeps_its_blocks_valid(pages):
    from cms.demo_dashboards import RAPPORT_CORPS
    from cms.models import RapportPage

    corps = RapportPage.objects.get().corps
    assert [b.block_type for b in corps] == [t for t, _v in RAPPORT_CORPS]
    corps.stream_block.clean(corps)  # every stored code is still in the catalogue
