"""Who may publish actors, decided here only, from the roles table (acces): a validator of a
collectivity of the actor's territory (its commune or a collectivity of its area served), or
a national administrator. A bulk import publishes at once: national administrators only."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from acces.permissions import a_action_nationale, collectivites_pour, peut
from acces.roles import Action


def territoire_acteur(acteur):
    return [acteur.commune, *acteur.zone.all()]


def peut_approuver(user, acteur):
    return any(peut(user, c, Action.VALIDER) for c in territoire_acteur(acteur))


def approuvables(user, acteurs):
    """The actors of the queryset `acteurs` that `user` may publish (same rule as above)."""
    collectivites = collectivites_pour(user, Action.VALIDER)
    return acteurs.filter(Q(commune__in=collectivites) | Q(zone__in=collectivites)).distinct()


def approuve_des_acteurs(user):
    """Whether `user` may publish some actor (the admin shows the suggestions to them)."""
    return collectivites_pour(user, Action.VALIDER).exists()


def peut_importer(user):
    return a_action_nationale(user, Action.ADMINISTRER)


def changer_publication(acteur, user, publie):
    if not peut_approuver(user, acteur):
        raise PermissionDenied
    acteur.publie = publie
    acteur.save(update_fields=["publie", "modifie_le"])
