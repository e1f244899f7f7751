"""Cache of the public dashboards, emptied in one step when what they show changes.

Keys carry a namespace version stored in the cache itself, in two parts: every cached figure
becomes unreachable at once, on every application server sharing the cache (Redis when
REDIS_URL is set, else local memory), when either changes. Old entries simply expire.
- `invalider_tableaux()` bumps the first part: pages, referential and actors (rare edits);
- `nouvelle_publication()` the second, when the task of a publication runs (publication.tasks).
Pages call `en_cache(...)`.
"""

import contextvars
import hashlib
import time

from django.core.cache import cache
from django.utils.translation import get_language

_CLE_VERSION = "tableaux:version"
_CLE_PUBLICATION = "tableaux:publication"
# Whether the current request read published figures (publication.page_cache keeps those).
lu = contextvars.ContextVar("tableaux_lus", default=False)
DUREE = 60 * 60 * 24  # a day: correctness comes from the version, not from the expiry
ATTENTE_MAX = 30  # seconds a request waits for a value another one is computing


def _nouvelle_version():
    # Seeded from the clock, not 1: if the version key is ever evicted, restarting at 1 could
    # revive entries cached under an old version; microseconds never come back.
    return time.time_ns() // 1000


def _lire(cle):
    # add() is atomic: two servers starting together agree on one version.
    cache.add(cle, _nouvelle_version(), timeout=None)
    return cache.get(cle)


def version():
    """'<version>.<publication>': the namespace of every cached figure."""
    lu.set(True)
    valeurs = cache.get_many([_CLE_VERSION, _CLE_PUBLICATION])
    generale = valeurs.get(_CLE_VERSION) or _lire(_CLE_VERSION)
    publication = valeurs.get(_CLE_PUBLICATION) or _lire(_CLE_PUBLICATION)
    return f"{generale}.{publication}"


def nouvelle_publication():
    """Show newly stored figures: returns (the former namespace, the new one)."""
    precedente = version()
    cache.set(_CLE_PUBLICATION, _nouvelle_version(), timeout=None)
    return precedente, version()


def invalider_tableaux():
    """Make every cached dashboard figure stale at once; returns the new first part."""
    try:
        return cache.incr(_CLE_VERSION)
    except ValueError:  # never set, or evicted: a fresh clock value is newer than any before
        cache.add(_CLE_VERSION, _nouvelle_version(), timeout=None)
        return cache.get(_CLE_VERSION)


def _empreinte(parties):
    return hashlib.sha1("|".join(map(str, parties)).encode()).hexdigest()[:16]


def cle(nom, *parties):
    """'tableaux:<version>:<nom>:<hash of the parts>' — parts are any str()-able values."""
    return f"tableaux:{version()}:{nom}:{_empreinte(parties)}"


def cle_fragment(nom, *parties):
    """Key of a rendered template fragment (`{% cache DUREE nom cle %}`) that only shows
    published data: dropped with the rest at the next publication."""
    return cle(f"fragment-{nom}", *parties, get_language())


def en_cache(nom, *parties, calculer, duree=DUREE, versionne=True):
    """The cached value for (nom, parties), computed by `calculer()` on a miss. Unversioned
    (`versionne=False`) when the parts hold everything the value depends on: it never goes
    stale, so a publication need not drop it."""
    cle_complete = cle(nom, *parties) if versionne else f"contenu:{nom}:{_empreinte(parties)}"
    valeur = cache.get(cle_complete)
    if valeur is None and not cache.add(f"{cle_complete}:calcul", 1, ATTENTE_MAX):
        valeur = _attendre(cle_complete)
    if valeur is None:
        try:
            valeur = calculer()
            cache.set(cle_complete, valeur, duree)
        finally:
            cache.delete(f"{cle_complete}:calcul")
    return valeur


def _attendre(cle_complete):
    """Another request (on any server) computes this value: wait for it rather than compute it
    again. Right after a publication every visitor of the national dashboard misses at once, and
    each computation reads millions of values. None when it takes too long: compute it then."""
    fin = time.monotonic() + ATTENTE_MAX
    while time.monotonic() < fin:
        time.sleep(0.05)
        valeur = cache.get(cle_complete)
        if valeur is not None or cache.get(f"{cle_complete}:calcul") is None:
            return valeur
    return None
