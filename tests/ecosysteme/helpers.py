"""Shared builders of the ecosysteme tests (directory, toolbox, lexicon), and of the pages' tests
that show actors, resources or terms."""

import pytest

from cms.models import HomePage
from ecosysteme.models import (
    Acteur,
    ActeurZone,
    AnnuairePage,
    BoiteAOutilsPage,
    LexiquePage,
    TypeActeur,
)
from manifeste.models import Collectivite, Engagement

SIRET_VALIDE = "84123456700011"


def coll(type_, code):
    return Collectivite.objects.filter(type=type_).par_identifiant(code).get()


def engagement(code):
    return Engagement.objects.courants().get(code=code)


def creer_acteur(nom, type_, commune, zone, codes=(), publie=True, **kwargs):
    acteur = Acteur(nom=nom, type=type_, commune=commune, publie=publie, **kwargs)
    acteur.engagements = [engagement(c) for c in codes]
    acteur.zones_desservies = [ActeurZone(collectivite=c) for c in zone]
    acteur.save()
    return acteur


def ajouter_page(modele, **kwargs):
    home = HomePage.objects.get()
    return home.add_child(instance=modele(**kwargs))


@pytest.fixture
def annuaire(db):
    return ajouter_page(AnnuairePage, title="Annuaire", slug="annuaire")


@pytest.fixture
def boite(db):
    return ajouter_page(BoiteAOutilsPage, title="Boîte à outils", slug="boite-a-outils")


@pytest.fixture
def lexique(db):
    return ajouter_page(LexiquePage, title="Lexique", slug="lexique")


@pytest.fixture
def acteurs(referentiel, territoires, annuaire):
    """One actor per situation the territory filter must tell apart."""
    lyon, paris = coll("commune", "69123"), coll("commune", "75056")
    ambérieu = coll("commune", "01004")
    aura, ain = coll("region", "84"), coll("departement", "01")
    return {
        "region": creer_acteur(
            "Recond Région", TypeActeur.RECONDITIONNEUR, lyon, [aura], ["A2E3", "A2E2"]
        ),
        "ain": creer_acteur("Recond Ain", TypeActeur.RECONDITIONNEUR, ambérieu, [ain], ["A2E3"]),
        "lyon": creer_acteur("Aide Lyon", TypeActeur.AIDE_NUMERIQUE, lyon, [lyon], ["A1E1"]),
        "paris": creer_acteur("Libre Paris", TypeActeur.LOGICIEL_LIBRE, paris, [paris], ["A2E2"]),
        "brouillon": creer_acteur(
            "Recond Caché", TypeActeur.RECONDITIONNEUR, lyon, [aura], ["A2E3"], publie=False
        ),
    }
