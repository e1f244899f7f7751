"""Public pages served whole from the cache to anonymous visitors.

A page that shows published figures is cached, rendered, under the dashboards' namespace
(publication.cache): valid until the next publication or page change. Only what the view
returns is cached: the outer middlewares (security headers, CSP, compression) still run on
every response.

The key holds the query as the one parser reads it (manifeste.params: unknown parameters
dropped, names sorted), so `?annee=2025&x=1` and `?annee=2025` share an entry; and a page keeps
at most VARIANTES_MAX queries per namespace, so no one fills the cache by varying the query.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from manifeste.params import normaliser
from manifeste.request_limits import PREFIXES_PRIVES
from manifeste.throttling import compter
from publication import cache as tableaux

REFUS = ("private", "no-cache", "no-store")
VARIANTES_MAX = 100  # cached queries of one page (filters × years × languages stay below)


def anonyme(request):
    """A GET with nothing personal: no session, no pending message, no API token."""
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "Authorization" not in request.headers
    )


def reutilisable(request, response):
    """What any anonymous visitor may receive: no cookie, no CSRF token in the page."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not any(r in response.get("Cache-Control", "") for r in REFUS)
        and "*" not in response.get("Vary", "")
    )


def requete(request):
    """The query as the page depends on it (the parser checked public ones already)."""
    if request.path.startswith(PREFIXES_PRIVES):
        return request.META.get("QUERY_STRING", "")
    return normaliser(request.GET)


class PagesPubliques:
    """The innermost middleware (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not anonyme(request):
            return self.get_response(request)
        # The language too: paths outside i18n_patterns follow the visitor's.
        page = (request.get_host(), request.path, request.is_secure(), get_language())
        cle = tableaux.cle("page", *page, requete(request))
        response = cache.get(cle)
        if response is None:
            tableaux.lu.set(False)  # cle() read the namespace: only the view's reads count
            response = self.get_response(request)
            if not (tableaux.lu.get() and reutilisable(request, response)):
                return response
            if compter(tableaux.cle("variantes", *page), tableaux.DUREE) > VARIANTES_MAX:
                return response  # served, not kept
            cache.set(cle, response, tableaux.DUREE)
        return response
