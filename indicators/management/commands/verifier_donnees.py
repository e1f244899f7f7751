from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from commitments.models import Campagne
from indicators.anomalies import charger
from indicators.models import Valeur


class Command(BaseCommand):
    help = (
        "List every stored indicator value that breaks today's rules (collectivity, indicator, "
        "year, why); exits with a non-zero status when it finds any."
    )

    def handle(self, **options):
        annees = set(Campagne.objects.values_list("annee", flat=True))
        qs = Valeur.objects.reelles().order_by("collectivite__nom", "indicateur__code", "annee")
        trouvees = 0
        barre = tqdm(
            charger(qs, annees),
            total=qs.count(),
            unit=" valeurs",
            file=self.stderr,
            disable=None,  # no bar when stderr is not a terminal (cron, CI)
        )
        for valeur in barre:
            if not valeur.anomalies:
                continue
            trouvees += 1
            raisons = " ; ".join(map(str, valeur.anomalies))
            barre.write(
                f"{valeur.collectivite} ({valeur.collectivite.identifiant}) · "
                f"{valeur.indicateur.code} · {valeur.annee} : {raisons}",
                file=self.stdout,
            )
        if trouvees:
            raise CommandError(f"{trouvees} valeurs enfreignent les règles : à corriger.")
        self.stdout.write(self.style.SUCCESS("Aucune valeur ne contrevient aux règles."))
