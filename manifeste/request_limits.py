"""Bounds on what a request may ask: body size (413) and public query parameters (400).

Both answer in French, in the site's layout (JSON under the API), before any work is done:
the body is refused on its declared length, before anyone reads it; query parameters are
checked by `manifeste.params` before the view runs.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from manifeste.params import ParametreInvalide, lire

# Paths whose parameters are not the public site's: the admin has its own (search, ordering,
# paging) and the API validates its own (422).
PREFIXES_PRIVES = ("/admin/", "/django-admin/", "/api/")
# A multipart body carries the file (at most FICHIER_TELEVERSE_MAX) beside a few fields.
MARGE_MULTIPART = 1024 * 1024


def corps_max(request):
    if request.content_type == "multipart/form-data":
        return settings.FICHIER_TELEVERSE_MAX + MARGE_MULTIPART
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def _api(request):
    return request.path.startswith("/api/")


def trop_gros(request, taille_max):
    message = _(
        "Requête trop volumineuse : au plus %(max)s Mo. Envoyez moins de données à la fois."
    ) % {"max": round(taille_max / 2**20, 1)}
    if _api(request):
        return JsonResponse({"detail": message}, status=413)
    return TemplateResponse(request, "413.html", {"message": message}, status=413).render()


def parametre_invalide(request, erreur):
    return TemplateResponse(
        request, "400.html", {"champ": erreur.champ, "message": erreur.message}, status=400
    ).render()


class LimiteCorps:
    """Outermost (before sessions and CSRF read the body): 413 on the declared length."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            longueur = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            longueur = 0
        taille_max = corps_max(request)
        if longueur > taille_max:
            return trop_gros(request, taille_max)
        return self.get_response(request)


class ParametresPublics:
    """After locale and authentication (the 400 page is in the visitor's language and layout):
    every public query is read by the one parser; a view raising ParametreInvalide or a body
    found too big while read (no declared length) answers the same way."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.GET and not request.path.startswith(PREFIXES_PRIVES):
            try:
                lire(request.GET)
            except ParametreInvalide as erreur:
                return parametre_invalide(request, erreur)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ParametreInvalide):
            return parametre_invalide(request, exception)
        if isinstance(exception, RequestDataTooBig):
            return trop_gros(request, corps_max(request))
        return None
