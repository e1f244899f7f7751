"""Contract of the public API v1: payloads, filters, pagination, caching, errors."""

import datetime

import pytest

from commitments.models import Signature
from manifeste.models import Collectivite

API = "/api/v1"


@pytest.fixture
def signataires(territoires):
    lyon = Collectivite.objects.get(type="commune", code_insee="69123")
    ain = Collectivite.objects.get(type="departement", code_insee="01")
    for collectivite in (lyon, ain):
        Signature.objects.create(
            collectivite=collectivite, date_signature=datetime.date(2022, 3, 1)
        )
    return lyon, ain


def get(client, url, **headers):
    response = client.get(API + url, headers=headers)
    return response, (response.json() if response.content else None)


def noms(payload):
    return [item["nom"] for item in payload["items"]]


# --- referential


def test_full_referential_nests_ambitions_engagements_descriptors_and_levels(client, referentiel):
    response, data = get(client, "/referentiel")
    assert response.status_code == 200
    assert data["version"] == "2021" and data["est_courant"] is True
    assert [a["code"] for a in data["ambitions"]] == ["A1", "A2", "A3"]
    codes = [e["code"] for a in data["ambitions"] for e in a["engagements"]]
    assert codes == [f"A{a}E{e}" for a in (1, 2, 3) for e in (1, 2, 3)]
    a1e1 = data["ambitions"][0]["engagements"][0]
    assert a1e1["ambition"] == "A1"
    assert [d["niveau"] for d in a1e1["descripteurs"]] == [1, 2, 3, 4]
    assert [n["niveau"] for n in data["niveaux"]] == [0, 1, 2, 3, 4]


def test_engagement_by_code_and_unknown_code(client, referentiel):
    response, data = get(client, "/referentiel/engagements/a2e3")
    assert response.status_code == 200
    assert data["code"] == "A2E3" and data["titre_fr"]
    response, data = get(client, "/referentiel/engagements/A9E9")
    assert response.status_code == 404
    assert "detail" in data


def test_engagement_list_levels_and_versions(client, referentiel):
    assert len(get(client, "/referentiel/engagements")[1]) == 9
    assert get(client, "/referentiel/niveaux")[1][0]["libelle_fr"] == "Non engagé"
    assert get(client, "/referentiel/versions")[1] == [
        {"version": "2021", "titre": referentiel.titre, "est_courant": True}
    ]


def test_unknown_version_is_404_and_bad_version_names_the_field(client, referentiel):
    assert get(client, "/referentiel?version=1999")[0].status_code == 404
    response, data = get(client, "/referentiel?version=a b")
    assert response.status_code == 422
    assert data["detail"][0]["loc"] == ["query", "version"]


# --- collectivities


def test_collectivity_payload_uses_codes_never_internal_ids(client, signataires):
    response, data = get(client, "/collectivites/216901231")
    assert response.status_code == 200
    assert data == {
        "nom": "Lyon",
        "slug": "lyon-69123",
        "type": "commune",
        "nature": "",
        "code_insee": "69123",
        "siren": "216901231",
        "population": 522250,
        "classe_taille": "5",
        "zone": "metro",
        "active": True,
        "region": {"nom": "Auvergne-Rhône-Alpes", "code_insee": "84", "siren": None},
        "departement": {"nom": "Rhône", "code_insee": "69", "siren": None},
        "epci": {"nom": "Métropole de Lyon", "code_insee": "200046977", "siren": "200046977"},
        "signataire": True,
        "date_signature": "2022-03-01",
    }


@pytest.mark.parametrize("identifiant", ["216901231", "69123", "lyon-69123"])
def test_lookup_by_siren_insee_or_slug(client, territoires, identifiant):
    assert get(client, f"/collectivites/{identifiant}")[1]["nom"] == "Lyon"


def test_insee_code_shared_by_two_types_needs_the_type(client, territoires):
    Collectivite.objects.create(type="autre", code_insee="69123", nom="Syndicat homonyme")
    response, data = get(client, "/collectivites/69123")
    assert response.status_code == 422
    assert data["detail"][0]["loc"] == ["query", "type"]
    assert get(client, "/collectivites/69123?type=autre")[1]["nom"] == "Syndicat homonyme"
    assert get(client, "/collectivites/69123?type=commune")[1]["nom"] == "Lyon"


def test_unknown_collectivity_is_404_json(client, territoires):
    response, data = get(client, "/collectivites/999999999")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert data["detail"]


def test_list_is_paginated_with_count_and_stable_order(client, territoires):
    response, page1 = get(client, "/collectivites?limit=5")
    assert response.status_code == 200
    assert page1["count"] == Collectivite.objects.filter(active=True).count() == 17
    _, page2 = get(client, "/collectivites?limit=5&offset=5")
    _, tout = get(client, "/collectivites?limit=1000")
    assert noms(page1) + noms(page2) == noms(tout)[:10]
    assert noms(tout) == sorted(noms(tout))
    assert len(noms(tout)) == 17


def test_inactive_collectivities_are_not_listed(client, territoires):
    Collectivite.objects.filter(code_insee="01001").update(active=False)
    _, data = get(client, "/collectivites?q=Abergement")
    assert data["count"] == 0


@pytest.mark.parametrize(
    ("filtre", "attendus"),
    [
        (
            "type=epci",
            {"Métropole du Grand Paris", "Métropole de Lyon", "CC Faucigny - Glières", "CINOR"},
        ),
        ("departement=69&type=commune", {"Lyon", "Villeurbanne"}),
        ("region=04", {"La Réunion", "CINOR", "Saint-Denis"}),
        ("classe_taille=1", {"L'Abergement-Clémenciat"}),
        ("signataire=true", {"Lyon", "Ain"}),
        ("q=villeur", {"Villeurbanne"}),
        ("q=97411", {"Saint-Denis"}),
        ("q=200046977", {"Métropole de Lyon"}),
        ("q=lyon&type=commune", {"Lyon"}),
    ],
)
def test_filters(client, signataires, filtre, attendus):
    response, data = get(client, f"/collectivites?limit=100&{filtre}")
    assert response.status_code == 200
    assert set(noms(data)) == attendus
    assert data["count"] == len(attendus)


def test_non_signatories_filter(client, signataires):
    _, data = get(client, "/collectivites?signataire=false&limit=100")
    assert data["count"] == 15
    assert "Lyon" not in noms(data)


@pytest.mark.parametrize(
    ("requete", "champ"),
    [
        ("limit=0", "limit"),
        ("limit=1001", "limit"),
        ("offset=-1", "offset"),
        ("offset=99999999999999999999", "offset"),
        ("type=ville", "type"),
        ("classe_taille=9", "classe_taille"),
        ("signataire=peut-etre", "signataire"),
        ("region=%00", "region"),
        ("q=%00", "q"),
        ("q=" + "x" * 101, "q"),
    ],
)
def test_bad_parameters_are_422_naming_the_field(client, territoires, requete, champ):
    response, data = get(client, f"/collectivites?{requete}")
    assert response.status_code == 422
    assert [e["loc"] for e in data["detail"]] == [["query", champ]]


def test_bad_path_identifier_is_a_4xx(client, territoires):
    response = client.get(API + "/collectivites/lyon%2069123")
    assert 400 <= response.status_code < 500


# --- caching


def test_etag_and_304_when_unchanged(client, territoires):
    response = client.get(API + "/collectivites?type=region")
    etag = response["ETag"]
    assert etag and "public" in response["Cache-Control"]
    assert response["Access-Control-Allow-Origin"] == "*"
    again = client.get(API + "/collectivites?type=region", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_etag_changes_with_the_data(client, territoires):
    etag = client.get(API + "/collectivites?type=region")["ETag"]
    Collectivite.objects.filter(code_insee="84", type="region").update(population=1)
    response = client.get(API + "/collectivites?type=region", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_errors_are_not_cached_as_public(client, territoires):
    response = client.get(API + "/collectivites/999999999")
    assert not response.has_header("ETag")


# --- schema and docs


def test_openapi_schema_lists_the_endpoints_with_their_errors(client):
    schema = client.get(API + "/openapi.json").json()
    assert schema["info"]["version"] == "1"
    liste = schema["paths"]["/api/v1/collectivites"]["get"]
    assert {"200", "404", "422"} <= set(liste["responses"])
    parametres = {p["name"] for p in liste["parameters"]}
    assert {
        "type",
        "region",
        "departement",
        "classe_taille",
        "signataire",
        "q",
        "limit",
        "offset",
    } <= parametres
    assert "401" in schema["paths"]["/api/v1/compte/moi"]["get"]["responses"]


def test_docs_page_loads_its_assets_from_our_static_files(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert '"validatorUrl": null' in html
