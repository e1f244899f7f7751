from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from indicators.imports import importer


class Command(BaseCommand):
    help = (
        "Import indicator values from a CSV or XLSX file (long format). Prints the report; "
        "any error refuses the whole file (nothing written, non-zero exit)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Check and report only.")
        parser.add_argument(
            "--user",
            help="Import as this user (their permissions apply); default: national, no user.",
        )

    def handle(self, file, dry_run, user, **options):
        chemin = Path(file)
        if not chemin.is_file():
            raise CommandError(f"{file} : fichier introuvable")
        utilisateur = get_user_model().objects.get(username=user) if user else None
        rapport = importer(chemin.read_bytes(), chemin.name, utilisateur, essai=dry_run)
        self.stdout.write(rapport.texte())
        if rapport.refuse:
            raise CommandError("Fichier refusé : rien n'a été écrit.")
        if dry_run:
            self.stdout.write(self.style.WARNING("Essai : rien n'a été écrit."))
        else:
            self.stdout.write(self.style.SUCCESS("Import enregistré."))
