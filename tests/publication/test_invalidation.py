"""The dashboards' cache is renewed when the public may see a change, once committed, and
only then."""

import pytest

from commitments.workflow import EtatPublication
from indicators.imports import importer
from indicators.models import Indicateur, Valeur
from manifeste.models import Collectivite
from publication import cache

pytestmark = pytest.mark.django_db
PUBLIE, VALIDE = EtatPublication.PUBLIE, EtatPublication.VALIDE


@pytest.fixture
def valeur(territoires, catalogue):
    return Valeur.objects.create(
        collectivite=Collectivite.objects.get(code_insee="75056", type="commune"),
        indicateur=Indicateur.objects.get(code="A2E3-01"),
        annee=2025,
        numerateur=40,
        denominateur=100,
    )


@pytest.fixture
def change_la_version(django_capture_on_commit_callbacks):
    def change(action):
        avant = cache.version()
        with django_capture_on_commit_callbacks(execute=True):
            action()
        return cache.version() != avant

    return change


def test_drafts_saved_or_deleted_leave_the_cache_alone(valeur, change_la_version):
    valeur.numerateur = 41
    assert not change_la_version(valeur.save)
    valeur.etat = VALIDE
    assert not change_la_version(valeur.save)
    assert not change_la_version(Valeur.objects.get(pk=valeur.pk).delete)


def test_publishing_correcting_withdrawing_or_deleting_renews_it(valeur, change_la_version):
    valeur.etat = PUBLIE
    assert change_la_version(valeur.save)  # published
    valeur.numerateur = 42
    assert change_la_version(valeur.save)  # a published figure corrected
    lue = Valeur.objects.get(pk=valeur.pk)
    lue.etat = VALIDE
    assert change_la_version(lue.save)  # withdrawn: loaded published, saved validated
    assert not change_la_version(lue.save)  # then a plain draft again
    lue.etat = PUBLIE
    lue.save()
    assert change_la_version(Valeur.objects.get(pk=valeur.pk).delete)


def test_an_import_correcting_a_published_value_leaves_it(valeur, change_la_version):
    """The correction waits for a validator: what the public sees has not changed."""
    valeur.etat = PUBLIE
    valeur.save()
    entete = "collectivite;type_collectivite;indicateur;annee;numerateur;denominateur\n"

    def importer_correction(numerateur):
        contenu = f"{entete}75056;commune;A2E3-01;2025;{numerateur};100\n".encode()
        assert importer(contenu, "v.csv").ecrit

    assert not change_la_version(lambda: importer_correction(45))
    assert Valeur.objects.get(pk=valeur.pk).etat == "publie"
    assert not change_la_version(lambda: importer_correction(46))  # the correction corrected
