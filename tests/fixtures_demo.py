"""The realistic demo (the national picture of `seed_demo`) for the tests that read figures.

Loaded once per test module that asks for it, committed so every test of the module reads it
without reloading, then the database is restored to what it was: the other modules (and the
function-scoped `demo` fixture on the dozen collectivities of territoires-mini) never see it.
The territories are a subset of the real file: every région, département and EPCI, every
commune of 5,000 inhabitants or more, and the smaller communes the demo's draw signs — the same
signatories as on the full file, in a tenth of the loading time.
"""

import csv
import gzip
import io

import pytest
from django.core.management import call_command

from commitments.demo import SIGNATAIRES
from commitments.demo_national import cle_collectivite, probabilite_signature, uniforme
from manifeste.loaders.territoires import FICHIER_PAR_DEFAUT

SEUIL_COMMUNES = 5_000


def _garder(ligne, nommees):
    if ligne["type"] != "commune" or ligne["code_insee"] in nommees:
        return True
    population = int(ligne["population"] or 0)
    c = {**ligne, "population": population, "slug": ""}
    return population >= SEUIL_COMMUNES or uniforme(
        "signe", cle_collectivite(c)
    ) < probabilite_signature(c)


@pytest.fixture(scope="session")
def fichier_demo_nationale(tmp_path_factory):
    nommees = {code for _slug, code, type_ in SIGNATAIRES if type_ == "commune"}
    chemin = tmp_path_factory.mktemp("territoires") / "collectivites-demo.csv.gz"
    with gzip.open(FICHIER_PAR_DEFAUT, "rt", encoding="utf-8") as source:
        lecteur = csv.DictReader(source)
        with gzip.open(chemin, "wt", encoding="utf-8", newline="") as cible:
            ecrivain = csv.DictWriter(cible, lecteur.fieldnames)
            ecrivain.writeheader()
            ecrivain.writerows(ligne for ligne in lecteur if _garder(ligne, nommees))
    return chemin


@pytest.fixture(scope="module")
def demo_nationale(django_db_setup, django_db_blocker, fichier_demo_nationale):
    from django.core.cache import cache

    from manifeste.loaders.referentiel import charger_referentiel
    from manifeste.loaders.territoires import charger_territoires
    from tests import instantane

    with django_db_blocker.unblock():  # the migrated state is saved already (conftest)
        charger_referentiel()
        charger_territoires(fichier_demo_nationale)
        call_command("seed_demo", stdout=io.StringIO())
    cache.clear()
    yield
    with django_db_blocker.unblock():
        instantane.restaurer()
    cache.clear()
