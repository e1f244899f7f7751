"""Bounds on what a request may ask: the one parser of public query parameters (400 in French,
in the site's layout) and the body size (413, for pages and for the API)."""

import datetime
import json

import pytest
from django.http import QueryDict

from manifeste.params import (
    ANNEES_MAX,
    PARAMETRES,
    ParametreInvalide,
    lire,
    lire_annee,
    lire_annees,
    normaliser,
)

ANNEE = datetime.date.today().year


@pytest.mark.parametrize("valeur", ["²", "٢٠٢٥", "20x5", "2020", str(ANNEE + 2), " 2025", "-2025"])
def test_a_year_is_ascii_digits_within_the_data_range(valeur):
    with pytest.raises(ParametreInvalide, match="année attendue entre 2021 et"):
        lire_annee(valeur)


def test_years_of_a_series_are_bounded_in_range_and_count():
    assert lire_annees("2022-2024") == [2022, 2023, 2024]
    assert lire_annees("2025,2022") == [2022, 2025]
    assert lire_annees("") is None
    for texte in ("1-2000", "1-300000", "2021-99999999999999999999"):
        with pytest.raises(ParametreInvalide, match="année attendue"):
            lire_annees(texte)
    with pytest.raises(ParametreInvalide, match=f"au plus {ANNEES_MAX} années"):
        lire_annees(",".join(["2022"] * (ANNEES_MAX + 1)))
    with pytest.raises(ParametreInvalide, match="finit avant"):
        lire_annees("2025-2022")


def test_unknown_parameters_are_dropped_and_names_sorted_for_the_cache_key():
    assert normaliser(QueryDict("z=1&type=commune&annee=2025&utm_source=x")) == (
        "annee=2025&type=commune"
    )
    assert normaliser(QueryDict("c=lyon&c=paris")) == "c=lyon&c=paris"


@pytest.mark.parametrize(
    ("requete", "champ"),
    [
        ("q=" + "a" * 101, "q"),
        ("q=a%00b", "q"),
        ("region=84%27--", "region"),
        ("page=0", "page"),
        ("page=10001", "page"),
        ("c=" + "&c=".join(["x"] * 11), "c"),
        ("lettre=ab", "lettre"),
    ],
)
def test_each_parameter_has_its_bound(requete, champ):
    with pytest.raises(ParametreInvalide) as refus:
        lire(QueryDict(requete))
    assert refus.value.champ == champ


def test_every_parameter_a_public_form_reads_is_declared():
    """The page cache drops undeclared parameters: a form reading one would be served the
    page cached for another value."""
    from cms.models.profil import RechercheCollectivite
    from ecosysteme.forms import FiltreAnnuaireForm
    from publication.filters import FiltresTableau

    for form in (FiltresTableau, FiltreAnnuaireForm, RechercheCollectivite):
        assert set(form.base_fields) <= set(PARAMETRES), form


def _page_400(response, champ):
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    contenu = response.content.decode()
    assert f"Le paramètre « {champ} » de l'adresse est invalide" in contenu
    assert "<main" in contenu  # the site's layout


@pytest.mark.parametrize(
    ("url", "champ"),
    [
        ("/donnees/valeurs-indicateurs.csv?annee=%C2%B2", "annee"),
        ("/donnees/collectivites.xlsx?annee=%C2%B2", "annee"),
        ("/donnees/graphiques/carte.csv?code=A1E1-01&annee=%C2%B2", "annee"),
        ("/donnees/graphiques/serie.csv?indicateur=A1E1-01&annees=1-2000", "annees"),
        ("/donnees/graphiques/serie.csv?indicateur=A1E1-01&annees=1-300000", "annees"),
    ],
)
def test_public_urls_answer_400_in_the_sites_layout(client, db, url, champ):
    _page_400(client.get(url), champ)


def test_the_400_page_speaks_the_visitors_language(client, db):
    response = client.get("/en/donnees/collectivites.csv?annee=%C2%B2")
    assert response.status_code == 400
    assert "The address's parameter “annee” is invalid: a year between 2021" in (
        response.content.decode()
    )


def test_a_year_in_a_zip_path_out_of_range_is_400(client, db):
    _page_400(client.get("/donnees/1999.zip"), "annee")


def test_admin_and_api_parameters_are_left_to_them(client, db):
    assert client.get("/api/v1/collectivites?annee=%C2%B2").status_code == 200
    assert client.get("/admin/login/?q=%C2%B2").status_code == 200


def test_a_body_over_the_limit_is_413_before_it_is_read(client, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    corps = json.dumps({"valeurs": [{"commentaire": "x" * 2000}]})
    response = client.post("/api/v1/indicateurs/valeurs", corps, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["detail"].startswith("Requête trop volumineuse : au plus")
    response = client.post("/admin/login/", {"username": "x" * 2000})
    assert response.status_code == 413
    assert "Envoi trop volumineux" in response.content.decode()


def test_a_body_found_too_big_while_read_is_413(rf, settings):
    """No declared length (chunked): Django's own check raises while the view reads it."""
    from django.core.exceptions import RequestDataTooBig

    from manifeste.request_limits import ParametresPublics

    requete = rf.post("/api/v1/indicateurs/valeurs", "{}", content_type="application/json")
    response = ParametresPublics(lambda r: None).process_exception(requete, RequestDataTooBig())
    assert response.status_code == 413


def test_the_page_cache_keys_on_the_normalised_query_and_is_bounded(rf, monkeypatch):
    from django.http import HttpResponse

    from publication import cache as tableaux
    from publication import page_cache

    vues = []

    def vue(request):
        tableaux.version()  # the view read published figures: its page may be cached
        vues.append(request.GET.urlencode())
        return HttpResponse("ok")

    monkeypatch.setattr(page_cache, "VARIANTES_MAX", 2)
    middleware = page_cache.PagesPubliques(vue)
    for requete in ("annee=2025&utm=1", "utm=2&annee=2025", "annee=2024", "annee=2023"):
        middleware(rf.get(f"/tableau/?{requete}"))
    assert vues == ["annee=2025&utm=1", "annee=2024", "annee=2023"]
    middleware(rf.get("/tableau/?annee=2023"))  # over the bound: served, never kept
    assert len(vues) == 4
