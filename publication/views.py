"""Public views that are not pages: the printable yearly report of a collectivity (HTML and the
same page as PDF) and the CSV behind every chart."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_safe

from manifeste.models import Collectivite
from manifeste.params import ParametreInvalide, lire_annee
from manifeste.pdf import en_pdf
from publication import chart_builders, charts  # noqa: F401  (chart_builders registers charts)
from publication.report import rapport_collectivite

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


@require_GET
def chart_csv(request, key):
    """Exactly the data of a chart's table, rebuilt from the same key and parameters."""
    try:
        chart = charts.construire(key, request.GET)
    except KeyError as exc:
        raise Http404(str(exc)) from exc
    reponse = HttpResponse(chart.csv(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="{key}.csv"'
    return reponse
