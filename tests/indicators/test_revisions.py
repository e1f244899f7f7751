"""Stale grid saves never destroy data, and a correction of a published value waits for a
validator: the decision without HTTP, the grid, the import and the API through the test client,
and the public figures read as every role tries to move them."""

import json

import pytest
from wagtail.models import APIToken

from cms.models import CollectivitesPage
from indicators.grid import Decision, decider
from indicators.imports import importer
from indicators.models import Indicateur, Valeur
from tests.ecosysteme.helpers import ajouter_page
from tests.grille_helpers import formulaire


@pytest.fixture(autouse=True)
def seuil_de_diffusion(settings):
    """The demo's few collectivities must move the public figures these tests watch."""
    settings.SEUIL_DIFFUSION = 1


pytestmark = pytest.mark.django_db

# --- the decision, without HTTP

LU = {"valeur": "1011", "commentaire": ""}


@pytest.mark.parametrize(
    ("saisi", "stocke", "version_stockee", "supprimer", "attendu"),
    [
        (LU, LU, "1:1", False, Decision.INCHANGEE),  # nothing typed
        ({**LU, "valeur": "5"}, LU, "1:1", False, Decision.ECRIRE),
        (LU, {**LU, "valeur": "777"}, "1:2", False, Decision.INCHANGEE),  # stale, untouched
        ({**LU, "valeur": "5"}, {**LU, "valeur": "777"}, "1:2", False, Decision.CONFLIT),
        ({**LU, "valeur": "777"}, {**LU, "valeur": "777"}, "1:2", False, Decision.INCHANGEE),
        ({**LU, "valeur": "5"}, LU, "1:2", False, Decision.ECRIRE),  # only its state moved
        ({**LU, "valeur": "5"}, None, "", False, Decision.CONFLIT),  # deleted meanwhile
        (LU, LU, "1:1", True, Decision.SUPPRIMER),
        (LU, {**LU, "valeur": "777"}, "1:2", True, Decision.CONFLIT),
        (LU, None, "", True, Decision.INCHANGEE),
    ],
)
def test_decider(saisi, stocke, version_stockee, supprimer, attendu):
    assert decider(LU, saisi, stocke, "1:1", version_stockee, supprimer) == attendu


def test_decider_une_ligne_absente_du_formulaire_n_est_pas_ecrite():
    assert decider({}, {"valeur": ""}, LU, None, "1:1") == Decision.INCHANGEE


def test_decider_une_valeur_creee_entre_temps_est_un_conflit():
    vide = {"valeur": "", "commentaire": ""}
    assert decider(vide, {**vide, "valeur": "3"}, LU, "", "1:1") == Decision.CONFLIT
    assert decider(vide, {**vide, "valeur": "3"}, None, "", "") == Decision.ECRIRE


# --- the grid


@pytest.fixture
def paris(monde, catalogue):  # monde first: it creates the campaigns the catalogue completes
    return monde.paris


@pytest.fixture
def membres(monde):
    """contributeur, validateur, lecteur of Paris; autre: validator of Lyon; analyste, admin."""
    return monde.users


def url(collectivite, annee=2025):
    return f"/admin/indicateurs/{collectivite.pk}/{annee}/"


def valeur(paris, code, annee=2025):
    return Valeur.objects.filter(collectivite=paris, indicateur__code=code, annee=annee).first()


def creer(paris, code, annee=2025, etat="brouillon", **champs):
    indicateur = Indicateur.objects.get(code=code)
    return Valeur.objects.create(
        collectivite=paris, indicateur=indicateur, annee=annee, etat=etat, **champs
    )


def csv(*lignes):
    entete = "collectivite;type_collectivite;indicateur;annee;valeur;numerateur;denominateur;"
    return "\n".join([entete + "poids;commentaire", *lignes]).encode()


def ligne(page, code):
    return next(lig for lig in page.context["lignes"] if lig.indicateur.code == code)


def test_une_grille_perimee_ne_detruit_rien(client, paris, membres):
    """The issue's scenario: A1E2-05 = 1011, A3E3-02 empty; valid-paris imports 777 and 42;
    contrib-paris saves the grid opened before, having changed only A1E2-01."""
    creer(paris, "A1E2-05", valeur=1011)
    client.force_login(membres["contributeur"])
    ouverte = client.get(url(paris))
    assert ligne(ouverte, "A1E2-05").saisie["valeur"] == "1011"
    assert ligne(ouverte, "A3E3-02").saisie["valeur"] == ""
    rapport = importer(
        csv("75056;commune;A1E2-05;2025;777;;;;", "75056;commune;A3E3-02;2025;42;;;;"),
        "valid.csv",
        membres["validateur"],
    )
    assert rapport.ecrit and not rapport.erreurs
    page = client.post(url(paris), formulaire(ouverte.context["lignes"], {"A1E2-01__valeur": "3"}))
    assert valeur(paris, "A1E2-05").valeur == 777
    assert valeur(paris, "A3E3-02").valeur == 42
    assert valeur(paris, "A1E2-01").valeur == 3
    html = page.content.decode()
    assert "1 valeurs enregistrées, 0 supprimées." in html
    # The grid now shows what is stored, and says so.
    assert ligne(page, "A1E2-05").saisie["valeur"] == "777"
    assert ligne(page, "A1E2-05").rafraichie
    assert "Modifiée par quelqu'un d'autre" in html


def test_un_conflit_montre_les_deux_valeurs_et_laisse_choisir(client, paris, membres):
    creer(paris, "A1E2-05", valeur=1011)
    client.force_login(membres["contributeur"])
    ouverte = client.get(url(paris)).context["lignes"]
    importer(csv("75056;commune;A1E2-05;2025;777;;;;"), "v.csv", membres["validateur"])
    page = client.post(url(paris), formulaire(ouverte, {"A1E2-05__valeur": "1500"}))
    assert valeur(paris, "A1E2-05").valeur == 777  # not written
    html = page.content.decode()
    assert "modifiées par quelqu&#x27;un d&#x27;autre" in html
    assert 'value="1500"' in html and "enregistré entre-temps : 777" in html
    assert 'name="A1E2-05__choix" value="mien"' in html
    conflit = page.context["lignes"]
    # Saving again without choosing writes nothing and asks.
    sans_choix = client.post(url(paris), formulaire(conflit))
    assert "choisissez" in sans_choix.content.decode()
    assert valeur(paris, "A1E2-05").valeur == 777
    # « Take theirs » keeps 777; « keep mine » writes 1500 over it.
    leur = client.post(url(paris), formulaire(conflit, {"A1E2-05__choix": "leur"}))
    assert valeur(paris, "A1E2-05").valeur == 777
    assert ligne(leur, "A1E2-05").saisie["valeur"] == "777"
    client.post(url(paris), formulaire(conflit, {"A1E2-05__choix": "mien"}))
    assert valeur(paris, "A1E2-05").valeur == 1500


def test_un_champ_absent_du_post_ne_supprime_rien(client, paris, membres):
    creer(paris, "A1E2-05", valeur=1011, commentaire="source RH")
    client.force_login(membres["contributeur"])
    lignes = client.get(url(paris)).context["lignes"]
    donnees = formulaire(lignes)
    del donnees["A1E2-05__valeur"], donnees["A1E2-05__commentaire"]
    client.post(url(paris), donnees)
    client.post(url(paris), {"A1E2-05__valeur": ""})  # no version: the line is not read
    stockee = valeur(paris, "A1E2-05")
    assert stockee.valeur == 1011 and stockee.commentaire == "source RH"
    assert stockee.history.count() == 1


# --- corrections of published values


def test_corriger_une_valeur_publiee_attend_le_valideur(client, paris, membres):
    creer(paris, "A1E2-01", annee=2024, etat="publie", valeur=5)
    api = "/api/v1/indicateurs/A1E2-01/agregats?annee=2024"
    avant = client.get(api).json()
    client.force_login(membres["contributeur"])
    page = client.post(
        url(paris, 2024),
        formulaire(client.get(url(paris, 2024)).context["lignes"], {"A1E2-01__valeur": "8"}),
    )
    stockee = valeur(paris, "A1E2-01", 2024)
    assert (stockee.etat, stockee.valeur) == ("publie", 5)
    assert (stockee.correction_etat, stockee.correction_valeur) == ("brouillon", 8)
    assert client.get(api).json() == avant
    html = page.content.decode()
    assert "publié : 5" in html and 'value="8"' in html and "correction en attente" in html
    # A contributor cannot delete the published value, only the correction.
    assert 'name="A1E2-01__supprimer"' in html and "Retirer la publication" not in html
    client.post(url(paris, 2024) + "etat/", {"transition": "brouillon:soumis"})
    assert valeur(paris, "A1E2-01", 2024).correction_etat == "soumis"
    assert client.get(api).json() == avant
    client.force_login(membres["validateur"])
    client.post(url(paris, 2024) + "etat/", {"transition": "soumis:valide"})
    assert client.get(api).json() == avant
    client.post(url(paris, 2024) + "etat/", {"transition": "valide:publie"})
    publiee = valeur(paris, "A1E2-01", 2024)
    assert (publiee.etat, publiee.valeur, publiee.correction_etat) == ("publie", 8, None)
    assert client.get(api).json()[0]["valeur"] == 8
    raisons = list(publiee.history.values_list("history_change_reason", flat=True))
    assert raisons[:2] == ["passage en « Publié »", "passage en « Validé »"]


def test_une_correction_invraisemblable_ne_compte_qu_une_fois_verifiee(client, paris, membres):
    creer(paris, "A1E2-05", etat="publie", valeur=1011)
    client.force_login(membres["validateur"])
    client.post(
        url(paris),
        formulaire(
            client.get(url(paris)).context["lignes"],
            {"A1E2-05__valeur": "5000000", "A1E2-05__justification": "forum régional"},
        ),
    )
    stockee = valeur(paris, "A1E2-05")
    assert stockee.correction_plausibilite == "a_verifier" and stockee.plausibilite == ""
    assert Valeur.objects.publiees().get().valeur == 1011
    client.force_login(membres["contributeur"])  # four eyes: who submits does not validate
    client.post(url(paris) + "etat/", {"transition": "brouillon:soumis"})
    client.force_login(membres["validateur"])
    for transition in ("soumis:valide", "valide:publie"):
        client.post(url(paris) + "etat/", {"transition": transition})
    publiee = Valeur.objects.publiees().get()
    assert (publiee.valeur, publiee.plausibilite) == (5000000, "verifiee")


def test_retirer_une_publication_est_l_acte_du_valideur(client, paris, membres):
    creer(paris, "A1E2-01", etat="publie", valeur=5)
    client.force_login(membres["contributeur"])
    client.post(url(paris) + "etat/", {"retirer": "A1E2-01"})
    client.post(
        url(paris),
        formulaire(client.get(url(paris)).context["lignes"], {"A1E2-01__supprimer": "1"}),
    )
    assert Valeur.objects.publiees().count() == 1
    client.force_login(membres["validateur"])
    assert "Retirer la publication" in client.get(url(paris)).content.decode()
    client.post(url(paris) + "etat/", {"retirer": "A1E2-01"})
    retiree = valeur(paris, "A1E2-01")
    assert retiree.etat == "brouillon" and not Valeur.objects.publiees().exists()
    assert retiree.history.first().history_change_reason == "publication retirée"
    assert retiree.history.first().history_user == membres["validateur"]


def test_l_import_garde_la_valeur_publiee_et_montre_les_deux(client, paris, membres):
    creer(paris, "A1E2-01", etat="publie", valeur=5)
    creer(paris, "A1E2-02", etat="valide", valeur=2)
    client.force_login(membres["contributeur"])
    fichier = csv("75056;commune;A1E2-01;2025;9;;;;", "75056;commune;A1E2-02;2025;3;;;;")
    from django.core.files.uploadedfile import SimpleUploadedFile

    essai = client.post(
        "/admin/indicateurs/import/", {"fichier": SimpleUploadedFile("f.csv", fichier)}
    )
    html = essai.content.decode()
    assert "1 valeur publiée corrigée" in html
    assert "<td>5</td>" in html and "<td>9</td>" in html
    client.post("/admin/indicateurs/import/confirmer/", {"jeton": essai.context["jeton"]})
    corrigee, brouillon = valeur(paris, "A1E2-01"), valeur(paris, "A1E2-02")
    assert (corrigee.etat, corrigee.valeur, corrigee.correction_valeur) == ("publie", 5, 9)
    assert (brouillon.etat, brouillon.valeur) == ("brouillon", 3)
    # The same file again changes nothing; the published content back drops the correction.
    assert importer(fichier, "f.csv", membres["contributeur"]).inchangees == 2
    importer(csv("75056;commune;A1E2-01;2025;5;;;;"), "f.csv", membres["contributeur"])
    assert valeur(paris, "A1E2-01").correction_etat is None


def lot(jeton, valeurs, client):
    return client.post(
        "/api/v1/indicateurs/valeurs",
        json.dumps({"valeurs": valeurs}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {jeton}"},
    )


def test_l_api_dit_la_valeur_publiee_et_la_correction(client, paris, membres):
    creer(paris, "A1E2-01", etat="publie", valeur=5)
    jeton = APIToken.create_token(user=membres["contributeur"], name="t")[1]
    corps = [{"collectivite": "75056", "indicateur": "A1E2-01", "annee": 2025, "valeur": 9}]
    reponse = lot(jeton, corps, client).json()
    assert reponse["modifiees"] == 1
    (correction,) = reponse["corrections"]
    assert correction["indicateur"] == "A1E2-01" and correction["annee"] == 2025
    assert correction["publiee"]["valeur"] == 5 and correction["en_attente"]["valeur"] == 9
    publiques = client.get("/api/v1/indicateurs/valeurs?annee=2025").json()["items"]
    assert [v["valeur"] for v in publiques] == [5]


# --- no public figure moves without a validator


@pytest.fixture
def profil_paris(paris):
    ajouter_page(CollectivitesPage, title="Collectivités", slug="collectivites")
    return f"/collectivites/{paris.slug}/"


def figures_publiques(client, profil):
    client.logout()
    return (
        client.get("/api/v1/indicateurs/A1E2-01/agregats?annee=2025").json(),
        client.get("/api/v1/indicateurs/A1E2-01/agregats?annee=2025&groupe=type").json(),
        client.get("/api/v1/indicateurs/valeurs?annee=2025").json(),
        client.get(profil).content.decode(),
    )


@pytest.mark.parametrize(
    "role", ["contributeur", "validateur", "lecteur", "autre", "analyste", "admin"]
)
def test_aucun_role_ne_change_un_chiffre_public_sans_publier(
    client, paris, membres, role, profil_paris
):
    creer(paris, "A1E2-01", etat="publie", valeur=5)
    avant = figures_publiques(client, profil_paris)
    assert "5" in avant[3] and avant[0][0]["valeur"] == 5
    user = membres[role]
    client.force_login(user)
    grille = client.get(url(paris))
    if grille.status_code == 200:
        client.post(url(paris), formulaire(grille.context["lignes"], {"A1E2-01__valeur": "9"}))
    client.post(url(paris) + "etat/", {"transition": "brouillon:soumis"})
    jeton = APIToken.create_token(user=user, name="t")[1]
    lot(
        jeton,
        [{"collectivite": "75056", "indicateur": "A1E2-01", "annee": 2025, "valeur": 9}],
        client,
    )
    importer(csv("75056;commune;A1E2-01;2025;9;;;;"), "f.csv", user)
    assert figures_publiques(client, profil_paris) == avant
    ecrit = role in ("contributeur", "validateur", "admin")
    assert (valeur(paris, "A1E2-01").correction_valeur == 9) is ecrit
    # The figures move when, and only when, a validator publishes the correction.
    if ecrit:
        # Four eyes: whoever submitted above does not validate.
        valideur = membres["admin" if role == "validateur" else "validateur"]
        client.force_login(valideur)
        for transition in ("brouillon:soumis", "soumis:valide"):
            client.post(url(paris) + "etat/", {"transition": transition})
        assert figures_publiques(client, profil_paris) == avant
        client.force_login(valideur)
        client.post(url(paris) + "etat/", {"transition": "valide:publie"})
        apres = figures_publiques(client, profil_paris)
        assert apres[0][0]["valeur"] == 9 and apres[2]["items"][0]["valeur"] == 9
