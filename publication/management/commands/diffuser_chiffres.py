"""Show the publications now, in this process (what the `diffuser` task does): after a restore,
or when no worker runs."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from publication.tasks import diffuser_maintenant


class Command(BaseCommand):
    help = _("Montre dès maintenant les publications sur les pages publiques.")

    def handle(self, *args, **options):
        diffuser_maintenant()
        self.stdout.write(_("Pages publiques à jour."))
