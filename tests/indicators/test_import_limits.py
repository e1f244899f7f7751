"""Bounds of the imports and of free text: one length limit for a comment on every path (grid,
file, API), null characters refused, empty uploads said, and the error list bounded on screen."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import APIToken

from indicators.imports import importer
from indicators.models import Valeur
from manifeste.free_text import LONGUEUR_COMMENTAIRE
from manifeste.import_errors import ERREURS_AFFICHEES
from tests.grille_helpers import poster

pytestmark = pytest.mark.django_db
TROP_LONG = "x" * (LONGUEUR_COMMENTAIRE + 1)


def _csv(*lignes):
    return ("collectivite;indicateur;annee;valeur;commentaire\n" + "\n".join(lignes)).encode()


@pytest.mark.parametrize(
    ("commentaire", "raison"),
    [(TROP_LONG, f"{LONGUEUR_COMMENTAIRE + 1} caractères, au plus 2000"), ("a\x00b", "nul")],
)
def test_the_grid_refuses_what_the_import_and_the_api_refuse(
    client, paris, contributeur, commentaire, raison
):
    client.force_login(contributeur)
    reponse = poster(
        client,
        f"/admin/indicateurs/{paris.pk}/2025/",
        {"A1E2-01__valeur": "3", "A1E2-01__commentaire": commentaire},
    )
    ligne = next(x for x in reponse.context["lignes"] if x.indicateur.code == "A1E2-01")
    assert raison in ligne.erreurs_de("commentaire")[0]
    assert 'id="A1E2-01__commentaire-erreur"' in reponse.content.decode()
    assert not Valeur.objects.exists()


def test_the_file_import_names_the_line_and_the_comment(paris, contributeur):
    rapport = importer(
        _csv("75056;A1E2-01;2025;3;ok", f"75056;A1E2-02;2025;3;{TROP_LONG}"), "v.csv"
    )
    assert [str(e) for e in rapport.erreurs] == [
        f"ligne 3, colonne commentaire : {LONGUEUR_COMMENTAIRE + 1} caractères, au plus 2000"
    ]


def test_the_api_limit_is_the_same_constant(client, paris, contributeur):
    token = APIToken.create_token(user=contributeur, name="t")[1]
    valeur = {"collectivite": "75056", "indicateur": "A1E2-01", "annee": 2025, "valeur": 3}
    reponse = client.post(
        "/api/v1/indicateurs/valeurs",
        {"valeurs": [{**valeur, "commentaire": "a\x00b"}]},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert reponse.status_code == 422
    assert reponse.json()["detail"][0]["msg"] == "caractère nul refusé"
    reponse = client.post(
        "/api/v1/indicateurs/valeurs",
        {"valeurs": [{**valeur, "commentaire": TROP_LONG}]},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert reponse.status_code == 422 and not Valeur.objects.exists()


def test_an_empty_upload_is_said_on_the_page(client, contributeur):
    client.force_login(contributeur)
    reponse = client.post(
        "/admin/indicateurs/import/", {"fichier": SimpleUploadedFile("v.csv", b"")}, follow=True
    )
    messages = [str(m) for m in reponse.context["messages"]]
    assert messages == ["Le fichier soumis est vide."]


def test_the_error_list_shows_the_first_ones_and_offers_the_whole_as_csv(client, contributeur):
    client.force_login(contributeur)
    lignes = [f"75056;A1E2-01;2025;x{i};" for i in range(ERREURS_AFFICHEES + 50)]
    reponse = client.post(
        "/admin/indicateurs/import/", {"fichier": SimpleUploadedFile("v.csv", _csv(*lignes))}
    )
    html = reponse.content.decode()
    assert f"Les {ERREURS_AFFICHEES} premières erreurs sur {ERREURS_AFFICHEES + 50}" in html
    assert html.count("<tr><td>") == ERREURS_AFFICHEES
    lien = reponse.context["erreurs"]["lien"]
    complet = client.get(lien).content.decode("utf-8-sig").splitlines()
    assert len(complet) == ERREURS_AFFICHEES + 51 and complet[-1].startswith("251;valeur;")
    client.logout()
    assert client.get(lien).status_code != 200  # the user's own list only
