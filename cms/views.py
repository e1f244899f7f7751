from django.views.generic import TemplateView

from cms.measures import charger_mesures


class DeclarationView(TemplateView):
    """A statement page whose figures come from the last `make bench`."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(mesures=charger_mesures(), **kwargs)
