"""Find what the project's own apps contribute (API routers, open datasets) by module name."""

from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils.module_loading import module_has_submodule


def modules_des_applications(nom, sauf=()):
    """`<app>.<nom>` of every project app (not third-party ones) that has one, in app order."""
    for config in apps.get_app_configs():
        du_projet = Path(config.path).parent == Path(settings.BASE_DIR)
        if du_projet and config.name not in sauf and module_has_submodule(config.module, nom):
            yield import_module(f"{config.name}.{nom}")
