"""Roles and what each may do: the decision table, as plain data, tested without a database."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A member's role in one collectivity."""

    LECTEUR = "lecteur", _("Lecteur")
    CONTRIBUTEUR = "contributeur", _("Contributeur")
    VALIDATEUR = "validateur", _("Validateur")


class RoleNational(models.TextChoices):
    ANALYSTE = "analyste", _("Analyste national")
    ADMINISTRATEUR = "administrateur", _("Administrateur national")


class Action(StrEnum):
    VOIR = "voir"  # read drafts and unpublished data
    MODIFIER = "modifier"  # enter, import, attach evidence, submit
    VALIDER = "valider"  # validate, publish, ask for changes
    INVITER = "inviter"  # invite members
    REVOIR = "revoir"  # national review ("revu"), separate from validation
    ROUVRIR = "rouvrir"  # reopen a closed campaign for a collectivity
    ADMINISTRER = "administrer"  # referential, catalogue, campaigns, collectivities, users


_LOCAL = {
    Role.LECTEUR: {Action.VOIR},
    Role.CONTRIBUTEUR: {Action.VOIR, Action.MODIFIER},
    Role.VALIDATEUR: {Action.VOIR, Action.MODIFIER, Action.VALIDER, Action.INVITER},
}
_NATIONAL = {
    RoleNational.ANALYSTE: {Action.VOIR},
    RoleNational.ADMINISTRATEUR: set(Action),
}


def actions_locales(role):
    return _LOCAL.get(role, set())


def actions_nationales(role):
    return _NATIONAL.get(role, set())


def roles_locaux_permettant(action):
    return [role for role, actions in _LOCAL.items() if action in actions]


def roles_nationaux_permettant(action):
    return [role for role, actions in _NATIONAL.items() if action in actions]


def retire_des_droits(actuel, nouveau):
    """Whether moving a member from role `actuel` to `nouveau` takes away something they may do."""
    return not actions_locales(actuel) <= actions_locales(nouveau)
