"""Public views that are not pages: the printable yearly report of a collectivity (HTML and the
same page as PDF, built by a task: publication.report_pdf) and the CSV behind every chart."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_safe

from manifeste.exports import files
from manifeste.models import Collectivite
from manifeste.params import ParametreInvalide, lire_annee
from manifeste.sorties import servir
from publication import chart_builders, charts, report_pdf  # noqa: F401  (chart_builders registers charts)


def _collectivite(slug, annee):
    try:
        annee = lire_annee(annee, requise=True)
    except ParametreInvalide:
        raise Http404 from None  # a year in the path: no such report
    collectivite = get_object_or_404(
        Collectivite.objects.select_related("region", "departement", "epci"), slug=slug
    )
    return collectivite, annee


@require_safe
def page(request, slug, annee):
    contexte = report_pdf.contexte(*_collectivite(slug, annee), False)
    return HttpResponse(render_to_string(report_pdf.TEMPLATE, contexte, request))


@require_safe
def pdf(request, slug, annee):
    collectivite, annee = _collectivite(slug, annee)
    parametres = {
        "slug": collectivite.slug,
        "annee": annee,
        "langue": get_language(),
        "version": files.version(),
    }
    return servir(
        request,
        report_pdf.construire,
        report_pdf.nom(**parametres),
        parametres,
        f"rapport-{slug}-{annee}.pdf",
        "application/pdf",
        as_attachment=False,
    )


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
