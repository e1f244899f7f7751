"""The collectivity profile: published levels, indicators with trend and target, peers, actors;
and the peer comparison shared with the printed report."""

import pandas as pd
import pytest

from cms.models import CollectivitesPage, EngagementIndexPage, EngagementPage
from commitments.models import Campagne, Evaluation
from commitments.workflow import EtatPublication
from ecosysteme.models import Acteur, url_acteur
from indicators.aggregation import par_collectivite
from indicators.models import Indicateur, Valeur
from indicators.validation import CHAMPS_VALEUR
from manifeste.maturite import Etat
from manifeste.models import Collectivite
from publication import computation, peers, report, stored
from publication.computation import CLES
from tests.dashboards_helpers import cellules, tables_html
from tests.ecosysteme.helpers import ajouter_page, coll, engagement
from tests.indicators.test_aggregation import REEMPLOI, STRATEGIE

PUBLIE = EtatPublication.PUBLIE


# --- peers: pure functions on hand-made frames --------------------------------------------------
def comparer(valeurs, collectivite_id, indicateur, groupes):
    """What a profile shows for one indicator-year: its own figure against each group's stored
    figure, as the diffusion task computes it."""
    propre = par_collectivite(valeurs[valeurs["collectivite_id"] == collectivite_id], indicateur)
    chiffre = None if propre.empty else float(propre.iloc[0])
    membres = valeurs.drop_duplicates("collectivite_id").rename(
        columns={"classe_taille": "taille", "departement_id": "departement", "region_id": "region"}
    )
    g = computation.Groupes.de(membres.assign(epci="-")[["collectivite_id", *CLES, "population"]])
    t = computation.chiffres_indicateurs({indicateur.pk: valeurs}, g, [indicateur])
    lignes = {tuple(ligne[c] for c in CLES): ligne for ligne in t.to_dict("records")}
    return [
        peers.situer(
            chiffre, gp.libelle, peers.distribution(lignes.get(stored.cle(gp.criteres)), indicateur)
        )
        for gp in groupes
    ]


def _ligne(i, type_, classe, dep, reg, **valeur):
    """One row of charger_valeurs' frame."""
    return {
        "indicateur_id": 1,
        "annee": 2025,
        "collectivite_id": i,
        "type": type_,
        "population": 1000,
        "classe_taille": classe,
        "departement_id": dep,
        "region_id": reg,
        **dict.fromkeys(CHAMPS_VALEUR),
        **valeur,
    }


def valeurs(lignes):
    return pd.DataFrame(lignes)


@pytest.fixture(autouse=True)
def seuil_3(settings):
    """These examples are hand-sized: groups of 3 may be described (the default is 5)."""
    settings.SEUIL_DIFFUSION = 3


GROUPES = [
    peers.GroupePairs("taille", "taille", {"type": "commune", "taille": "2"}),
    peers.GroupePairs("departement", "dep", {"type": "commune", "departement": 10}),
    peers.GroupePairs("region", "reg", {"type": "commune", "region": 100}),
]
# Collectivity 1 (commune, size 2, département 10, région 100) reuses 1 of 10 items: 10 %.
TAUX = valeurs(
    [
        _ligne(1, "commune", "2", 10, 100, numerateur=1, denominateur=10),  # 10 %
        _ligne(2, "commune", "2", 10, 100, numerateur=30, denominateur=100),  # 30 %
        _ligne(3, "commune", "2", 20, 100, numerateur=5, denominateur=10),  # 50 %
        _ligne(4, "commune", "2", 20, 100, numerateur=200, denominateur=1000),  # 20 %
        _ligne(5, "commune", "3", 10, 100, numerateur=9, denominateur=10),  # 90 %
        _ligne(6, "epci", "2", 10, 100, numerateur=100, denominateur=100),  # another level
        _ligne(7, "commune", "2", 30, 200, numerateur=0, denominateur=5),  # 0 %
        _ligne(8, "commune", "2", 10, 100, numerateur=5, denominateur=None),  # incomplete
    ]
)


def test_peer_quartiles_are_those_of_each_collectivitys_rate():
    taille, dep, reg = comparer(TAUX, 1, REEMPLOI, GROUPES)
    # Same size: rates 0, 10, 20, 30, 50 → Q1 10, median 20, Q3 30. The ratio of sums
    # (236/1125 = 20.98 %) and the mean of rates (22 %) are other figures: never used here.
    assert (taille.n, taille.q1, taille.mediane, taille.q3) == (5, 10, 20, 30)
    assert taille.position == peers.Position.SOUS_MEDIANE  # at Q1 exactly: not below it
    # Département 10: 10, 30, 90 (the EPCI and the incomplete value left out).
    assert (dep.n, dep.q1, dep.mediane, dep.q3) == (3, 20, 30, 60)
    assert dep.position == peers.Position.SOUS_Q1
    assert (reg.n, reg.q1, reg.mediane, reg.q3) == (5, 20, 30, 50)
    assert reg.libelle_position == "sous le 1er quartile"


def test_peer_groups_below_the_default_threshold_give_no_quartiles(settings):
    settings.SEUIL_DIFFUSION = 5
    [region] = comparer(TAUX, 1, REEMPLOI, GROUPES[2:])
    assert region.n == 5 and region.mediane == 30
    [departement] = comparer(TAUX, 1, REEMPLOI, GROUPES[1:2])
    assert departement.n == 3 and departement.mediane is None
    assert departement.donnees_insuffisantes == "Données insuffisantes (n = 3)"


def test_too_few_peers_give_no_quartiles():
    seul = [peers.GroupePairs("departement", "dep", {"type": "commune", "departement": 30})]
    [comparaison] = comparer(TAUX, 7, REEMPLOI, seul)
    assert comparaison.n == 1 and comparaison.mediane is None and comparaison.position == ""


@pytest.mark.parametrize(
    "chiffre, attendu",
    [
        (5, peers.Position.SOUS_Q1),
        (20, peers.Position.SOUS_MEDIANE),
        (30, peers.Position.MEDIANE),
        (50, peers.Position.SUR_MEDIANE),
        (60, peers.Position.SUR_Q3),
    ],
)
def test_position_against_the_quartiles(chiffre, attendu):
    assert peers.position(chiffre, 20, 30, 50) == attendu


def test_yes_no_peers_give_the_share_of_yes():
    oui_non = valeurs(
        [_ligne(i, "commune", "2", 10, 100, booleen=b) for i, b in [(1, True), (2, True), (3, 0)]]
    )
    [comparaison] = comparer(oui_non, 1, STRATEGIE, GROUPES[:1])
    assert comparaison.part_oui == pytest.approx(200 / 3)
    assert comparaison.mediane is None and comparaison.position == ""


def test_peer_groups_that_apply():
    ain = Collectivite(pk=10, type="departement", code_insee="01", nom="Ain")
    aura = Collectivite(pk=100, type="region", code_insee="84", nom="Auvergne-Rhône-Alpes")
    commune = Collectivite(pk=1, type="commune", classe_taille="2", departement=ain, region=aura)
    assert [(g.cle, g.criteres) for g in peers.groupes_de_pairs(commune)] == [
        ("taille", {"type": "commune", "taille": "2"}),
        ("departement", {"type": "commune", "departement": "01"}),
        ("region", {"type": "commune", "region": "84"}),
    ]
    assert "Ain" in peers.groupes_de_pairs(commune)[1].libelle
    region = Collectivite(pk=100, type="region", classe_taille="5")
    assert [g.cle for g in peers.groupes_de_pairs(region)] == ["taille"]


# --- the profile page ------------------------------------------------------------------------
@pytest.fixture
def site(referentiel, territoires, catalogue):
    """The collectivities page and one engagement page (A1E1), over the test territories."""
    ajouter_page(CollectivitesPage, title="Collectivités", slug="collectivites")
    index = ajouter_page(EngagementIndexPage, title="Engagements", slug="engagements")
    index.add_child(
        instance=EngagementPage(title="Accès", slug="a1e1", engagement=engagement("A1E1"))
    )


def commune(code):
    return coll("commune", code)


# A2E3-01 (reuse, %, target 50 in 2025) for 2025: Lyon 5/10 = 50 %.
REEMPLOI_2025 = {
    "69123": (5, 10, PUBLIE),  # Lyon: 50 %
    "75056": (40, 100, PUBLIE),  # Paris: 40 %
    "69266": (0, 2, PUBLIE),  # Villeurbanne: 0 %
    "97411": (30, 40, PUBLIE),  # Saint-Denis: 75 %
    "01004": (9, 10, PUBLIE),  # Ambérieu-en-Bugey: 90 %
    "01001": (1, 1, EtatPublication.VALIDE),  # validated, not published: never counted
}


def publier_valeurs():
    reemploi = Indicateur.objects.get(code="A2E3-01")
    for code, (num, den, etat) in REEMPLOI_2025.items():
        Valeur.objects.create(
            collectivite=commune(code),
            indicateur=reemploi,
            annee=2025,
            numerateur=num,
            denominateur=den,
            etat=etat,
        )
    Valeur.objects.create(
        collectivite=commune("69123"),
        indicateur=reemploi,
        annee=2024,
        numerateur=1,
        denominateur=4,
        etat=PUBLIE,
    )
    # A draft of another indicator: neither its value nor its row appears.
    Valeur.objects.create(
        collectivite=commune("69123"),
        indicateur=Indicateur.objects.get(code="A1E2-01"),
        annee=2025,
        valeur=4242,
    )


def evaluer(code, etat, niveau, publication, annee=2025):
    Evaluation.objects.create(
        collectivite=commune("69123"),
        engagement=engagement(code),
        campagne=Campagne.objects.get(annee=annee),
        etat=etat,
        niveau=niveau,
        etat_publication=publication,
    )


@pytest.fixture
def lyon_publie(site):
    evaluer("A1E1", Etat.EVALUE, 3, PUBLIE)
    evaluer("A2E1", Etat.NON_CONCERNE, None, PUBLIE)
    evaluer("A1E2", Etat.EVALUE, 4, EtatPublication.BROUILLON)
    evaluer("A1E3", Etat.EVALUE, 4, EtatPublication.SOUMIS)
    evaluer("A2E2", Etat.EVALUE, 4, EtatPublication.VALIDE)
    publier_valeurs()
    return commune("69123")


def profil(client, collectivite):
    response = client.get(f"/collectivites/{collectivite.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def table(html, debut):
    return next(t for t in tables_html(html) if t["caption"].startswith(debut))


def niveaux(html):
    lignes = cellules(table(html, "Niveau de maturité publié"))
    return {ligne[0].split()[0]: ligne[1] for ligne in lignes[1:] if len(ligne) == 2}


def test_profile_shows_published_levels_only(client, lyon_publie):
    html = profil(client, lyon_publie)
    lus = niveaux(html)
    assert lus["A1E1"] == "Niveau 3 sur 4 : Déployé"
    assert lus["A2E1"] == "Non concerné"  # never a 0
    for code in ("A1E2", "A1E3", "A2E2", "A3E3"):  # draft, submitted, validated, nothing
        assert lus[code] == "non publié"
    assert "2025" in table(html, "Niveau de maturité publié")["caption"]
    assert 'id="pas-de-donnees"' not in html


def test_profile_groups_by_ambition_and_links_engagement_pages(client, lyon_publie):
    html = profil(client, lyon_publie)
    assert [r[0] for r in cellules(table(html, "Niveau")) if r[0][:1] == "A" and len(r) == 1] == [
        f"A{a} — {titre}" for a, titre in zip("123", _titres_ambitions(), strict=True)
    ]
    assert 'href="/engagements/a1e1/"' in html
    assert html.count('href="/engagements/a') == 1  # only A1E1 has a page


def _titres_ambitions():
    from manifeste.models import Ambition

    return [
        a.titre for a in Ambition.objects.filter(referentiel__est_courant=True).order_by("ordre")
    ]


def test_profile_shows_indicator_trend_and_target(client, lyon_publie):
    html = profil(client, lyon_publie)
    [ligne] = cellules(table(html, "Indicateurs publiés, 2025"))[1:]
    assert ligne[0].startswith("A2E3-01")
    assert ligne[1].startswith("50 ")
    assert ligne[2] == "2024 : 25 → 2025 : 50"
    assert ligne[3] == "50 : atteinte"
    assert "4242" not in html and "A1E2-01" not in html


def _pairs(html):
    """{peer group label without its detail: [n, Q1, median, Q3, position]}."""
    resultat = {}
    for ligne in cellules(table(html, "Comparaison avec les pairs"))[1:]:
        i = next(i for i, cellule in enumerate(ligne) if cellule.startswith("Même type"))
        resultat[ligne[i].split(" (")[0]] = ligne[i + 1 :]
    return resultat


def test_profile_compares_with_peers_by_hand(client, lyon_publie):
    groupes = _pairs(profil(client, lyon_publie))
    # Communes over 100 000: Lyon 50, Paris 40, Villeurbanne 0, Saint-Denis 75 (%).
    assert groupes["Même type et même taille"] == [
        "4 sur 4 collectivités, 100 % de la population",
        "30",
        "45",
        "56,25",
        "entre la médiane et le 3e quartile",
    ]
    # Rhône: Lyon and Villeurbanne only.
    assert groupes["Même type, même département"][:2] == [
        "2 sur 2 collectivités, 100 % de la population",
        "Données insuffisantes (n = 2)",
    ]
    # Auvergne-Rhône-Alpes: 50, 0, 90 (L'Abergement's validated value is not published).
    assert groupes["Même type, même région"][1:] == ["25", "50", "70", "à la médiane"]


def test_profile_lists_actors_serving_the_collectivity(client, lyon_publie, acteurs):
    html = profil(client, lyon_publie)
    assert "Aide Lyon" in html and "Recond Région" in html
    assert "Recond Caché" not in html  # unpublished
    assert "Recond Ain" not in html and "Libre Paris" not in html  # elsewhere
    assert f'href="{url_acteur(acteurs["lyon"])}"' in html
    assert "/annuaire/?territoire=lyon-69123" in html


def test_profile_of_a_year_without_values_links_the_latest_values(client, lyon_publie):
    Valeur.objects.filter(annee=2025).delete()  # Lyon's assessments: 2025, its values: 2024
    html = profil(client, lyon_publie)
    assert "Aucune valeur d'indicateur publiée pour 2025." in html
    assert '<a href="?annee=2024">Voir les dernières valeurs publiées (2024)</a>' in html
    suivi = client.get(f"/collectivites/{lyon_publie.slug}/?annee=2024").content.decode()
    assert "Indicateurs en 2024" in suivi and "Voir les dernières valeurs" not in suivi


def test_profile_without_published_data_says_so(client, lyon_publie):
    html = profil(client, commune("01001"))  # only a validated value
    assert 'id="pas-de-donnees"' in html
    assert "Comparaison avec les pairs" not in html
    assert set(niveaux(html).values()) == {"non publié"}


def test_profile_query_count_with_published_data(
    client, lyon_publie, acteurs, chiffres_diffuses, django_assert_max_num_queries
):
    # Nothing cached at all, not even Wagtail's site root paths: a fixed number of queries (no
    # query per engagement, indicator or peer group; the page's years, the demonstration flag
    # and each peer group's size and population are three of them)…
    with django_assert_max_num_queries(23):
        html = profil(client, lyon_publie)
    assert "Comparaison avec les pairs" in html and "Aide Lyon" in html
    # …then cached until the next publication: routing and the collectivity only.
    with django_assert_max_num_queries(7):
        assert tables_html(profil(client, lyon_publie)) == tables_html(html)


def test_a_profile_not_yet_cached_on_a_visited_site_makes_at_most_15_queries(
    client, lyon_publie, acteurs, chiffres_diffuses, django_assert_max_num_queries
):
    # Another profile leaves the shared parts cached: menu, referential, links between pages.
    profil(client, commune("01001"))
    with django_assert_max_num_queries(16):  # one for the peer groups' sizes
        html = profil(client, lyon_publie)
    assert "Comparaison avec les pairs" in html and "Aide Lyon" in html


def test_menu_and_actors_follow_page_and_actor_changes_at_once(client, lyon_publie, acteurs):
    html = profil(client, lyon_publie)
    assert "Aide Lyon" in html
    acteur = Acteur.objects.get(nom="Aide Lyon")
    acteur.nom = "Aide Lyon Renommée"
    acteur.save()
    page = CollectivitesPage.objects.get()
    page.title = "Territoires signataires"
    page.save_revision().publish()
    html = profil(client, lyon_publie)
    assert "Aide Lyon Renommée" in html
    assert ">Territoires signataires</a>" in html


# --- the printed report ----------------------------------------------------------------------
def test_report_page_and_pdf_show_the_peer_comparison(client, lyon_publie):
    from tests.publication.test_report import texte_pdf

    html = client.get("/rapport/lyon-69123/2025/").content.decode()
    groupes = _pairs(html)
    assert groupes["Même type, même région"][1:] == ["25", "50", "70", "à la médiane"]
    assert groupes["Même type et même taille"][1:4] == ["30", "45", "56,25"]
    texte = texte_pdf(client.get("/rapport/lyon-69123/2025.pdf").getvalue())
    assert "Comparaison avec les pairs" in texte and "56,25" in texte


def test_comparison_shows_each_ones_published_levels_and_figures(client, lyon_publie):
    paris = commune("75056")
    html = client.get(f"/collectivites/comparer/?c={lyon_publie.slug}&c={paris.slug}")
    html = html.content.decode()
    niveaux = {r[0].split()[0]: r[1:] for r in cellules(table(html, "Niveau de maturité"))[1:]}
    # One year for the whole page: the latest either published, named in every heading.
    assert "<h1>Comparer des collectivités en 2025</h1>" in html
    assert "Niveau de maturité publié par engagement (de 0 à 4) en 2025" in html
    niveaux = {
        r[0].split()[0]: r[1:] for r in cellules(table(html, "Niveau de maturité publié"))[1:]
    }
    assert niveaux["A1E1"] == ["3 : Déployé", "non publié en 2025"]
    assert niveaux["A2E1"] == ["Non concerné", "non publié en 2025"]
    # Draft, validated: never shown.
    assert niveaux["A1E2"] == niveaux["A2E2"] == ["non publié en 2025", "non publié en 2025"]
    chiffres = {
        r[0].split()[0]: r[1:] for r in cellules(table(html, "Indicateurs publiés en 2025"))[1:]
    }
    assert [c.split()[0] for c in chiffres["A2E3-01"]] == ["50", "40"]
    assert "A1E2-01" not in chiffres and "4242" not in html  # a draft
    # The visitor's year, kept by the year form (hidden c fields): nothing of 2025 leaks in.
    assert f'<input type="hidden" name="c" value="{paris.slug}">' in html
    url = f"/collectivites/comparer/?c={lyon_publie.slug}&c={paris.slug}&annee=2024"
    html = client.get(url).content.decode()
    assert "<h1>Comparer des collectivités en 2024</h1>" in html
    niveaux = {
        r[0].split()[0]: r[1:] for r in cellules(table(html, "Niveau de maturité publié"))[1:]
    }
    assert niveaux["A1E1"] == ["non publié en 2024", "non publié en 2024"]
    assert "Déployé" not in html
    assert "annee=2024" in html  # the remove links keep the year
    html = client.get(url.replace("/collectivites/", "/en/collectivites/")).content.decode()
    assert "Compare collectivities in 2024" in html and "not published in 2024" in html


def test_a_comparison_defaults_to_the_latest_year_any_published():
    from types import SimpleNamespace as C

    from publication.profiles import annee_comparaison

    a = C(annee_evaluations=2024, annee_indicateurs=2023)
    b = C(annee_evaluations=None, annee_indicateurs=2025)
    rien = C(annee_evaluations=None, annee_indicateurs=None)
    assert annee_comparaison([a, b, rien]) == 2025
    assert annee_comparaison([a, rien]) == 2024
    assert annee_comparaison([rien, rien]) is None


def test_every_peer_group_of_every_indicator_is_one_query(
    lyon_publie, chiffres_diffuses, django_assert_num_queries
):
    lyon = Collectivite.objects.select_related("departement", "region").get(pk=lyon_publie.pk)
    premiere = report.indicateurs_publies(lyon, 2025)
    assert [c.n for c in premiere[0].pairs] != [0, 0, 0]
    # Indicators, own values, and the stored figures of the three groups for every indicator.
    with django_assert_num_queries(3):
        assert report.indicateurs_publies(lyon, 2025) == premiere
