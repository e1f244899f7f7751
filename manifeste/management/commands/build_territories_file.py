from django.core.management.base import BaseCommand

from manifeste.loaders.decoupage import construire_lignes, ecrire_fichier
from manifeste.loaders.territoires import FICHIER_PAR_DEFAUT


class Command(BaseCommand):
    help = (
        "Rebuild the compact reference file of collectivities from @etalab/decoupage-administratif "
        "(its data/ folder, or the tarball of `npm pack @etalab/decoupage-administratif@6.0.0`)."
    )

    def add_arguments(self, parser):
        parser.add_argument("source")
        parser.add_argument("--output", default=str(FICHIER_PAR_DEFAUT))

    def handle(self, source, output, **options):
        lignes = construire_lignes(source)
        ecrire_fichier(lignes, output)
        self.stdout.write(self.style.SUCCESS(f"{len(lignes)} collectivités écrites dans {output}"))
