"""Indicators in the public API: catalogue, published values only, filters, pagination,
aggregates with coverage, and the token-authenticated atomic batch write."""

import pytest
from django.db.models import Q
from wagtail.models import APIToken

from commitments.models import Membre, ProfilNational
from indicators.models import Indicateur, Valeur
from manifeste.models import Collectivite

API = "/api/v1/indicateurs"


def commune(insee):
    return Collectivite.objects.get(type="commune", code_insee=insee)


@pytest.fixture
def valeurs(territoires, catalogue):
    """Published, draft and synthetic values of Lyon and Paris for A1E2-01 (count, sum)."""
    ind = Indicateur.objects.get(code="A1E2-01")
    lyon, paris = commune("69123"), commune("75056")
    Valeur.objects.create(collectivite=lyon, indicateur=ind, annee=2024, valeur=3, etat="publie")
    Valeur.objects.create(collectivite=paris, indicateur=ind, annee=2024, valeur=5, etat="publie")
    Valeur.objects.create(collectivite=lyon, indicateur=ind, annee=2025, valeur=4, etat="publie")
    Valeur.objects.create(collectivite=paris, indicateur=ind, annee=2025, valeur=77, etat="valide")
    Valeur.objects.create(
        collectivite=paris, indicateur=ind, annee=2023, valeur=99, etat="publie", synthetique=True
    )


def test_catalogue_lists_shared_indicators(client, catalogue):
    data = client.get(API).json()
    assert len(data) == 40
    assert data[0]["code"] == "A1E1-01" and data[0]["engagement"] == "A1E1"


def test_only_published_real_values_are_exposed(client, valeurs):
    data = client.get(API + "/valeurs").json()
    assert data["count"] == 3
    assert 77 not in [v["valeur"] for v in data["items"]]
    assert 99 not in [v["valeur"] for v in data["items"]]


def test_filters_and_stable_pagination(client, valeurs):
    data = client.get(API + "/valeurs", {"collectivite": "69123", "annee": 2024}).json()
    assert [(v["collectivite"]["nom"], v["valeur"]) for v in data["items"]] == [("Lyon", 3.0)]
    par_siren = client.get(API + "/valeurs", {"collectivite": "216901231"}).json()
    assert par_siren["count"] == 2
    assert client.get(API + "/valeurs", {"indicateur": "A9E9-99"}).json()["count"] == 0
    pages = [
        client.get(API + "/valeurs", {"limit": 1, "offset": i}).json()["items"][0] for i in range(3)
    ]
    assert [(p["annee"], p["collectivite"]["nom"]) for p in pages] == [
        (2024, "Lyon"),
        (2024, "Paris"),
        (2025, "Lyon"),
    ]
    assert client.get(API + "/valeurs", {"collectivite": "000000000"}).status_code == 404


def test_aggregates_national_and_by_department_with_coverage(client, valeurs, settings):
    settings.SEUIL_DIFFUSION = 1  # the arithmetic, on two collectivities
    response = client.get(API + "/A1E2-01/agregats", {"annee": 2024})
    assert response.status_code == 200
    [national] = response.json()
    assert national["valeur"] == 8.0 and national["n"] == 2
    assert national["n_groupe"] == Collectivite.objects.actives().count()
    par_dep = client.get(API + "/A1E2-01/agregats", {"annee": 2024, "groupe": "departement"})
    lignes = {r["groupe"]["departement"]: r for r in par_dep.json()}
    assert lignes["69"]["valeur"] == 3.0 and lignes["75"]["valeur"] == 5.0
    assert (
        lignes["69"]["n_groupe"]
        == Collectivite.objects.actives()
        .filter(Q(departement__code_insee="69") | Q(type="departement", code_insee="69"))
        .count()
    )
    assert "01" not in lignes  # a group where nobody published has no figure
    # draft 77 never counted
    assert client.get(API + "/A1E2-01/agregats", {"annee": 2025}).json()[0]["valeur"] == 4.0
    assert client.get(API + "/ZZZ/agregats", {"annee": 2024}).status_code == 404
    assert client.get(API + "/A1E2-01/agregats", {"annee": 2024, "groupe": "x"}).status_code == 422


def test_an_aggregate_of_too_few_collectivities_is_null_with_its_coverage(client, valeurs):
    [national] = client.get(API + "/A1E2-01/agregats", {"annee": 2024}).json()
    assert national["valeur"] is None
    assert (national["n"], national["diffusable"], national["seuil_diffusion"]) == (2, False, 5)
    assert national["part_population"] > 0


# --- batch write


def jeton(user):
    return {"Authorization": f"Bearer {APIToken.create_token(user=user, name='t')[1]}"}


@pytest.fixture
def utilisateurs(territoires, catalogue, django_user_model):
    def user(nom, role=None, national=None):
        u = django_user_model.objects.create_user(nom)
        if role:
            Membre.objects.create(user=u, collectivite=commune("69123"), role=role)
        if national:
            ProfilNational.objects.create(user=u, role=national)
        return u

    return user


def lot(*valeurs):
    return {"valeurs": list(valeurs)}


LYON = {"collectivite": "69123", "indicateur": "A1E2-01", "annee": 2025, "valeur": 2}


def poster(client, donnees, headers):
    return client.post(API + "/valeurs", donnees, content_type="application/json", headers=headers)


@pytest.mark.parametrize(
    ("role", "national", "attendu"),
    [
        ("lecteur", None, 422),
        ("contributeur", None, 200),
        ("validateur", None, 200),
        (None, "analyste", 422),
        (None, "administrateur", 200),
    ],
)
def test_write_permission_matrix(client, utilisateurs, role, national, attendu):
    user = utilisateurs("u", role, national)
    response = poster(client, lot(LYON), jeton(user))
    assert response.status_code == attendu, response.content
    assert Valeur.objects.filter(annee=2025).exists() == (attendu == 200)
    if attendu == 422:
        assert response.json()["detail"][0]["loc"] == ["body", "valeurs", 0, "collectivite"]


def test_write_requires_a_token(client, utilisateurs):
    assert poster(client, lot(LYON), {}).status_code == 401


def test_batch_is_atomic_and_lists_each_error(client, utilisateurs):
    user = utilisateurs("c", "contributeur")
    mauvais = [
        LYON,
        {**LYON, "indicateur": "A1E1-01", "valeur": None, "numerateur": 5, "denominateur": 2},
        {**LYON, "annee": 1999},
    ]
    response = poster(client, lot(*mauvais), jeton(user))
    assert response.status_code == 422
    locs = {tuple(e["loc"]) for e in response.json()["detail"]}
    assert ("body", "valeurs", 2, "annee") in locs
    assert any(loc[2] == 1 for loc in locs)
    assert not any(loc[2] == 0 for loc in locs)
    assert not Valeur.objects.exists()  # the valid first row was not written either


def test_batch_write_keeps_history_and_corrects_a_published_value(client, utilisateurs):
    user = utilisateurs("c", "contributeur")
    headers = jeton(user)
    assert poster(client, lot(LYON), headers).json()["nouvelles"] == 1
    Valeur.objects.update(etat="publie")
    response = poster(client, lot({**LYON, "valeur": 6}), headers)
    assert response.json()["modifiees"] == 1
    valeur = Valeur.objects.get()
    assert valeur.etat == "publie" and valeur.valeur != 6
    assert valeur.correction_valeur == 6 and valeur.correction_par == user
    assert [h.history_type for h in valeur.history.order_by("history_date")] == ["+", "~"]
