"""Wagtail's view of the permission layer: which admin models each right governs.

Wagtail asks a permission policy whether a user may list, add, change or delete a model's
rows (menus, snippet views, choosers). Each model below answers from the roles table, so a
right changed in `roles.py` changes the admin too. Models are named by label: this module
imports no app.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from .permissions import a_action_nationale, collectivites_pour
from .roles import Action, roles_nationaux_permettant


class PolitiqueParAction(BasePermissionPolicy):
    """A model's policy, decided by the right `action` of the roles table."""

    def __init__(self, model, action):
        super().__init__(model)
        self.action = action


class PolitiqueNationale(PolitiqueParAction):
    """Every action on the model for the national roles holding `action`."""

    def user_has_permission(self, user, action):
        return a_action_nationale(user, self.action)

    def user_has_any_permission(self, user, actions):
        return self.user_has_permission(user, None)

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(
            Q(is_superuser=True)
            | Q(profil_national__role__in=roles_nationaux_permettant(self.action)),
            is_active=True,
        )

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


class LectureLocale(PolitiqueParAction):
    """Listed by whoever holds `action` on at least one collectivity; changed by nobody here
    (the rows have their own screens, which check each collectivity)."""

    def user_has_permission(self, user, action):
        return action == "view" and collectivites_pour(user, self.action).exists()

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")

    def users_with_any_permission(self, actions):  # not needed: no notification targets
        raise NotImplementedError

    def users_with_permission(self, action):
        raise NotImplementedError


POLITIQUES = {
    "commitments.Campagne": (PolitiqueNationale, Action.ADMINISTRER),
    "commitments.Signature": (PolitiqueNationale, Action.ADMINISTRER),
    "commitments.Membre": (PolitiqueNationale, Action.ADMINISTRER),
    "commitments.ProfilNational": (PolitiqueNationale, Action.ADMINISTRER),
    "commitments.Reouverture": (PolitiqueNationale, Action.ADMINISTRER),
    "commitments.Invitation": (PolitiqueNationale, Action.ADMINISTRER),
    "indicators.Valeur": (LectureLocale, Action.VOIR),
}


def enregistrer():
    for label, (politique, action) in POLITIQUES.items():
        modele = apps.get_model(label)
        register_permission_policy(modele, politique(modele, action))
