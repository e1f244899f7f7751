"""Evidence files are read only through the documents' view, as the roles table says.

Each evidence URL is fetched as every role, for every publication state, with the development
URLs (DEBUG on, as `make run`): the documents' view, the raw storage path and the old
`/media/documents/…` address.
"""

import importlib
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches, reverse
from wagtail.documents.models import Document

from commitments.documents import peut_lire_document
from commitments.models import Evaluation, Preuve
from manifeste.storage import privatiser
from tests.commitments_helpers import donnees, url_evaluation

CONTENU = b"Preuve confidentielle de Paris"
ROLES = ["anonyme", "lecteur", "contributeur", "validateur", "autre", "analyste", "admin", "root"]
LECTEURS_DES_BROUILLONS = {"lecteur", "contributeur", "validateur", "analyste", "admin", "root"}
ETATS = [
    ("brouillon", False),
    ("soumis", False),
    ("valide", False),
    ("publie", False),
    ("publie", True),
]


@pytest.fixture
def urls_de_developpement(settings):
    """The URLconf as `make run` builds it (DEBUG on adds the development routes)."""
    import config.urls

    def recharger(debug):
        settings.DEBUG = debug
        importlib.reload(config.urls)
        clear_url_caches()

    recharger(True)
    yield
    recharger(False)


@pytest.fixture
def preuve(monde, evaluation_paris):
    """Evidence uploaded by Paris's contributor through the assessment form."""
    from django.test import Client

    client = Client()
    client.force_login(monde.users["contributeur"])
    fichier = SimpleUploadedFile("preuve-paris.txt", CONTENU, content_type="text/plain")
    reponse = client.post(url_evaluation(monde, monde.paris), donnees(niveau=2, fichier=fichier))
    assert reponse.status_code == 302
    return Preuve.objects.select_related("document").get()


@pytest.fixture
def utilisateurs(monde, admin_user):
    return {"anonyme": None, "root": admin_user, **monde.users}


def lire(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    reponse = client.get(url)
    contenu = b"".join(reponse.streaming_content) if reponse.streaming else reponse.content
    return reponse.status_code, contenu


def adresses_brutes(document):
    """Every address a file could be read at if a folder were served as is."""
    nom = document.file.name  # documents/<random>/preuve-paris.txt
    return [
        f"/media/{nom}",
        f"/media/documents/{document.filename}",  # where files lay before
        f"/{nom}",
        f"/prive/{nom}",
        f"/documents/{document.filename}",
        f"/documents/{document.pk}/autre-nom.txt",
    ]


@pytest.mark.parametrize("etat,publique", ETATS, ids=[f"{e}-{p}" for e, p in ETATS])
def test_chaque_role_lit_les_preuves_que_le_tableau_des_roles_lui_ouvre(
    client, urls_de_developpement, preuve, utilisateurs, etat, publique
):
    Evaluation.objects.update(etat_publication=etat)
    Preuve.objects.update(publique=publique)
    document = preuve.document
    attendu, obtenu = {}, {}
    for role in ROLES:
        peut = role in LECTEURS_DES_BROUILLONS or (etat == "publie" and publique)
        attendu[(role, document.url)] = (200, CONTENU) if peut else (404, None)
        statut, contenu = lire(client, utilisateurs[role], document.url)
        obtenu[(role, document.url)] = (statut, contenu if statut == 200 else None)
        for adresse in adresses_brutes(document):
            attendu[(role, adresse)] = 404
            statut, contenu = lire(client, utilisateurs[role], adresse)
            obtenu[(role, adresse)] = statut
            assert CONTENU not in contenu, (role, adresse)
    assert obtenu == attendu


def test_la_decision_ne_depend_que_du_tableau_des_roles(monde, preuve, admin_user):
    """The permission function alone, without HTTP."""
    from django.contrib.auth.models import AnonymousUser

    document = preuve.document
    assert peut_lire_document(monde.users["lecteur"], document)
    assert peut_lire_document(monde.users["analyste"], document)
    assert peut_lire_document(admin_user, document)
    assert not peut_lire_document(monde.users["autre"], document)
    assert not peut_lire_document(AnonymousUser(), document)
    Evaluation.objects.update(etat_publication="publie")
    Preuve.objects.update(publique=True)
    assert peut_lire_document(AnonymousUser(), document)
    # A toolbox document is attached to no evidence: public.
    libre = Document.objects.create(title="Guide", file=ContentFile(b"guide", name="guide.txt"))
    assert peut_lire_document(AnonymousUser(), libre)


def test_le_fichier_est_hors_du_dossier_public_sous_un_nom_imprevisible(
    settings, monde, preuve, documents_prives
):
    document = preuve.document
    assert re.fullmatch(r"documents/[A-Za-z0-9_-]{22}/preuve-paris\.txt", document.file.name)
    assert document.filename == "preuve-paris.txt"  # the download keeps the officer's name
    assert (Path(documents_prives) / document.file.name).read_bytes() == CONTENU
    assert not (Path(settings.MEDIA_ROOT) / document.file.name).exists()
    autre = Document.objects.create(title="x", file=ContentFile(b"x", name="preuve-paris.txt"))
    assert autre.file.name != document.file.name
    with pytest.raises(NotImplementedError):
        document.file.url  # noqa: B018 — nothing may link to the storage


def test_un_document_servi_ne_va_pas_dans_un_cache_partage(client, monde, preuve):
    client.force_login(monde.users["lecteur"])
    reponse = client.get(preuve.document.url)
    assert reponse.status_code == 200
    assert "private" in reponse["Cache-Control"]


def test_la_preuve_publique_se_choisit_dans_le_formulaire(client, monde, evaluation_paris):
    client.force_login(monde.users["contributeur"])
    url = url_evaluation(monde, monde.paris)
    page = client.get(url).content.decode()
    assert 'name="fichier_public"' in page
    fichier = SimpleUploadedFile("bilan.txt", b"bilan")
    client.post(url, donnees(niveau=2, fichier=fichier, fichier_public="on"))
    preuve = Preuve.objects.get()
    assert preuve.publique
    page = client.get(url).content.decode()
    assert 'name="preuves-0-publique"' in page and "checked" in page
    formulaire = donnees(
        niveau=2,
        **{
            "preuves-TOTAL_FORMS": "1",
            "preuves-INITIAL_FORMS": "1",
            "preuves-0-id": str(preuve.pk),
            "preuves-0-libelle": "bilan.txt",
        },
    )
    client.post(url, formulaire)  # the box unticked
    preuve.refresh_from_db()
    assert not preuve.publique


@pytest.fixture
def redacteur(django_user_model):
    """An editor of the site's pages: Wagtail's « Editors » may use the documents library."""
    user = django_user_model.objects.create_user("redacteur", password="pw")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_la_bibliotheque_et_le_selecteur_ne_listent_que_les_documents_lisibles(
    client, monde, preuve, redacteur, admin_user
):
    Document.objects.create(title="Guide public", file=ContentFile(b"g", name="guide.txt"))
    pages = [reverse("wagtaildocs:index"), reverse("wagtaildocs_chooser:choose")]
    client.force_login(redacteur)
    for page in pages:
        html = client.get(page).content.decode()
        assert "Guide public" in html and "preuve-paris" not in html, page
    assert client.get(reverse("wagtaildocs:edit", args=[preuve.document.pk])).status_code in (
        302,
        403,
        404,
    )
    client.force_login(admin_user)
    assert "preuve-paris" in client.get(pages[0]).content.decode()
    Evaluation.objects.update(etat_publication="publie")
    Preuve.objects.update(publique=True)
    client.force_login(redacteur)
    assert "preuve-paris" in client.get(pages[0]).content.decode()


def test_les_documents_deja_deposes_quittent_le_dossier_public(db, settings, tmp_path):
    ancien = tmp_path / "media"
    (ancien / "documents").mkdir(parents=True)
    (ancien / "documents" / "preuve-lyon.txt").write_bytes(b"ancien")
    document = Document.objects.create(title="Ancien", file="documents/preuve-lyon.txt")
    assert privatiser(Document.objects.all(), ancien, default_storage) == 1
    document.refresh_from_db()
    assert not (ancien / "documents" / "preuve-lyon.txt").exists()
    assert document.file.name.endswith("/preuve-lyon.txt")
    assert document.file.name != "documents/preuve-lyon.txt"
    assert default_storage.open(document.file.name).read() == b"ancien"
    assert privatiser(Document.objects.all(), ancien, default_storage) == 0  # idempotent
