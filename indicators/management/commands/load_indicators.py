from django.core.management.base import BaseCommand, CommandError

from indicators.catalogue import FICHIER_PAR_DEFAUT, CatalogueInvalide, charger_catalogue


class Command(BaseCommand):
    help = "Load or update the shared indicator catalogue from the project's CSV (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(FICHIER_PAR_DEFAUT))

    def handle(self, file, **options):
        try:
            crees, maj = charger_catalogue(file)
        except CatalogueInvalide as erreur:
            raise CommandError(str(erreur)) from erreur
        self.stdout.write(
            self.style.SUCCESS(f"Catalogue : {crees} indicateurs créés, {maj} mis à jour.")
        )
