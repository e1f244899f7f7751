"""Show the publications now, in this process (what the `diffuser` task does): after a restore,
or when no worker runs; `--tout` computes every stored figure again."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from tqdm import tqdm

from publication import diffusion
from publication.tasks import diffuser_maintenant


class Command(BaseCommand):
    help = _("Montre dès maintenant les publications sur les pages publiques.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--tout", action="store_true", help=_("Recalcule tous les chiffres publiés.")
        )

    def handle(self, *args, tout=False, **options):
        if tout:
            diffusion.tout_marquer()
        with tqdm(desc=_("Chiffres publiés"), unit=_(" année")) as barre:

            def avancer(annee, annees):
                barre.total = annees
                barre.set_postfix_str(str(annee or _("toutes années")))
                barre.update()

            diffuser_maintenant(progression=avancer)
        self.stdout.write(_("Pages publiques à jour."))
