from django.core.management.base import BaseCommand, CommandError

from manifeste.loaders.territoires import FICHIER_PAR_DEFAUT, FichierInvalide, charger_territoires


class Command(BaseCommand):
    help = "Load or update every collectivity from the project's reference file (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(FICHIER_PAR_DEFAUT))

    def handle(self, file, **options):
        try:
            bilan = charger_territoires(file, progress=options["verbosity"] > 0)
        except FichierInvalide as exc:
            shown = "\n".join(exc.erreurs[:50])
            more = len(exc.erreurs) - 50
            suffix = f"\n… et {more} autres erreurs" if more > 0 else ""
            raise CommandError(f"Fichier refusé, rien n'a été écrit :\n{shown}{suffix}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Territoires : {bilan.crees} créées, {bilan.modifies} mises à jour, "
                f"{bilan.inchanges} inchangées, {bilan.desactives} désactivées."
            )
        )
