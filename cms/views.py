from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from cms import charts, graphiques  # noqa: F401  (graphiques registers its charts)


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
