"""National-scale exports: time and peak Python memory of each writer on all collectivities.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python -m benchmarks.opendata_exports

Migrates and loads the territories into that database when it is empty. Memory stays flat
whatever the row count: rows are fetched in batches and written out as they come.
"""

import io
import os
import time
import tracemalloc

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.core.management import call_command  # noqa: E402

from manifeste.exports import datasets  # noqa: E402
from manifeste.exports.formats import csv_morceaux, xlsx_fichier, zip_morceaux  # noqa: E402
from manifeste.models import Collectivite  # noqa: E402


def mesurer(nom, fonction):
    """Time on a plain run, then peak Python memory on a traced one (tracing slows it down)."""
    debut = time.perf_counter()
    taille = fonction()
    duree = time.perf_counter() - debut
    tracemalloc.start()
    fonction()
    _, pic = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{nom:<22} {duree:6.2f} s   pic mémoire {pic / 2**20:5.1f} Mio   fichier {taille / 2**20:5.1f} Mio"
    )


def consommer(morceaux):
    return sum(len(m) for m in morceaux)


def main():
    call_command("migrate", verbosity=0)
    if not Collectivite.objects.exists():
        call_command("load_referential", stdout=io.StringIO())
        call_command("load_territories", stdout=io.StringIO())
    jeu = datasets()["collectivites"]
    print(f"{Collectivite.objects.count()} collectivités")
    mesurer("CSV collectivités", lambda: consommer(csv_morceaux(jeu)))
    mesurer("CSV ; + BOM", lambda: consommer(csv_morceaux(jeu, separateur=";", bom=True)))
    mesurer("XLSX collectivités", lambda: len(xlsx_fichier(jeu).read()))
    mesurer("zip annuel", lambda: consommer(zip_morceaux(list(datasets().values()), 2025)))


if __name__ == "__main__":
    main()
