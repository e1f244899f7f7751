"""The maturity scale as plain values, usable without the database.

Levels 0–4 are the scale; "non renseigné" and "non concerné" sit outside it and are never
counted as 0: both are excluded from averages, and "non renseigné" lowers completion.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

NIVEAUX = range(0, 5)


class Etat(models.TextChoices):
    NON_RENSEIGNE = "non_renseigne", _("Non renseigné")
    NON_CONCERNE = "non_concerne", _("Non concerné")
    EVALUE = "evalue", _("Évalué")


def moyenne_niveaux(niveaux):
    """Mean of the levels actually on the scale; None when none is (never 0 by default)."""
    sur_l_echelle = [n for n in niveaux if n is not None]
    if not sur_l_echelle:
        return None
    return sum(sur_l_echelle) / len(sur_l_echelle)


def taux_completion(etats):
    """Share of answers given: "non concerné" is an answer, "non renseigné" is not."""
    etats = list(etats)
    if not etats:
        return 0.0
    return sum(e != Etat.NON_RENSEIGNE for e in etats) / len(etats)
