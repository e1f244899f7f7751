"""A database of the release before the move (directory, toolbox and lexicon in the `cms` app)
migrates to the `ecosysteme` app and every row is found: the tables stay, the pages and the
permissions follow their content types.

The rows are written through the historical models of that release, as it would have."""

import uuid
from importlib import import_module

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from wagtail.models import Page, Revision

from ecosysteme import models as nouveaux
from manifeste.models import Collectivite

AVANT_LE_DEPLACEMENT = [("cms", "0006_chiffre_cle_annee")]
MODELES = import_module("ecosysteme.migrations.0001_initial").MODELES  # the moved models

pytestmark = pytest.mark.django_db(transaction=True)


def migrer_vers(cibles):
    executor = MigrationExecutor(connection)
    executor.migrate(cibles)
    return executor.loader.project_state(cibles).apps


def chemin_enfant(Page_, parent):
    """The path `add_child` gives a new last child (treebeard's encoding, from Wagtail's Page)."""
    dernier = (
        Page_.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    rang = Page._str2int(dernier[-Page.steplen :]) + 1 if dernier else 1
    return Page._get_path(parent.path, parent.depth + 1, rang)


class AncienneVersion:
    """Writes as the previous release did, through the models of its migration state."""

    def __init__(self, apps):
        self.apps = apps
        self.Page = apps.get_model("wagtailcore", "Page")
        self.ContentType = apps.get_model("contenttypes", "ContentType")

    def modele(self, nom):
        return self.apps.get_model("cms", nom)

    def page(self, parent, nom, titre, slug, **champs):
        """A live child page, as `add_child` writes it (path, depth, url_path, content type)."""
        modele = self.modele(nom)
        content_type, _ = self.ContentType.objects.get_or_create(app_label="cms", model=nom.lower())
        page = modele.objects.create(
            title=titre,
            draft_title=titre,
            slug=slug,
            content_type=content_type,
            path=chemin_enfant(self.Page, parent),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{slug}/",
            locale_id=parent.locale_id,
            translation_key=uuid.uuid4(),
            live=True,
            **champs,
        )
        self.Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + 1)
        parent.numchild += 1
        return page

    def lier(self, nom, objet, engagements):
        through = self.modele(nom)._meta.get_field("engagements").remote_field.through
        champ = f"{nom.lower()}_id"
        through.objects.bulk_create(
            through(**{champ: objet.pk, "engagement_id": e.pk}) for e in engagements
        )


def ecrire_comme_avant(apps):
    ancienne = AncienneVersion(apps)
    Engagement = apps.get_model("manifeste", "Engagement")
    Collectivite_ = apps.get_model("manifeste", "Collectivite")
    engagements = list(Engagement.objects.filter(code__in=["A2E2", "A2E3"]))
    lyon = Collectivite_.objects.get(type="commune", code_insee="69123")
    region = Collectivite_.objects.get(type="region", code_insee="84")
    home = apps.get_model("cms", "HomePage").objects.get()

    annuaire = ancienne.page(home, "AnnuairePage", "Annuaire", "annuaire", intro="<p>Intro</p>")
    Acteur = ancienne.modele("Acteur")
    acteurs = [
        Acteur.objects.create(nom=nom, slug=slug, type="reconditionneur", commune=lyon, publie=True)
        for nom, slug in [("Recond Lyon", "recond-lyon"), ("Recycle Rhône", "recycle-rhone")]
    ]
    for acteur in acteurs:
        ancienne.lier("Acteur", acteur, engagements)
        for rang, zone in enumerate([lyon, region]):
            ancienne.modele("ActeurZone").objects.create(
                acteur=acteur, collectivite=zone, sort_order=rang
            )
    ancienne.modele("HistoricalActeur").objects.create(
        id=acteurs[0].pk,
        nom=acteurs[0].nom,
        slug=acteurs[0].slug,
        type="reconditionneur",
        commune_id=lyon.pk,
        publie=True,
        cree_le=acteurs[0].cree_le,
        modifie_le=acteurs[0].modifie_le,
        history_date=acteurs[0].cree_le,
        history_type="+",
    )

    lexique = ancienne.page(home, "LexiquePage", "Lexique", "lexique")
    for titre in ("Réemploi", "RGESN"):
        terme = ancienne.page(
            lexique, "Terme", titre, titre.lower(), definition="<p>Défini.</p>", synonymes="x"
        )
        ancienne.lier("Terme", terme, engagements)
    Revision = apps.get_model("wagtailcore", "Revision")
    revision = Revision.objects.create(
        content_type_id=lexique.content_type_id,
        base_content_type_id=ancienne.ContentType.objects.get(
            app_label="wagtailcore", model="page"
        ).pk,
        object_id=str(lexique.pk),
        content={"pk": lexique.pk, "title": "Lexique", "slug": "lexique", "intro": ""},
        object_str="Lexique",
        created_at=timezone.now(),
    )
    ancienne.Page.objects.filter(pk=lexique.pk).update(latest_revision=revision)

    boite = ancienne.page(home, "BoiteAOutilsPage", "Boîte à outils", "boite-a-outils")
    ressource = ancienne.page(boite, "RessourcePage", "Guide", "guide", type_ressource="guide")
    ancienne.lier("RessourcePage", ressource, engagements)
    document = apps.get_model("wagtaildocs", "Document").objects.create(
        title="Guide PDF",
        file="documents/guide.pdf",
        collection=apps.get_model("wagtailcore", "Collection").objects.get(depth=1),
    )
    ancienne.modele("RessourceDocument").objects.create(
        page=ressource, document=document, sort_order=0
    )
    return {
        "annuaire": annuaire.pk,
        "lexique": lexique.pk,
        "boite": boite.pk,
        "ressource": ressource.pk,
        "revision": revision.pk,
    }


def test_a_database_of_the_previous_release_migrates_and_finds_every_row(
    referentiel, territoires, client
):
    try:
        avant = ecrire_comme_avant(migrer_vers(AVANT_LE_DEPLACEMENT))
    finally:
        call_command("migrate", verbosity=0)  # as a deployment does, post_migrate included
    ContentType.objects.clear_cache()  # this process cached the content types of before

    assert nouveaux.Acteur.objects.count() == 2
    assert nouveaux.ActeurZone.objects.count() == 4
    assert nouveaux.Acteur.engagements.through.objects.count() == 4
    assert nouveaux.Acteur.history.count() == 1
    region = Collectivite.objects.get(type="region", code_insee="84")
    assert list(nouveaux.acteurs_servant(region).values_list("nom", flat=True)) == [
        "Recond Lyon",
        "Recycle Rhône",
    ]
    assert nouveaux.Terme.objects.count() == 2
    assert nouveaux.Terme.engagements.through.objects.count() == 4
    assert nouveaux.RessourcePage.objects.get().engagements.count() == 2
    assert nouveaux.RessourceDocument.objects.get().document.title == "Guide PDF"

    pages = {
        cle: Page.objects.get(pk=pk).specific for cle, pk in avant.items() if cle != "revision"
    }
    assert {cle: type(page) for cle, page in pages.items()} == {
        "annuaire": nouveaux.AnnuairePage,
        "lexique": nouveaux.LexiquePage,
        "boite": nouveaux.BoiteAOutilsPage,
        "ressource": nouveaux.RessourcePage,
    }
    assert isinstance(Revision.objects.get(pk=avant["revision"]).as_object(), nouveaux.LexiquePage)

    # One content type per moved model, the one the rows point to; its permissions with it.
    assert not ContentType.objects.filter(app_label="cms", model__in=MODELES).exists()
    assert ContentType.objects.filter(app_label="ecosysteme").count() == len(MODELES)
    assert Permission.objects.filter(codename="change_acteur").get().content_type.app_label == (
        "ecosysteme"
    )

    annuaire = pages["annuaire"]
    urls = [
        annuaire.url,
        annuaire.url_acteur(nouveaux.Acteur.objects.get(slug="recond-lyon")),
        annuaire.url_proposer(),
        pages["lexique"].url,
        pages["lexique"].url + "?q=reemploi",
        *(terme.url for terme in nouveaux.Terme.objects.all()),
        pages["boite"].url,
        pages["ressource"].url,
    ]
    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 200)
    assert "Recond Lyon" in client.get(annuaire.url).content.decode()

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
