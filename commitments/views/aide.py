"""The campaign's guide for local officers, in French, in the admin's layout."""

from django.template.response import TemplateResponse

from manifeste.models import NiveauMaturite

from .. import services


def aide(request):
    return TemplateResponse(
        request,
        "commitments/aide.html",
        {
            # The scale as the referential in force words it (editable data, not code).
            "niveaux": NiveauMaturite.objects.filter(referentiel__est_courant=True),
            "campagne": services.campagne_courante(),
        },
    )
