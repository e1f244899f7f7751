"""Public pages served whole from the cache to anonymous visitors.

A page that shows published figures is cached, rendered, under the dashboards' namespace
(cms.cache): valid until the next publication or page change, and computed ahead of it for the
pages visitors read (cms.diffusion records them here). Only what the view returns is cached: the
outer middlewares (security headers, CSP, compression) still run on every response.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from cms import cache as tableaux
from cms import diffusion

REFUS = ("private", "no-cache", "no-store")


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


class PagesPubliques:
    """The innermost middleware (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not anonyme(request):
            response = self.get_response(request)
            diffusion.annoncer(request)
            return response
        # The language too: paths outside i18n_patterns follow the visitor's.
        cle = tableaux.cle(
            "page", request.get_host(), request.get_full_path(), request.is_secure(), get_language()
        )
        response = cache.get(cle)
        if response is None:
            tableaux.lu.set(False)  # cle() read the namespace: only the view's reads count
            response = self.get_response(request)
            if not (tableaux.lu.get() and reutilisable(request, response)):
                return response
            cache.set(cle, response, tableaux.DUREE)
        diffusion.noter_page(request)
        return response
