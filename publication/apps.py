from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    name = "publication"
    verbose_name = _("Chiffres publiés")

    def ready(self):
        from manifeste.exports import files

        from . import cache, signals

        signals.connecter()
        files.definir_version(cache.version)  # public files follow the published figures
