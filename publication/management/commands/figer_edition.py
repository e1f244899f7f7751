"""Freeze a year's figures into its edition (« Édition 2025 ») once its campaign is closed."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from publication import editions


class Command(BaseCommand):
    help = _("Fige les chiffres d'une année dans son édition.")

    def add_arguments(self, parser):
        parser.add_argument("annee", type=int)

    def handle(self, *args, annee, **options):
        try:
            edition = editions.figer(annee, par="manage.py")
        except editions.EditionRefusee as refus:
            raise CommandError(str(refus)) from refus
        self.stdout.write(
            _("%(edition)s figée : %(n)s collectivités contributrices.")
            % {"edition": edition.libelle, "n": len(edition.contributeurs)}
        )
