from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule
from tqdm import tqdm

from manifeste.demo_mode import marquer


class Command(BaseCommand):
    help = (
        "Create or refresh the demo data (idempotent): each project app contributes its own "
        "`demo.seed(log)`, run in INSTALLED_APPS order. Marks the database as a demonstration: "
        "every public page then says so."
    )

    def log(self, texte):
        with tqdm.external_write_mode():  # above the progress bar, not through it
            self.stdout.write(texte)

    @transaction.atomic
    def handle(self, **options):
        configs = [c for c in apps.get_app_configs() if module_has_submodule(c.module, "demo")]
        with tqdm(configs, unit=" application", desc="Démonstration") as barre:
            for config in barre:
                barre.set_postfix_str(config.label)
                import_module(f"{config.name}.demo").seed(self.log)
        marquer()
        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes."))
