from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site public")

    def ready(self):
        from cms import cache, diffusion, signals
        from manifeste.exports import fichiers

        signals.connecter()
        diffusion.connecter()
        fichiers.definir_version(cache.version)  # public files follow the published figures
