from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EcosystemeConfig(AppConfig):
    """The ecosysteme app: directory of local actors, toolbox and lexicon."""

    name = "ecosysteme"
    label = "ecosysteme"
    verbose_name = _("Écosystème local")

    def ready(self):
        from publication.signals import invalider_a_chaque_ecriture

        from .models import Acteur, ActeurZone

        # The directory and the profiles show actors and the areas they serve.
        invalider_a_chaque_ecriture(Acteur, ActeurZone)
