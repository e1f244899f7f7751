from django.core.management.base import BaseCommand

from manifeste.loaders.referentiel import FICHIER_PAR_DEFAUT, charger_referentiel


class Command(BaseCommand):
    help = "Load or update the manifesto's referential from the project's data file (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(FICHIER_PAR_DEFAUT))

    def handle(self, file, **options):
        referentiel = charger_referentiel(file)
        self.stdout.write(
            self.style.SUCCESS(
                f"Référentiel {referentiel.version} : {referentiel.ambitions.count()} ambitions, "
                f"{sum(a.engagements.count() for a in referentiel.ambitions.all())} engagements."
            )
        )
