"""Daily cron: remind members of collectivities whose assessments are not finished or submitted."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from commitments.rappels import envoyer_rappels
from commitments.services import aujourd_hui


class Command(BaseCommand):
    help = "Envoie les rappels avant la clôture de la campagne (une seule fois par délai)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--delays",
            default="30,7,1",
            help="Jours avant la clôture, séparés par des virgules (défaut : 30,7,1).",
        )
        parser.add_argument("--date", help="Jour de référence AAAA-MM-JJ (défaut : aujourd'hui).")

    def handle(self, *args, delays, **options):
        try:
            delais = sorted({int(d) for d in delays.split(",") if d.strip()})
        except ValueError as exc:
            raise CommandError(f"--delays : entiers attendus, reçu « {delays} ».") from exc
        try:
            jour = _jour(options.get("date"))
        except ValueError as exc:
            raise CommandError(f"--date : AAAA-MM-JJ attendu, reçu « {options['date']} ».") from exc
        n = envoyer_rappels(jour, delais, log=lambda m: self.stdout.write(f"  {m}"))
        self.stdout.write(self.style.SUCCESS(f"{n} rappel(s) envoyé(s)."))


def _jour(texte):
    return date.fromisoformat(texte) if texte else aujourd_hui()
