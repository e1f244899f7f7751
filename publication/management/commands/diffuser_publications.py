"""Run every few minutes (cron, systemd timer): covers publications whose process died before
their figures were switched to, and does nothing otherwise (publication.refresh)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from tqdm import tqdm

from publication import refresh


class Command(BaseCommand):
    help = _("Calcule les chiffres publics des publications qui les attendent encore.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--toujours",
            action="store_true",
            help=_("Recalculer même si aucune publication n'attend."),
        )

    def handle(self, *args, toujours=False, **options):
        if not (toujours or refresh.a_diffuser()):
            self.stdout.write(_("Rien à diffuser."))
            return
        ticket = refresh.nouveau_ticket() if toujours else refresh.dernier_ticket()
        pages = refresh.diffuser(ticket, suivre=lambda p: tqdm(p, unit=" pages", desc="Diffusion"))
        if pages is not None:
            self.stdout.write(
                _("Chiffres publics à jour (%(n)d pages recalculées).") % {"n": pages}
            )
