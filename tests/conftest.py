import io
from pathlib import Path

import pytest
from django.core.management import call_command

from manifeste.loaders.referentiel import charger_referentiel
from manifeste.loaders.territoires import charger_territoires

DATA = Path(__file__).parent / "data"


@pytest.fixture
def referentiel(db):
    return charger_referentiel()


@pytest.fixture
def territoires(db):
    """A dozen real collectivities (Paris, Lyon, Saint-Denis…) in the reference file's format."""
    charger_territoires(DATA / "territoires-mini.csv")


@pytest.fixture
def demo(db, referentiel, territoires):
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def chiffres_diffuses(settings):
    """The stored figures computed now, then read as in production, where a worker computed
    them: for the tests that count a page's queries (request it after the data)."""
    from publication import diffusion

    diffusion.calculer_a_faire()
    settings.CHIFFRES_A_LA_LECTURE = False


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "pw")


@pytest.fixture(autouse=True)
def documents_prives(settings, tmp_path_factory):
    """Uploaded documents go to a temporary private folder, not the working tree."""
    settings.DOCUMENTS_ROOT = tmp_path_factory.mktemp("prive")
    return settings.DOCUMENTS_ROOT


@pytest.fixture(autouse=True)
def cache_vide():
    """Dashboards cache their figures: no test may see another test's cached data."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def langue_par_defaut(settings):
    """A request to /en/ leaves English active in the thread: each test starts in French."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def catalogue(db, referentiel):
    """The 40 shared indicators and campaigns 2023–2025."""
    import datetime

    from commitments.models import Campagne
    from indicators.catalogue import charger_catalogue

    charger_catalogue()
    for annee in (2023, 2024, 2025):
        Campagne.objects.get_or_create(
            annee=annee,
            defaults={
                "date_ouverture": datetime.date(annee + 1, 1, 1),
                "date_cloture": datetime.date(annee + 1, 6, 30),
            },
        )


@pytest.fixture
def paris(territoires, catalogue):
    from manifeste.models import Collectivite

    return Collectivite.objects.get(code_insee="75056", type="commune")


@pytest.fixture
def contributeur(paris, django_user_model):
    """A contributor of Paris who may open the admin (the indicator grid and imports)."""
    from django.contrib.auth.models import Permission

    from commitments.models import Membre

    user = django_user_model.objects.create_user("contrib", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    Membre.objects.create(user=user, collectivite=paris, role="contributeur")
    return user


# Fixtures shared by the tests of each feature.
pytest_plugins = ["tests.fixtures_commitments", "tests.ecosysteme.helpers", "tests.fixtures_demo"]


FIXTURES_DE_BASE = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


@pytest.fixture(scope="session", autouse=True)
def instantane_migre(request, django_db_setup, django_db_blocker):
    """The migrated database, saved before any test writes (tests.instantane). pytest-django
    creates no database for a session whose tests use none: then there is nothing to save."""
    from tests import instantane

    if any(
        item.get_closest_marker("django_db") or FIXTURES_DE_BASE & set(item.fixturenames)
        for item in request.session.items
    ):
        with django_db_blocker.unblock():
            instantane.prendre()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends with a flush that drops what the migrations wrote: put it
    back for the tests that follow (browser tests restore their own, see tests/browser)."""
    yield
    marque = item.get_closest_marker("django_db")
    transactionnel = marque is not None and marque.kwargs.get("transaction")
    # After the last test the session's teardown has removed the test database already.
    if transactionnel and nextitem is not None and item.get_closest_marker("browser") is None:
        from pytest_django.plugin import blocking_manager_key

        from tests import instantane

        with item.config.stash[blocking_manager_key].unblock():
            instantane.restaurer()
