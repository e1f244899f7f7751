from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from indicators.models import Indicateur
from indicators.synthetic import generer


def lire_annees(texte):
    debut, _, fin = texte.partition("-")
    try:
        annees = list(range(int(debut), int(fin or debut) + 1))
    except ValueError:
        raise CommandError(f"--years « {texte} » : attendu 2021-2026 ou 2025") from None
    if not annees:
        raise CommandError(f"--years « {texte} » : intervalle vide")
    return annees


class Command(BaseCommand):
    help = (
        "Generate synthetic, plausible values for every active collectivity × shared indicator × "
        "year (marked synthetic, never mixed with real data). Replaces earlier synthetic values."
    )

    def add_arguments(self, parser):
        parser.add_argument("--years", default="2021-2026")

    def handle(self, years, **options):
        annees = lire_annees(years)
        etapes = len(annees) * Indicateur.objects.partages().count()
        with tqdm(total=etapes, unit=" indicateur-année", desc="seed_national") as barre:
            total = generer(annees, progression=barre.update)
        self.stdout.write(self.style.SUCCESS(f"{total} valeurs synthétiques pour {years}."))
