"""The number reader on every write path (grid, CSV, XLSX, API, command line), plausibility
with its justification, and stored values that break today's rules (never a 500)."""

import io
import json
import math
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import APIToken

from indicators.imports import importer
from indicators.models import Indicateur, Valeur
from tests.grille_helpers import poster as poster_grille
from tests.valeurs_cassees import casser

pytestmark = pytest.mark.django_db
ENTETE = "collectivite;type_collectivite;indicateur;annee;valeur;numerateur;denominateur;poids;commentaire;justification\n"
PROPRIETES = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Numbers the reader must refuse on every path, whatever their form.
REFUSES = st.one_of(
    st.sampled_from([float("inf"), float("-inf"), float("nan"), 1e15, 1e20, 1e309]),
    st.floats(min_value=1e14, max_value=1e300),
)


def csv(*lignes):
    return (ENTETE + "\n".join(lignes) + "\n").encode()


def xlsx(*lignes):
    classeur = openpyxl.Workbook()
    feuille = classeur.active
    feuille.append(ENTETE.strip().split(";"))
    for ligne in lignes:
        feuille.append(ligne)
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


def raisons(rapport):
    return [(e.ligne, e.colonne, e.raison) for e in rapport.erreurs]


# --- CSV and XLSX


def test_import_refuse_chaque_mauvais_nombre_en_nommant_ligne_et_colonne(paris):
    rapport = importer(
        csv(
            "75056;commune;A1E2-02;2025;1e309;;;;;",
            "75056;commune;A3E2-05;2025;1,234.5;;;;;",
            "75056;commune;A1E2-05;2025;2,5;;;;;",
            "75056;commune;A1E1-05;2025;11;;;1;;",
            "75056;commune;A3E3-02;²;3;;;;;",
        ),
        "f.csv",
    )
    assert [(ligne, colonne) for ligne, colonne, _r in raisons(rapport)] == [
        (2, "valeur"),
        (3, "valeur"),
        (4, "valeur"),
        (5, "valeur"),
        (6, "annee"),
    ]
    texte = rapport.texte()
    assert "ligne 3, colonne valeur : « 1,234.5 » : ambigu" in texte and "1234,5" in texte
    assert "n'est pas un nombre entier" in texte and "entre 1 et 10" in texte
    assert "« ² » n'est pas une année" in texte
    assert not rapport.ecrit and not Valeur.objects.exists()


def test_xlsx_cellule_numerique_trop_grande(paris):
    rapport = importer(xlsx(["75056", "commune", "A2E1-04", 2025, 1e20]), "f.xlsx")
    assert raisons(rapport)[0][:2] == (2, "valeur") and "trop grand" in raisons(rapport)[0][2]
    assert not Valeur.objects.exists()


def test_meme_fichier_a_7_decimales_deux_fois_ne_change_rien(paris):
    contenu = csv("75056;commune;A2E1-03;2025;5,1234567;;;300;;")
    assert importer(contenu, "f.csv").ecrit
    valeur = Valeur.objects.get()
    assert valeur.valeur == D("5.123457")
    Valeur.objects.update(etat="publie")
    again = importer(contenu, "f.csv")
    assert (again.inchangees, again.modifiees, again.nouvelles) == (1, [], [])
    valeur.refresh_from_db()
    assert valeur.etat == "publie" and valeur.history.count() == 1


def test_hors_plage_plausible_demande_une_justification_puis_attend_un_valideur(paris):
    ligne = "75056;commune;A1E2-05;2025;5000000;;;;;"
    rapport = importer(csv(ligne), "f.csv")
    assert [(ligne, colonne) for ligne, colonne, _r in raisons(rapport)] == [(2, "justification")]
    assert "valeur inhabituelle" in raisons(rapport)[0][2]
    assert importer(csv(ligne + "forum régional"), "f.csv").ecrit
    valeur = Valeur.objects.get()
    assert (valeur.plausibilite, valeur.justification) == ("a_verifier", "forum régional")
    Valeur.objects.update(etat="publie")
    assert not Valeur.objects.publiees().exists()  # published, not yet checked
    Valeur.objects.update(plausibilite="verifiee")
    assert Valeur.objects.publiees().count() == 1


@PROPRIETES
@given(nombre=REFUSES, forme=st.sampled_from(["csv", "xlsx"]))
def test_propriete_import_refuse_sans_rien_ecrire(paris, nombre, forme):
    fini = math.isfinite(nombre)  # an XLSX cell holds no NaN: then it is text
    cellules = ["75056", "commune", "A2E1-04", 2025, nombre if fini else str(nombre)]
    contenu = xlsx(cellules) if forme == "xlsx" else csv(";".join(map(str, cellules)))
    rapport = importer(contenu, f"f.{forme}")
    assert rapport.refuse and not Valeur.objects.exists()


@PROPRIETES
@given(nombre=st.decimals(min_value=0, max_value=10**6, places=7, allow_nan=False))
def test_propriete_import_deux_fois_ne_change_rien(paris, nombre):
    contenu = csv(f"75056;commune;A2E1-04;2025;{nombre};;;;;")
    assert importer(contenu, "f.csv").ecrit
    assert importer(contenu, "f.csv").inchangees == 1


# --- the grid


def test_grille_refuse_et_explique(client, paris, contributeur):
    client.force_login(contributeur)
    page = poster_grille(
        client,
        f"/admin/indicateurs/{paris.pk}/2025/",
        {
            "A1E2-02__valeur": "1e309",
            "A3E2-05__valeur": "1,234.5",
            "A1E1-05__valeur": "11",
            "A1E1-05__poids": "2100000",
            "A1E2-05__valeur": "5000000",
            "A2E1-01__valeur": "99999999999999.9999999",
        },
    )
    html = page.content.decode()
    assert page.status_code == 200 and not Valeur.objects.exists()
    assert "ambigu" in html and "entre 1 et 10" in html and "trop grand" in html
    assert 'name="A1E2-05__justification"' in html and "valeur inhabituelle" in html
    poster_grille(
        client,
        f"/admin/indicateurs/{paris.pk}/2025/",
        {"A1E2-05__valeur": "5000000", "A1E2-05__justification": "forum régional"},
    )
    assert Valeur.objects.get().plausibilite == "a_verifier"
    assert "À vérifier" in client.get(f"/admin/indicateurs/{paris.pk}/2025/").content.decode()


@PROPRIETES
@given(nombre=REFUSES)
def test_propriete_grille_refuse(client, paris, contributeur, nombre):
    client.force_login(contributeur)
    page = poster_grille(
        client, f"/admin/indicateurs/{paris.pk}/2025/", {"A2E1-04__valeur": str(nombre)}
    )
    assert page.status_code == 200 and not Valeur.objects.exists()


# --- the API


def poster(client, user, corps):
    jeton = APIToken.create_token(user=user, name="t")[1]
    return client.post(
        "/api/v1/indicateurs/valeurs",
        corps,
        content_type="application/json",
        headers={"Authorization": f"Bearer {jeton}"},
    )


@pytest.mark.parametrize("litteral", ["NaN", "Infinity", "-Infinity", "1e309", "1e15"])
def test_api_422_nomme_l_index_et_le_champ(client, paris, contributeur, litteral):
    corps = (
        '{"valeurs": [{"collectivite": "75056", "indicateur": "A1E2-01", "annee": 2025, '
        '"valeur": 1}, {"collectivite": "75056", "indicateur": "A2E1-04", "annee": 2025, '
        f'"valeur": {litteral}}}]}}'
    )
    reponse = poster(client, contributeur, corps)
    assert reponse.status_code == 422, reponse.content
    (detail,) = reponse.json()["detail"]
    assert detail["loc"] == ["body", "valeurs", 1, "valeur"]
    assert not Valeur.objects.exists()


def test_api_justification(client, paris, contributeur):
    valeur = {"collectivite": "75056", "indicateur": "A1E2-05", "annee": 2025, "valeur": 5e6}
    reponse = poster(client, contributeur, json.dumps({"valeurs": [valeur]}))
    assert reponse.json()["detail"][0]["loc"] == ["body", "valeurs", 0, "justification"]
    valeur["justification"] = "forum régional"
    assert poster(client, contributeur, json.dumps({"valeurs": [valeur]})).status_code == 200
    assert Valeur.objects.get().plausibilite == "a_verifier"


@PROPRIETES
@given(nombre=st.floats(allow_nan=True, allow_infinity=True))
def test_propriete_api_jamais_500(client, paris, contributeur, nombre):
    valeur = {"collectivite": "75056", "indicateur": "A2E1-04", "annee": 2025, "valeur": nombre}
    reponse = poster(client, contributeur, json.dumps({"valeurs": [valeur]}))
    assert reponse.status_code in (200, 422), reponse.content
    if not math.isfinite(nombre) or abs(nombre) >= 1e14 or nombre < -1e-6:
        assert reponse.status_code == 422
        assert reponse.json()["detail"][0]["loc"] == ["body", "valeurs", 0, "valeur"]
    if reponse.status_code == 200:
        assert Valeur.objects.get().valeur.is_finite()


# --- command line


def test_import_values_annee_non_ascii(paris, tmp_path, capsys):
    fichier = tmp_path / "f.csv"
    fichier.write_bytes(csv("75056;commune;A3E3-02;²;3;;;;;"))
    with pytest.raises(CommandError):
        call_command("import_values", str(fichier))
    assert "colonne annee : « ² » n'est pas une année" in capsys.readouterr().out


# --- stored values that break today's rules


@pytest.fixture
def cassees(paris):
    importer(
        csv("75056;commune;A2E1-04;2025;1000;;;;;", "75056;commune;A1E1-05;2025;5;;;10;;"),
        "f.csv",
    )
    casser(Valeur.objects.get(indicateur__code="A2E1-04"), "valeur", float("inf"))
    Valeur.objects.filter(indicateur__code="A1E1-05").update(valeur=11)
    return paris


def test_verifier_donnees_liste_et_echoue(cassees, capsys):
    with pytest.raises(CommandError, match="2 valeurs"):
        call_command("verifier_donnees")
    sortie = capsys.readouterr().out
    assert "A2E1-04 · 2025" in sortie and "invalide" in sortie
    assert "A1E1-05 · 2025" in sortie and "entre 1 et 10" in sortie


def test_verifier_donnees_sans_anomalie(paris, capsys):
    call_command("verifier_donnees")
    assert "Aucune valeur" in capsys.readouterr().out


def test_grille_et_export_montrent_l_anomalie_sans_500(client, cassees, contributeur):
    client.force_login(contributeur)
    page = client.get(f"/admin/indicateurs/{cassees.pk}/2025/")
    assert page.status_code == 200 and "valeur enregistrée invalide" in page.content.decode()
    export = client.get(f"/admin/indicateurs/{cassees.pk}/export/?format=csv").getvalue()
    lignes = export.decode("utf-8-sig").splitlines()
    assert lignes[0].endswith("justification,anomalie")
    (ligne,) = [ligne for ligne in lignes if "A2E1-04" in ligne]
    assert ",2025,,," in ligne and "invalide" in ligne
    # the export imports back: the broken row carries no value and is skipped
    assert importer(export, "export.csv").ignorees == 2
    # a correct value entered in the grid replaces the broken one
    poster_grille(client, f"/admin/indicateurs/{cassees.pk}/2025/", {"A2E1-04__valeur": "1200"})
    assert Valeur.objects.get(indicateur__code="A2E1-04").valeur == 1200


def test_import_remplace_une_valeur_cassee(cassees):
    rapport = importer(csv("75056;commune;A2E1-04;2025;1000;;;;;"), "f.csv")
    assert rapport.ecrit and len(rapport.modifiees) == 1
    assert Indicateur.objects.get(code="A2E1-04").valeurs.get().valeur == 1000
