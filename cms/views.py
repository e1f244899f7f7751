from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from cms import charts, graphiques  # noqa: F401  (graphiques registers its charts)
from cms.mesures import charger_mesures


class DeclarationView(TemplateView):
    """A statement page whose figures come from the last `make bench`."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(mesures=charger_mesures(), **kwargs)


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
