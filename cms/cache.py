"""Cache of the public dashboards, emptied in one step when anything is published.

Keys carry a namespace version stored in the cache itself; `invalider_tableaux()` bumps it, so
every dashboard figure cached before a publication becomes unreachable at once, on every
application server sharing the cache (Redis when REDIS_URL is set, else local memory). Old
entries simply expire. Publication signals (assessments, indicator values) call
`invalider_tableaux()`; pages call `en_cache(...)`.
"""

import hashlib
import time

from django.core.cache import cache

_CLE_VERSION = "tableaux:version"
DUREE = 60 * 60 * 24  # a day: correctness comes from the version, not from the expiry


def _nouvelle_version():
    # Seeded from the clock, not 1: if the version key is ever evicted, restarting at 1 could
    # revive entries cached under an old version; microseconds never come back.
    return time.time_ns() // 1000


def version():
    # add() is atomic: two servers starting together agree on one version.
    cache.add(_CLE_VERSION, _nouvelle_version(), timeout=None)
    return cache.get(_CLE_VERSION)


def invalider_tableaux():
    """Make every cached dashboard figure stale; returns the new version."""
    try:
        return cache.incr(_CLE_VERSION)
    except ValueError:  # never set, or evicted: a fresh clock value is newer than any before
        cache.add(_CLE_VERSION, _nouvelle_version(), timeout=None)
        return cache.get(_CLE_VERSION)


def cle(nom, *parties):
    """'tableaux:<version>:<nom>:<hash of the parts>' — parts are any str()-able values."""
    empreinte = hashlib.sha1("|".join(map(str, parties)).encode()).hexdigest()[:16]
    return f"tableaux:{version()}:{nom}:{empreinte}"


def en_cache(nom, *parties, calculer, duree=DUREE):
    """The cached value for (nom, parties), computed by `calculer()` on a miss."""
    cle_complete = cle(nom, *parties)
    valeur = cache.get(cle_complete)
    if valeur is None:
        valeur = calculer()
        cache.set(cle_complete, valeur, duree)
    return valeur
