"""Denominators the product already knows, offered pre-filled (and editable) in the grid.

A denominator named « population » is the collectivity's municipal population from the
reference of collectivities; any other is known once the collectivity entered it for another
indicator of the same year with the same name (« effectif total » is typed once, for the
trained agents' share, and offered again for the emissions per agent). A weight counts as a
denominator: « population (poids) » is the population.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .anomalies import lire_sures
from .models import Valeur
from .numbers import ecrire_nombre

POPULATION = "population"


@dataclass(frozen=True)
class Connu:
    nombre: object  # Decimal or int
    source: str

    @property
    def texte(self):
        return ecrire_nombre(self.nombre)


def nom(indicateur):
    """The denominator's name, as several indicators share it ('' when it has none)."""
    return indicateur.denominateur.removesuffix("(poids)").strip().casefold()


def champ(indicateur, champs):
    """Which of a line's fields holds the denominator or the weight, if any."""
    return next((c for c in ("denominateur", "poids") if c in champs), None)


def connus(collectivite, annee):
    """{denominator name: Connu} for this collectivity and year: one query."""
    resultat = {}
    if collectivite.population:
        resultat[POPULATION] = Connu(
            collectivite.population,
            _("population municipale du référentiel des collectivités"),
        )
    valeurs = lire_sures(  # an unreadable stored number is not offered
        Valeur.objects.reelles()
        .filter(collectivite=collectivite, annee=annee)
        .exclude(indicateur__denominateur="")
        .select_related("indicateur")
        .order_by("indicateur__code")
    )
    for valeur in valeurs:
        contenu = valeur.contenu()
        nombre = (
            contenu["denominateur"] if contenu["denominateur"] is not None else contenu["poids"]
        )
        if nombre is not None:
            resultat.setdefault(
                nom(valeur.indicateur),
                Connu(nombre, _("saisi pour %(code)s") % {"code": valeur.indicateur.code}),
            )
    return resultat
