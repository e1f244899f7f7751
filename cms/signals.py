"""The dashboards' cache is dropped whenever what they show may have changed, so a publication
(or its withdrawal) shows at once: assessments and indicator values, the referential, actors,
and pages (the menu and the links between pages are cached too).

Every save invalidates, not only publications: telling a withdrawal apart would need the previous
state (one more query per save), and dropping the cache is a single atomic counter increment.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.cache import invalider_tableaux


def _invalider(sender, **kwargs):
    invalider_tableaux()


def connecter():
    from cms.models import Acteur, ActeurZone
    from commitments.evaluation import Evaluation
    from indicators.models import Valeur
    from manifeste.models import (
        Ambition,
        DescripteurNiveau,
        Engagement,
        NiveauMaturite,
        Referentiel,
    )

    modeles = (Evaluation, Valeur, Acteur, ActeurZone)
    modeles += (Referentiel, Ambition, Engagement, NiveauMaturite, DescripteurNiveau)
    for modele in modeles:
        post_save.connect(_invalider, sender=modele, dispatch_uid=f"tableaux-{modele.__name__}")
        post_delete.connect(
            _invalider, sender=modele, dispatch_uid=f"tableaux-del-{modele.__name__}"
        )
    # Sent for every page type; a deletion reaches the base Page model too.
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_invalider, dispatch_uid=f"tableaux-{signal}")
    post_delete.connect(_invalider, sender=Page, dispatch_uid="tableaux-del-Page")
