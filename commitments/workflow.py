"""Publication workflow shared by assessments and indicator values: who may move what where.

brouillon → soumis (contributor) → validé (validator; or back to brouillon with a comment)
→ publié (validator). Only published data is public.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import Action


class EtatPublication(models.TextChoices):
    BROUILLON = "brouillon", _("Brouillon")
    SOUMIS = "soumis", _("Soumis")
    VALIDE = "valide", _("Validé")
    PUBLIE = "publie", _("Publié")


E = EtatPublication

# (from, to) → the action the user needs.
TRANSITIONS = {
    (E.BROUILLON, E.SOUMIS): Action.MODIFIER,
    (E.SOUMIS, E.BROUILLON): Action.VALIDER,  # changes requested, with a comment
    (E.SOUMIS, E.VALIDE): Action.VALIDER,
    (E.VALIDE, E.PUBLIE): Action.VALIDER,
    (E.VALIDE, E.BROUILLON): Action.VALIDER,
    (E.PUBLIE, E.BROUILLON): Action.VALIDER,  # unpublish to correct
}


class TransitionRefusee(Exception):
    pass


def transitions_possibles(etat, actions):
    """The states reachable from `etat` for someone allowed `actions`."""
    return [
        vers for (de, vers), requise in TRANSITIONS.items() if de == etat and requise in actions
    ]


def verifier_transition(de, vers, actions):
    requise = TRANSITIONS.get((E(de), E(vers)))
    if requise is None:
        raise TransitionRefusee(
            _("Passage de « %(de)s » à « %(vers)s » impossible.")
            % {"de": E(de).label, "vers": E(vers).label}
        )
    if requise not in actions:
        raise TransitionRefusee(
            _("Votre rôle ne permet pas le passage de « %(de)s » à « %(vers)s ».")
            % {"de": E(de).label, "vers": E(vers).label}
        )
