"""The one permission layer: what a user may see or do on which collectivity.

Every view, admin screen, export, import and API endpoint starts from these functions, so a
forgotten check cannot leak another collectivity's drafts.
"""

from django.apps import apps
from django.contrib.auth import get_user_model

from .roles import (
    Action,
    RoleNational,
    actions_locales,
    actions_nationales,
    roles_locaux_permettant,
)


def role_national(user):
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return RoleNational.ADMINISTRATEUR
    profil = getattr(user, "profil_national", None)
    return profil.role if profil else None


def a_action_nationale(user, action):
    return Action(action) in actions_nationales(role_national(user))


def collectivites_pour(user, action):
    """The collectivities on which `user` may perform `action` (a queryset)."""
    Collectivite = apps.get_model("manifeste", "Collectivite")
    if not user.is_authenticated:
        return Collectivite.objects.none()
    if a_action_nationale(user, action):
        return Collectivite.objects.all()
    return Collectivite.objects.filter(
        membres__user=user, membres__role__in=roles_locaux_permettant(Action(action))
    ).distinct()


def peut(user, collectivite, action):
    if not user.is_authenticated:
        return False
    if a_action_nationale(user, action):
        return True
    membre = collectivite.membres.filter(user=user).only("role").first()
    return membre is not None and Action(action) in actions_locales(membre.role)


def membres_pour(collectivite, action):
    """The active users whose role in `collectivite` allows `action` there (national roles
    aside), e.g. to tell a collectivity it has a single validator."""
    return get_user_model().objects.filter(
        is_active=True,
        adhesions__collectivite=collectivite,
        adhesions__role__in=roles_locaux_permettant(Action(action)),
    )


def actions_pour(user, collectivite):
    """Every action `user` may perform on `collectivite` (a set), e.g. to offer transitions."""
    if not user.is_authenticated:
        return set()
    actions = set(actions_nationales(role_national(user)))
    membre = collectivite.membres.filter(user=user).only("role").first()
    if membre is not None:
        actions |= actions_locales(membre.role)
    return actions
