"""A fixed-window rate limit on Django's cache (shared by all servers when it is Redis)."""

from django.core.cache import cache


def adresse_client(request):
    # Behind the production proxy REMOTE_ADDR is set from the trusted forwarded header by the
    # proxy itself; trusting X-Forwarded-For here would let a spammer pick their own key.
    return request.META.get("REMOTE_ADDR", "inconnue")


def limite_atteinte(cle, limite):
    return (cache.get(cle) or 0) >= limite


def compter(cle, periode):
    """Count one more use; the window starts at the first use."""
    if not cache.add(cle, 1, timeout=periode):
        try:
            cache.incr(cle)
        except ValueError:  # expired between add and incr
            cache.add(cle, 1, timeout=periode)
