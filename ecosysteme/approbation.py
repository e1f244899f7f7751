"""Who may publish a suggested actor: a national administrator, or a validator of a
collectivity of its territory (its commune or a collectivity of its area served)."""

from django.core.exceptions import PermissionDenied

from commitments.permissions import peut
from commitments.roles import Action


def territoire_acteur(acteur):
    return [acteur.commune, *acteur.zone.all()]


def peut_approuver(user, acteur):
    return any(peut(user, c, Action.VALIDER) for c in territoire_acteur(acteur))


def changer_publication(acteur, user, publie):
    if not peut_approuver(user, acteur):
        raise PermissionDenied
    acteur.publie = publie
    acteur.save(update_fields=["publie", "modifie_le"])
