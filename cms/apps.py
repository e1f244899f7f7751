from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site public")

    def ready(self):
        from publication.signals import invalider_a_chaque_ecriture

        from .models import Acteur, ActeurZone

        invalider_a_chaque_ecriture(Acteur, ActeurZone)  # the directory's pages show them
