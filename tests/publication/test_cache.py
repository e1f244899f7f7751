import socket
import threading
import time

import pytest
from django.core.cache import cache as default_cache
from django.test import override_settings

from publication import cache as tableaux_cache


def _redis_repond():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


BACKENDS = {
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"},
    "redis": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/15",
        "KEY_PREFIX": "tnr-test-dashboards",
    },
}


@pytest.fixture(params=list(BACKENDS))
def backend(request):
    if request.param == "redis" and not _redis_repond():
        pytest.skip("pas de Redis sur 127.0.0.1:6379")
    with override_settings(CACHES={"default": BACKENDS[request.param]}):
        default_cache.clear()
        yield request.param
        default_cache.clear()


def test_cached_value_is_computed_once_until_publication(backend):
    appels = []

    def calculer():
        appels.append(1)
        return {"mediane": 42 + len(appels)}

    assert tableaux_cache.en_cache("profil", "paris", 2025, calculer=calculer) == {"mediane": 43}
    assert tableaux_cache.en_cache("profil", "paris", 2025, calculer=calculer) == {"mediane": 43}
    assert len(appels) == 1
    assert tableaux_cache.en_cache("profil", "lyon", 2025, calculer=calculer) == {"mediane": 44}
    tableaux_cache.invalider_tableaux()
    assert tableaux_cache.en_cache("profil", "paris", 2025, calculer=calculer) == {"mediane": 45}
    assert len(appels) == 3


def test_invalidation_bumps_the_key_namespace(backend):
    generale, publication = map(int, tableaux_cache.version().split("."))
    avant = tableaux_cache.cle("national", "type=commune")
    assert avant.startswith(f"tableaux:{generale}.{publication}:national:")
    assert tableaux_cache.invalider_tableaux() == generale + 1
    apres = tableaux_cache.cle("national", "type=commune")
    assert apres == avant.replace(f"{generale}.", f"{generale + 1}.", 1)


def test_a_new_publication_switches_every_cached_figure_at_once(backend):
    assert tableaux_cache.en_cache("national", calculer=lambda: "ancien") == "ancien"
    avant, apres = tableaux_cache.nouvelle_publication()
    assert avant != apres == tableaux_cache.version()
    assert tableaux_cache.en_cache("national", calculer=lambda: "nouveau") == "nouveau"


@pytest.mark.parametrize("cle", ["tableaux:version", "tableaux:publication"])
def test_invalidation_survives_an_evicted_version(backend, cle):
    tableaux_cache.invalider_tableaux()
    ancienne = tableaux_cache.version()
    default_cache.delete(cle)
    tableaux_cache.invalider_tableaux()
    nouvelle = tableaux_cache.version()
    # Never a namespace that may still hold old entries: no part ever goes back.
    assert nouvelle != ancienne
    assert all(
        int(n) >= int(a) for n, a in zip(nouvelle.split("."), ancienne.split("."), strict=True)
    )


def test_simultaneous_misses_compute_the_value_once(backend):
    appels, resultats = [], []
    commence = threading.Event()

    def lent():
        appels.append(1)
        commence.set()
        time.sleep(0.3)
        return {"n": 42}

    def lire():
        resultats.append(tableaux_cache.en_cache("national", 2025, calculer=lent))

    premier = threading.Thread(target=lire)
    premier.start()
    assert commence.wait(5)
    autres = [threading.Thread(target=lire) for _ in range(3)]
    for fil in autres:
        fil.start()
    for fil in [premier, *autres]:
        fil.join(10)
    assert resultats == [{"n": 42}] * 4
    assert len(appels) == 1


def test_a_failed_computation_leaves_the_next_request_free_to_compute(backend):
    def en_panne():
        raise RuntimeError("base indisponible")

    with pytest.raises(RuntimeError):
        tableaux_cache.en_cache("national", 2026, calculer=en_panne)
    assert tableaux_cache.en_cache("national", 2026, calculer=lambda: 7) == 7
