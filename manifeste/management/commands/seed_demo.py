from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule


class Command(BaseCommand):
    help = (
        "Create or refresh the demo data (idempotent): each project app contributes its own "
        "`demo.seed(log)`, run in INSTALLED_APPS order."
    )

    @transaction.atomic
    def handle(self, **options):
        for config in apps.get_app_configs():
            if module_has_submodule(config.module, "demo"):
                import_module(f"{config.name}.demo").seed(self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes."))
