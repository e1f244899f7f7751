"""A failed task is enqueued again later: 10 s, then 20 s, 40 s… ESSAIS tries in all."""

from datetime import timedelta

from django.utils import timezone

ESSAIS = 5


def plus_tard(tache, essai, *args, **kwargs):
    """Enqueue `tache(*args, essai=essai + 1, **kwargs)` after a delay growing with `essai`,
    unless it was the last try or the backend cannot wait."""
    if essai + 1 < ESSAIS and tache.get_backend().supports_defer:
        quand = timezone.now() + timedelta(seconds=10 * 2**essai)
        tache.using(run_after=quand).enqueue(*args, essai=essai + 1, **kwargs)
