"""Publication workflow shared by assessments and indicator values: who may move what where.

brouillon → soumis (contributor) → validé (validator) → publié (validator); a validator sends a
submitted or validated item back (« renvoyé », with the reason) and its officer submits it
again. Only published data is public. With the campaign's four-eyes rule, whoever submitted an
item cannot validate or publish it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from acces.roles import Action


class EtatPublication(models.TextChoices):
    BROUILLON = "brouillon", _("Brouillon")
    SOUMIS = "soumis", _("Soumis")
    VALIDE = "valide", _("Validé")
    PUBLIE = "publie", _("Publié")
    # Last: the declaration order is the forward path (the indicator grid walks it), and a
    # return to the officer is off that path.
    RENVOYE = "renvoye", _("Renvoyé")


E = EtatPublication


def champ_etat_publication(**options):
    """The model field holding where an item stands in the workflow (a draft by default)."""
    return models.CharField(
        _("état de publication"),
        max_length=20,
        choices=EtatPublication.choices,
        default=EtatPublication.BROUILLON,
        **options,
    )


class SuitPublication(models.Model):
    """Remembers the publication state an instance was loaded with, so that saving it tells,
    without a query, whether the public sees a change: published before, or published now."""

    champ_publication = "etat_publication"
    publication_chargee = None  # a new instance: nothing was published

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance.publication_chargee = instance.__dict__.get(cls.champ_publication)
        return instance

    @property
    def publiee_a_la_lecture(self):
        """Whether the public read this instance when it was loaded (its published content)."""
        return self.publication_chargee == E.PUBLIE

    @property
    def touche_le_public(self):
        etats = (getattr(self, self.champ_publication), self.publication_chargee)
        return E.PUBLIE in etats

    def publication_enregistree(self):
        """After a save: what is stored is what was 'loaded'."""
        self.publication_chargee = getattr(self, self.champ_publication)


# (from, to) → the action the user needs.
TRANSITIONS = {
    (E.BROUILLON, E.SOUMIS): Action.MODIFIER,
    (E.RENVOYE, E.SOUMIS): Action.MODIFIER,
    (E.SOUMIS, E.RENVOYE): Action.VALIDER,  # changes requested, with the reason
    (E.SOUMIS, E.VALIDE): Action.VALIDER,
    (E.VALIDE, E.PUBLIE): Action.VALIDER,
    (E.VALIDE, E.RENVOYE): Action.VALIDER,
    (E.PUBLIE, E.BROUILLON): Action.VALIDER,  # unpublish to correct
}
# The button of each move, named by its target (each target is reached one way).
LIBELLES_ACTION = {
    E.SOUMIS: _("Soumettre à validation"),
    E.RENVOYE: _("Renvoyer pour modification"),
    E.VALIDE: _("Valider"),
    E.PUBLIE: _("Publier"),
    E.BROUILLON: _("Retirer la publication"),
}
# Content is edited in these states (over « Publié », as a pending correction).
ETATS_MODIFIABLES = (E.BROUILLON, E.RENVOYE, E.PUBLIE)


class TransitionRefusee(Exception):
    pass


def transitions_possibles(etat, actions):
    """The states reachable from `etat` for someone allowed `actions`."""
    return [
        vers for (de, vers), requise in TRANSITIONS.items() if de == etat and requise in actions
    ]


def quatre_yeux_bloque(vers, soumis_par_id, user_id, actif=True):
    """Whether the four-eyes rule forbids `user_id` this move: validating or publishing what
    they submitted themselves."""
    return (
        actif
        and vers in (E.VALIDE, E.PUBLIE)
        and soumis_par_id is not None
        and soumis_par_id == user_id
    )


def refus_quatre_yeux(nombre=1):
    """The refusal of a move `quatre_yeux_bloque` forbids, for `nombre` items."""
    return TransitionRefusee(
        ngettext(
            "Vous avez soumis cet élément : une autre personne habilitée doit le valider "
            "et le publier (règle des quatre yeux).",
            "Vous avez soumis %(n)s de ces éléments : une autre personne habilitée doit "
            "les valider et les publier (règle des quatre yeux).",
            nombre,
        )
        % {"n": nombre}
    )


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
