"""The printable yearly report of a collectivity: an HTML page and the same page as PDF."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from manifeste.models import Collectivite
from manifeste.parametres import ParametreInvalide, lire_annee
from manifeste.pdf import en_pdf
from manifeste.reports import rapport_collectivite

TEMPLATE = "reports/collectivite.html"


def _contexte(slug, annee, pdf):
    try:
        annee = lire_annee(annee, requise=True)
    except ParametreInvalide:
        raise Http404 from None  # a year in the path: no such report
    collectivite = get_object_or_404(
        Collectivite.objects.select_related("region", "departement", "epci"), slug=slug
    )
    return {"rapport": rapport_collectivite(collectivite, annee), "pdf": pdf}


@require_safe
def page(request, slug, annee):
    return HttpResponse(render_to_string(TEMPLATE, _contexte(slug, annee, False), request))


@require_safe
def pdf(request, slug, annee):
    html = render_to_string(TEMPLATE, _contexte(slug, annee, True), request)
    response = HttpResponse(en_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="rapport-{slug}-{annee}.pdf"'
    return response
