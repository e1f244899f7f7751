from django.core.management.base import BaseCommand
from django.utils import timezone
from tqdm import tqdm

from indicators.models import ImportEnAttente
from indicators.pending import DUREE, purger


class Command(BaseCommand):
    help = (
        "Delete the files of imports checked but never confirmed (and the results of confirmed "
        "ones) older than a day. Run it hourly (cron or a systemd timer)."
    )

    def handle(self, **options):
        total = ImportEnAttente.objects.filter(cree_le__lt=timezone.now() - DUREE)
        with tqdm(total=total.count(), unit=" fichier", desc="Téléversements") as barre:
            n = purger(progression=barre.update)
        self.stdout.write(self.style.SUCCESS(f"{n} téléversements de plus de 24 h supprimés."))
