"""The error list of an import, bounded on screen: the first ERREURS_AFFICHEES are shown with
the total, the whole list is a CSV download (kept an hour, for the user who imported).

A file of 200,000 wrong rows would otherwise make a page of tens of megabytes. Errors are any
objects with `ligne`, `colonne` and `raison` (each import has its own)."""

import gzip
import uuid

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from manifeste.exports.formats import csv_octets

ERREURS_AFFICHEES = 200
DUREE = 60 * 60


def _cle(jeton):
    return f"erreurs-import:{jeton}"


def liste_erreurs(user, erreurs):
    """Context for the report: {'affichees', 'total', 'lien'} (`lien` to the whole list as CSV,
    only when some are not shown)."""
    erreurs = list(erreurs)
    lien = None
    if len(erreurs) > ERREURS_AFFICHEES:
        jeton = uuid.uuid4().hex
        entete = [_("ligne"), _("colonne"), _("raison")]
        rangees = ([e.ligne or "", e.colonne, e.raison] for e in erreurs)
        contenu = gzip.compress(csv_octets(entete, rangees, ";", bom=True))
        cache.set(_cle(jeton), (user.pk, contenu), DUREE)
        lien = reverse("erreurs_import", args=[jeton])
    return {"affichees": erreurs[:ERREURS_AFFICHEES], "total": len(erreurs), "lien": lien}


def telecharger(request, jeton):
    gardee = cache.get(_cle(jeton))
    if gardee is None:
        raise Http404(_("Liste d'erreurs expirée : refaites la simulation."))
    user_id, contenu = gardee
    if user_id != request.user.pk:
        raise PermissionDenied
    reponse = HttpResponse(gzip.decompress(contenu), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = 'attachment; filename="erreurs-import.csv"'
    return reponse


urlpatterns = [path("erreurs-import/<slug:jeton>.csv", telecharger, name="erreurs_import")]
