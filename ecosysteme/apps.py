from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EcosystemeConfig(AppConfig):
    """The ecosysteme app: directory of local actors, toolbox and lexicon."""

    name = "ecosysteme"
    label = "ecosysteme"
    verbose_name = _("Écosystème local")

    def ready(self):
        from ecosysteme import signals

        signals.connecter()
