from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccesConfig(AppConfig):
    name = "acces"
    verbose_name = _("Droits d'accès")

    def ready(self):
        from . import policies

        policies.enregistrer()
