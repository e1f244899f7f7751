from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ManifesteConfig(AppConfig):
    name = "manifeste"
    verbose_name = _("Manifeste")
