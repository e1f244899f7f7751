"""Whether this database holds demonstration data (set by `seed_demo`), read once per cache
lifetime: the banner of every public page asks on each render."""

from django.core.cache import cache

from manifeste.models import Demonstration

CLE = "manifeste:demonstration"


def marquer():
    Demonstration.objects.update_or_create(pk=1)
    cache.delete(CLE)


def est_demonstration():
    return cache.get_or_set(CLE, Demonstration.objects.exists, timeout=None)
