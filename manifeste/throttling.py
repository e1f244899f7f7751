"""Rate limits: who the client is, and a fixed-window counter on Django's cache (shared by all
servers when it is Redis). Used by the login lockout, the password reset and public forms."""

import ipaddress

from django.conf import settings
from django.core.cache import cache

UNE_HEURE = 3600


def adresse_client(request):
    """The client's address: from the header the production proxy sets (ADRESSE_CLIENT_ENTETE),
    else REMOTE_ADDR. A client-supplied X-Forwarded-For is never read unless that setting names
    it: trusting it would let an attacker pick their own key, or lock someone else out."""
    entete = settings.ADRESSE_CLIENT_ENTETE
    if entete:
        # The proxy appends its peer last; earlier hops were written by the client.
        adresse = _adresse_valide(request.META.get(entete, "").split(",")[-1])
        if adresse:
            return adresse
    return _adresse_valide(request.META.get("REMOTE_ADDR", ""))


def _adresse_valide(valeur):
    try:
        return str(ipaddress.ip_address(valeur.strip()))
    except ValueError:
        return None


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
