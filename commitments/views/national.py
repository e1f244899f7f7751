"""The national list of signatories with their completion, filters and CSV/XLSX export."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import get_language

from acces.permissions import a_action_nationale
from acces.roles import Action
from manifeste.sorties import servir_export

from ..signataires import (
    AVANCEMENTS,
    TYPES_EXPORT,
    exporter,
    filtrer,
    lignes_signataires,
    nom_export,
)
from .workspace import campagne_demandee


def _autoriser(user):
    if not a_action_nationale(user, Action.VOIR):
        raise PermissionDenied


def signataires_view(request):
    _autoriser(request.user)
    campagne = campagne_demandee(request)
    filtre, filtres = filtrer(request.GET)
    lignes = lignes_signataires(request.user, campagne, filtres) if campagne else []
    libelles = dict(AVANCEMENTS)
    for ligne in lignes:
        ligne.avancement_libelle = libelles[ligne.avancement]
    return TemplateResponse(
        request,
        "commitments/signataires.html",
        {
            "campagne": campagne,
            "filtre": filtre,
            "lignes": lignes,
            "requete": request.GET.urlencode(),
        },
    )


def export_signataires(request, format):
    """Built by a task (commitments.signataires.exporter); checked here at every request."""
    _autoriser(request.user)
    if format not in TYPES_EXPORT:
        raise Http404
    campagne = campagne_demandee(request)
    return servir_export(
        request,
        exporter,
        {
            "user_id": request.user.pk,
            "campagne_id": campagne.pk if campagne else None,
            "requete": request.GET.urlencode(),
            "format": format,
            "langue": get_language(),
        },
        f"{nom_export(campagne)}.{format}",
        TYPES_EXPORT[format],
    )
