"""The public pages' cache is dropped when an actor or its area served changes: the directory
and the actors shown on the collectivities' profiles (cms.signals does it for the pages)."""

from django.db.models.signals import post_delete, post_save

from cms.cache import invalider_tableaux
from ecosysteme.models import Acteur, ActeurZone


def _invalider(sender, **kwargs):
    invalider_tableaux()


def connecter():
    for nom, signal in (("save", post_save), ("delete", post_delete)):
        for modele in (Acteur, ActeurZone):
            signal.connect(
                _invalider, sender=modele, dispatch_uid=f"tableaux-{nom}-{modele._meta.label}"
            )
