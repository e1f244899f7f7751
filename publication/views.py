"""Public views that are not pages: the printable yearly report of a collectivity (HTML and the
same page as PDF, built by a task: publication.report_pdf), the CSV behind every chart and the
state of the diffusion."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from manifeste.exports import files
from manifeste.models import Collectivite
from manifeste.params import ParametreInvalide, lire_annee
from manifeste.sorties import servir
from publication import chart_builders, charts, report_pdf, tasks  # noqa: F401  (chart_builders registers charts)


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


@require_safe
@never_cache
def etat_diffusion(request):
    """Whether publications are on their way to the public pages, and when these were last
    brought up to date (the admin's banner asks, static/js/diffusion.js)."""
    etat = tasks.etat()
    quand = etat["mis_a_jour"]
    return JsonResponse(
        {"en_cours": etat["en_cours"], "mis_a_jour": quand.isoformat() if quand else None}
    )
