"""The dashboards' cache is renewed whenever what they show may have changed: published
assessments and indicator values (their figures computed again before the switch, cms.diffusion),
the referential, actors, and pages (dropped at once: the menu and the links between pages are
cached too).

Drafts never drop it: during a campaign thousands of officers save drafts, and each drop makes
the next visitor of the national dashboard wait for figures computed over millions of values.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.cache import invalider_tableaux
from cms.diffusion import publication_faite


def _invalider(sender, **kwargs):
    invalider_tableaux()


def _diffuser(sender, **kwargs):
    publication_faite()


def _diffuser_si_public(sender, instance, **kwargs):
    """Only when the instance was published when loaded, or is now (commitments.workflow)."""
    if instance.touche_le_public:
        publication_faite()
    instance.publication_enregistree()


def connecter():
    from commitments.evaluation import Evaluation
    from commitments.workflow import publication_modifiee
    from indicators.models import Valeur
    from manifeste.models import (
        Ambition,
        DescripteurNiveau,
        Engagement,
        NiveauMaturite,
        Referentiel,
    )

    publies = (Evaluation, Valeur)
    autres = (Referentiel, Ambition, Engagement, NiveauMaturite)  # actors: ecosysteme.signals
    autres += (DescripteurNiveau, Page)  # a page deletion reaches the base Page model too
    for nom, signal in (("save", post_save), ("delete", post_delete)):
        for modele in publies:
            signal.connect(
                _diffuser_si_public,
                sender=modele,
                dispatch_uid=f"tableaux-{nom}-{modele._meta.label}",
            )
        for modele in autres:
            signal.connect(
                _invalider, sender=modele, dispatch_uid=f"tableaux-{nom}-{modele._meta.label}"
            )
    # Page signals are sent for every page type; bulk writes send publication_modifiee.
    for nom, signal in (
        ("publie", page_published),
        ("depublie", page_unpublished),
        ("deplace", post_page_move),
    ):
        signal.connect(_invalider, dispatch_uid=f"tableaux-{nom}")
    publication_modifiee.connect(_diffuser, dispatch_uid="tableaux-ecriture")
