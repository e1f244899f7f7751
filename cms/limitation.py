"""A fixed-window rate limit on Django's cache (shared by all servers when it is Redis)."""

from django.core.cache import cache


def adresse_client(request):
    # Behind the production proxy REMOTE_ADDR is set from the trusted forwarded header by the
    # proxy itself; trusting X-Forwarded-For here would let a spammer pick their own key.
    return request.META.get("REMOTE_ADDR", "inconnue")


def limite_atteinte(cle, limite):
    return (cache.get(cle) or 0) >= limite


def compter(cle, periode):
    """Count one more use and return the count, atomically across servers; the window starts at
    the first use and lasts `periode` seconds (None: for ever)."""
    if cache.add(cle, 1, timeout=periode):
        return 1
    try:
        return cache.incr(cle)
    except ValueError:  # expired between add and incr
        cache.add(cle, 1, timeout=periode)
        return cache.get(cle)
