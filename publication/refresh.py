"""A publication reaches the public pages in one switch, computed before anyone sees it.

At national scale a dashboard or a profile reads millions of values. If a publication simply
dropped the cache, every visitor of the moment would miss at once and wait, all cores busy,
for the same figures. Instead, once the publication is committed, the process that published
renders again, under a prepared namespace no one reads yet (`publication.cache.preparer`), the public
pages visitors have been reading, then switches to it in one write: visitors get the former
figures until then, and the new ones, already computed, right after. The request that
published does this after its response is sent; a command (import, seed) before it exits.

Each publication takes a ticket; a refresh covers every ticket taken before it started, so
publications committed while one runs are covered by the next, and two never run at once.
`manage.py diffuser_publications`, run every few minutes, covers what a process that died
before switching left behind.
"""

import contextlib
import hashlib
import logging
import threading
import time

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.test import Client
from django.utils.translation import gettext as _

from manifeste.exports import files
from manifeste.throttling import compter
from publication import cache as tableaux

logger = logging.getLogger(__name__)

_TICKETS = "diffusion:tickets"  # publications so far
_COUVERTS = "diffusion:couverts"  # the tickets the figures being read include
_VERROU = "diffusion:verrou"
_LUES = "diffusion:pages"  # {(host, path, https): last read}
PAGES_MAX = 200  # the most recently read pages are computed again, up to this many…
BUDGET_S = 120  # …and for at most this long: the rest is computed at their next visit
RELECTURE_S = 60  # a page's last reading is recorded at most this often

_fil = threading.local()


def publication_faite():
    """Called when the public may see a change (publication.signals): take a ticket and refresh the
    figures once the change is committed."""
    ticket = nouveau_ticket()
    if getattr(_fil, "requete", False):
        _fil.ticket = ticket  # after the response (see _apres_la_requete)
    else:
        transaction.on_commit(lambda: diffuser(ticket))


def annoncer(request):
    """Tell whoever just published when the public pages will show it (on the next page)."""
    if getattr(_fil, "ticket", None) and hasattr(request, "_messages"):
        messages.info(
            request,
            _(
                "Les pages publiques montreront ce changement dans quelques instants, "
                "une fois leurs chiffres recalculés."
            ),
        )


def dernier_ticket():
    return cache.get(_TICKETS) or 0


def _couverts():
    return cache.get(_COUVERTS) or 0


def a_diffuser():
    """Whether publications are still waiting for their figures to be switched to."""
    return dernier_ticket() > _couverts()


def diffuser(ticket, suivre=iter):
    """Compute the read pages again under a prepared namespace and switch to it; returns how
    many pages were computed, or None if a refresh that started after `ticket` has switched
    already. `suivre` wraps the list of pages (a progress bar)."""
    with _verrou():
        if _couverts() >= ticket:
            return None
        couverts = dernier_ticket()  # read after the commit of each of them
        precedente = tableaux.version()
        with tableaux.preparer() as publication:
            n = rejouer(suivre(pages_lues()))
            files.preconstruire(precedente)  # the downloads too (manifeste.exports)
        tableaux.basculer(publication)
        cache.set(_COUVERTS, couverts, timeout=None)
    return n


def nouveau_ticket():
    return compter(_TICKETS, None)


def rejouer(pages):
    """Render each page as an anonymous visitor would, within the time budget; returns how many
    were."""
    client = Client(raise_request_exception=False)
    fin = time.monotonic() + BUDGET_S
    n = 0
    _fil.rejoue = True
    try:
        for hote, chemin, https in pages:
            if time.monotonic() > fin:
                logger.warning(
                    "Budget de %s s atteint : la suite sera calculée à la visite.", BUDGET_S
                )
                break
            reponse = client.get(chemin, secure=https, headers=_entetes(hote, https))
            n += 1
            if reponse.status_code != 200:
                logger.warning("%s %s a répondu %s", hote, chemin, reponse.status_code)
    finally:
        _fil.rejoue = False
    return n


def _entetes(hote, https):
    entetes = {"host": hote}
    if https and settings.SECURE_PROXY_SSL_HEADER:  # behind the proxy, as the visitor came
        nom, valeur = settings.SECURE_PROXY_SSL_HEADER
        entetes[nom.removeprefix("HTTP_").replace("_", "-").lower()] = valeur
    return entetes


def pages_lues():
    """The recently read pages, the latest first."""
    lues = cache.get(_LUES) or {}
    return sorted(lues, key=lues.get, reverse=True)


def noter_page(request):
    """Record an anonymous visitor's page that shows published figures (publication.page_cache);
    one cache write per page every RELECTURE_S at most."""
    if getattr(_fil, "rejoue", False):
        return
    page = (request.get_host(), request.get_full_path(), request.is_secure())
    empreinte = hashlib.sha1(repr(page).encode()).hexdigest()[:16]
    if not cache.add(f"diffusion:lue:{empreinte}", 1, RELECTURE_S):
        return
    lues = cache.get(_LUES) or {}
    lues[page] = time.time()
    cache.set(_LUES, dict(sorted(lues.items(), key=lambda p: p[1])[-PAGES_MAX:]), None)


@contextlib.contextmanager
def _verrou():
    duree = settings.DIFFUSION_VERROU_S  # a refresh whose process died frees it after this
    fin = time.monotonic() + duree
    while not cache.add(_VERROU, 1, duree):
        if time.monotonic() > fin:
            break  # the holder died: its lock expires about now
        time.sleep(0.1)
    try:
        yield
    finally:
        cache.delete(_VERROU)


def _debut_de_requete(**kwargs):
    if not getattr(_fil, "rejoue", False):
        _fil.requete, _fil.ticket = True, None


def _apres_la_requete(**kwargs):
    """The response is sent: refresh for what the request published (its transaction has
    committed: ATOMIC_REQUESTS is off). A failure leaves the former figures; the next refresh
    or the periodic command covers the ticket."""
    if getattr(_fil, "rejoue", False):
        return
    ticket, _fil.requete, _fil.ticket = getattr(_fil, "ticket", None), False, None
    if ticket:
        try:
            diffuser(ticket)
        except Exception:
            logger.exception("Diffusion des publications interrompue")


def connecter():
    request_started.connect(_debut_de_requete, dispatch_uid="diffusion-debut")
    request_finished.connect(_apres_la_requete, dispatch_uid="diffusion-fin")
