from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule
from tqdm import tqdm

from manifeste.demo_mode import marquer
from manifeste.planner import rafraichir_statistiques


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
        # The demo loads thousands of rows at once: without fresh statistics SQLite's planner
        # read the national dashboard's « declaring collectivities » through the campaign's
        # index for each of 35,000 collectivities (106 s instead of 0.06 s).
        rafraichir_statistiques(
            *(m for c in configs for m in c.get_models() if m._meta.managed and not m._meta.proxy)
        )
        marquer()
        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes."))
