import re

import pytest
from django.template import Context, Template

from ecosysteme.models import Acteur, TypeActeur, acteurs_servant, url_acteur
from ecosysteme.territoire import englobants, resoudre_territoire
from manifeste.models import Collectivite

from .helpers import coll

pytestmark = pytest.mark.django_db


def noms_affiches(response):
    assert response.status_code == 200
    return set(re.findall(r"<h3><a [^>]*>([^<]*)</a>", response.content.decode()))


def test_englobants_lists_the_collectivity_and_its_parents():
    commune = Collectivite(pk=1, epci_id=2, departement_id=3, region_id=4)
    assert englobants(commune) == [1, 2, 3, 4]
    assert englobants(Collectivite(pk=9, region_id=4)) == [9, 4]


@pytest.mark.parametrize(
    ("type_", "code", "attendus"),
    [
        ("commune", "01004", {"region", "ain"}),
        ("commune", "69123", {"region", "lyon"}),
        ("commune", "69266", {"region"}),
        ("commune", "75056", {"paris"}),
        ("departement", "01", {"region", "ain"}),
        ("region", "84", {"region"}),
        ("commune", "97411", set()),
    ],
)
def test_servant_follows_the_hierarchy_up(acteurs, type_, code, attendus):
    servant = Acteur.objects.publies().servant(coll(type_, code))
    assert set(servant) == {acteurs[k] for k in attendus}


@pytest.mark.parametrize(
    ("params", "attendus"),
    [
        ({}, {"Recond Région", "Recond Ain", "Aide Lyon", "Libre Paris"}),
        ({"type": "reconditionneur"}, {"Recond Région", "Recond Ain"}),
        ({"engagement": "A2E2"}, {"Recond Région", "Libre Paris"}),
        ({"territoire": "01004"}, {"Recond Région", "Recond Ain"}),
        ({"type": "reconditionneur", "territoire": "69123"}, {"Recond Région"}),
        (
            {"type": "reconditionneur", "engagement": "A2E2", "territoire": "01004"},
            {"Recond Région"},
        ),
        ({"type": "aide_numerique", "engagement": "A1E1", "territoire": "Lyon"}, {"Aide Lyon"}),
        ({"type": "aide_numerique", "engagement": "A2E3", "territoire": "69123"}, set()),
        ({"engagement": "A2E3", "territoire": "75056"}, set()),
        ({"q": "recond"}, {"Recond Région", "Recond Ain"}),
    ],
)
def test_directory_filters(client, acteurs, params, attendus):
    assert noms_affiches(client.get("/annuaire/", params)) == attendus


def test_an_ambiguous_territory_asks_which_one(client, acteurs):
    # "Paris" is both a commune and a département.
    response = client.get("/annuaire/", {"territoire": "Paris"})
    html = response.content.decode()
    assert noms_affiches(response) == set()
    assert "territoire=paris-75056" in html
    assert "territoire=departement-paris-75" in html
    assert noms_affiches(client.get("/annuaire/", {"territoire": "paris-75056"})) == {"Libre Paris"}


def test_an_unknown_territory_says_so(client, acteurs):
    response = client.get("/annuaire/", {"territoire": "Atlantide"})
    assert noms_affiches(response) == set()
    assert "Aucune collectivité ne correspond" in response.content.decode()


def test_resoudre_territoire_by_code_siren_and_name(territoires):
    assert [c.nom for c in resoudre_territoire("69123")] == ["Lyon"]
    assert [c.nom for c in resoudre_territoire("200046977")] == ["Métropole de Lyon"]
    assert [c.type for c in resoudre_territoire("ain")] == ["departement"]
    assert resoudre_territoire("") == []


def test_actor_page(client, acteurs):
    response = client.get("/annuaire/acteur/recond-region/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Recond Région" in html and "Auvergne-Rhône-Alpes" in html and "A2E3" in html
    assert url_acteur(acteurs["region"]) == "/annuaire/acteur/recond-region/"


def test_unpublished_actor_is_never_public(client, acteurs):
    cache = acteurs["brouillon"]
    assert client.get(f"/annuaire/acteur/{cache.slug}/").status_code == 404
    assert "Recond Caché" not in noms_affiches(client.get("/annuaire/"))
    assert "Recond Caché" not in noms_affiches(client.get("/annuaire/", {"q": "caché"}))
    assert "Recond Caché" not in noms_affiches(
        client.get("/annuaire/", {"territoire": "84", "type": "reconditionneur"})
    )
    assert cache not in acteurs_servant(coll("commune", "69123"))
    cache.publie = True
    cache.save()
    assert client.get(f"/annuaire/acteur/{cache.slug}/").status_code == 200


def test_include_of_actors_serving_a_collectivity(acteurs):
    html = Template("{% load ecosysteme %}{% acteurs_servant_collectivite collectivite %}").render(
        Context({"collectivite": coll("commune", "01004")})
    )
    assert "Recond Région" in html and "Recond Ain" in html
    assert "Aide Lyon" not in html and "Recond Caché" not in html
    assert "/annuaire/acteur/recond-ain/" in html
    assert "/annuaire/?territoire=amberieu-en-bugey-01004" in html


def test_include_is_empty_without_actors(acteurs):
    html = Template("{% load ecosysteme %}{% acteurs_servant_collectivite collectivite %}").render(
        Context({"collectivite": coll("commune", "97411")})
    )
    assert html.strip() == ""


def test_slug_is_unique(acteurs):
    autre = Acteur.objects.create(
        nom="Recond Région", type=TypeActeur.AUTRE, commune=coll("commune", "75056")
    )
    assert autre.slug == "recond-region-2"


def test_directory_in_main_navigation(client, acteurs):
    assert 'href="/annuaire/">Annuaire</a>' in client.get("/").content.decode()


def test_directory_pages_keep_the_filters(client, acteurs):
    lyon = coll("commune", "69123")
    for n in range(22):
        Acteur.objects.create(nom=f"Zz {n:02}", type=TypeActeur.AUTRE, commune=lyon, publie=True)
    premiere = client.get("/annuaire/", {"type": "autre"})
    assert len(noms_affiches(premiere)) == 20
    assert 'href="?type=autre&amp;page=2"' in premiere.content.decode()
    assert len(noms_affiches(client.get("/annuaire/", {"type": "autre", "page": 2}))) == 2
