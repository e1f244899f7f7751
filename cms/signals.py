"""Published figures change when an assessment or an indicator value is saved or deleted: the
dashboards' cache is dropped then, so a publication (or its withdrawal) shows at once.

Every save invalidates, not only publications: telling a withdrawal apart would need the previous
state (one more query per save), and dropping the cache is a single atomic counter increment.
"""

from django.db.models.signals import post_delete, post_save

from cms.cache import invalider_tableaux


def _invalider(sender, **kwargs):
    invalider_tableaux()


def connecter():
    from commitments.evaluation import Evaluation
    from indicators.models import Valeur

    for modele in (Evaluation, Valeur):
        post_save.connect(_invalider, sender=modele, dispatch_uid=f"tableaux-{modele.__name__}")
        post_delete.connect(
            _invalider, sender=modele, dispatch_uid=f"tableaux-del-{modele.__name__}"
        )
