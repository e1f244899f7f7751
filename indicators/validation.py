"""The rules a value must satisfy, written once for the grid, the import and the API.

Pure functions: they take an indicator (anything with nature, aggregation, echelle, partie_du_tout,
minimum, maximum, champs_entiers and the plausible range) and the value's fields already read by
`nombres.lire_nombre` (Decimal, bool or None), and return the list of errors, each naming its
field and reason. Hard bounds are errors; a plausible range only asks for a justification.
Nothing here touches the database.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from manifeste.free_text import LONGUEUR_COMMENTAIRE, probleme_texte

from .models import CHAMPS_VALEUR, NOMBRES, BasePlausible, Plausibilite

# A small collectivity has fixed costs and events draw neighbours: per-inhabitant upper bounds
# are computed on at least this population.
POPULATION_PLANCHER = 2000


@dataclass(frozen=True)
class Erreur:
    champ: str
    raison: str

    def __str__(self):
        return f"{self.champ} : {self.raison}"


def champs_attendus(indicateur):
    """Which fields hold a value of this indicator: a ratio is its two parts, a mean its value
    and weight, a yes/no its boolean, anything else one number."""
    if indicateur.nature == "bool":
        return ("booleen",)
    if indicateur.nature == "ratio":
        return ("numerateur", "denominateur")
    if indicateur.nature == "mean" or indicateur.agregation == "weighted_mean":
        return ("valeur", "poids")
    return ("valeur",)


def est_vide(donnees):
    return all(donnees.get(champ) is None for champ in CHAMPS_VALEUR)


def verifier_champs(indicateur, donnees):
    attendus = champs_attendus(indicateur)
    erreurs = [
        Erreur(champ, _("champ sans objet pour un indicateur de nature « %s »") % indicateur.nature)
        for champ in CHAMPS_VALEUR
        if champ not in attendus and donnees.get(champ) is not None
    ]
    if any(donnees.get(champ) is not None for champ in attendus):
        erreurs += [
            Erreur(champ, _("manquant : cet indicateur se saisit avec %s") % " et ".join(attendus))
            for champ in attendus
            if donnees.get(champ) is None
        ]
    return erreurs


def verifier_signes(indicateur, donnees):
    """Counts, quantities, the parts of a ratio and weights are never negative; a score may be."""
    champs = [
        c for c in ("numerateur", "denominateur", "poids") if c in champs_attendus(indicateur)
    ]
    if indicateur.nature in ("count", "quantity", "mean"):
        champs.append("valeur")
    return [
        Erreur(champ, _("ne peut pas être négatif"))
        for champ in champs
        if donnees.get(champ) is not None and donnees[champ] < 0
    ]


def verifier_ratio(indicateur, donnees):
    num, den = donnees.get("numerateur"), donnees.get("denominateur")
    if indicateur.nature != "ratio" or num is None or den is None:
        return []
    if den == 0:
        if num > 0:
            return [Erreur("denominateur", _("nul alors que le numérateur ne l'est pas"))]
        return []
    if indicateur.partie_du_tout and num > den:
        return [Erreur("numerateur", _("dépasse le dénominateur (c'est une partie du tout)"))]
    return []


def affiche(nombre):
    """A number as the French reader expects it: 5 000 000, 12,5."""
    return number_format(round(Decimal(nombre), 3).normalize(), force_grouping=True)


def _en_unite(nombre, indicateur):
    return f"{affiche(nombre)} {indicateur.unite or ''}".strip()


def taux(indicateur, donnees):
    """The value as displayed: a ratio's rate in its scale, else the value itself."""
    if indicateur.nature == "ratio":
        num, den = donnees.get("numerateur"), donnees.get("denominateur")
        if num is None or not den:
            return None
        return Decimal(num) / Decimal(den) * indicateur.echelle
    return donnees.get("valeur") if indicateur.nature != "bool" else None


def verifier_bornes(indicateur, donnees):
    """The catalogue's hard bounds (a 1-10 score, a PUE >= 1) on the displayed value."""
    valeur = taux(indicateur, donnees)
    if valeur is None:
        return []
    champ = "numerateur" if indicateur.nature == "ratio" else "valeur"
    mini, maxi = indicateur.minimum, indicateur.maximum
    if (mini is not None and valeur < mini) or (maxi is not None and valeur > maxi):
        if mini is not None and maxi is not None:
            attendu = _("entre %(min)s et %(max)s") % {"min": affiche(mini), "max": affiche(maxi)}
        elif mini is not None:
            attendu = _("au moins %s") % affiche(mini)
        else:
            attendu = _("au plus %s") % affiche(maxi)
        return [
            Erreur(
                champ,
                _("%(valeur)s est impossible : la valeur doit être %(attendu)s")
                % {"valeur": _en_unite(valeur, indicateur), "attendu": attendu},
            )
        ]
    return []


def verifier_entiers(indicateur, donnees):
    return [
        Erreur(
            champ,
            _(
                "%(valeur)s n'est pas un nombre entier : ce champ compte des unités. Pour un "
                "millier, écrivez 1234 ou 1 234, sans point ni virgule"
            )
            % {"valeur": affiche(donnees[champ])},
        )
        for champ in indicateur.champs_entiers or ()
        if donnees.get(champ) is not None and donnees[champ] != donnees[champ].to_integral_value()
    ]


def plage_plausible(indicateur, population):
    """(min, max) of the displayed value for this collectivity, None where unknown: a
    per-inhabitant range needs the population (a syndicat may have none)."""
    mini, maxi = indicateur.plausible_min, indicateur.plausible_max
    if mini is None and maxi is None:
        return None
    if indicateur.plausible_par == BasePlausible.HABITANT:
        if not population:
            return None
        mini = None if mini is None else mini * population
        maxi = None if maxi is None else maxi * max(population, POPULATION_PLANCHER)
    return mini, maxi


def texte_plage(indicateur, plage, population):
    """A plausible range as the reader is told it: « de 0 à 1 050 pour 2 113 705 habitants »."""
    mini, maxi = plage
    bornes = _("de %(min)s à %(max)s") % {
        "min": affiche(mini or 0),
        "max": affiche(maxi) if maxi is not None else "∞",
    }
    if indicateur.plausible_par == BasePlausible.HABITANT:
        bornes += " " + _("pour %s habitants") % affiche(population)
    return bornes


def controler_plausibilite(indicateur, donnees, population, justification):
    """(errors, state) of a value already valid: outside its plausible range it needs a
    justification and is then « à vérifier » until a validator checks it."""
    valeur, plage = taux(indicateur, donnees), plage_plausible(indicateur, population)
    if valeur is None or plage is None:
        return [], Plausibilite.PLAUSIBLE
    mini, maxi = plage
    if (mini is None or valeur >= mini) and (maxi is None or valeur <= maxi):
        return [], Plausibilite.PLAUSIBLE
    if justification:
        return [], Plausibilite.A_VERIFIER
    bornes = texte_plage(indicateur, plage, population)
    return [
        Erreur(
            "justification",
            _(
                "valeur inhabituelle : %(valeur)s (plage plausible %(bornes)s). Si elle est "
                "juste, confirmez-la en donnant une justification ; un valideur la vérifiera "
                "avant sa publication"
            )
            % {"valeur": _en_unite(valeur, indicateur), "bornes": bornes},
        )
    ], Plausibilite.PLAUSIBLE


def incoherences_catalogue(indicateur):
    """[(field, reason)] of a catalogue entry whose bounds contradict each other (a dict of
    its fields): minimum above maximum, a plausible range reversed or, when it is expressed
    in the displayed value, outside the hard bounds; integer fields that hold no value."""
    erreurs = []
    mini, maxi = indicateur.get("minimum"), indicateur.get("maximum")
    p_mini, p_maxi = indicateur.get("plausible_min"), indicateur.get("plausible_max")
    if mini is not None and maxi is not None and mini > maxi:
        erreurs.append(("maximum", _("inférieur à la valeur minimale")))
    if p_mini is not None and p_maxi is not None and p_mini > p_maxi:
        erreurs.append(("plausible_max", _("inférieur au minimum plausible")))
    if indicateur.get("plausible_par") == BasePlausible.ABSOLUE:
        for champ, borne in (("plausible_min", p_mini), ("plausible_max", p_maxi)):
            if borne is None:
                continue
            if (mini is not None and borne < mini) or (maxi is not None and borne > maxi):
                erreurs.append(
                    (champ, _("hors des contrôles stricts : la plage plausible doit s'y tenir"))
                )
    entiers = indicateur.get("champs_entiers") or []
    if not isinstance(entiers, list) or any(c not in NOMBRES for c in entiers):
        erreurs.append(
            (
                "champs_entiers",
                _("une liste parmi %s") % ", ".join(f'"{c}"' for c in NOMBRES),
            )
        )
    return erreurs


def verifier_annee(annee, annees_campagnes):
    if annee not in annees_campagnes:
        return [
            Erreur(
                "annee",
                _("%(annee)s ne correspond à aucune campagne (%(annees)s)")
                % {
                    "annee": annee,
                    "annees": ", ".join(map(str, sorted(annees_campagnes))) or _("aucune"),
                },
            )
        ]
    return []


def verifier_textes(donnees):
    """The comment and the justification: one length limit on every path, no null byte."""
    erreurs = []
    for champ in ("commentaire", "justification"):
        probleme = probleme_texte(donnees.get(champ) or "", LONGUEUR_COMMENTAIRE)
        if probleme:
            erreurs.append(Erreur(champ, probleme))
    return erreurs


def valider(indicateur, donnees, annee=None, annees_campagnes=None):
    """Every error of one value; an empty list means it may be saved."""
    erreurs = [] if annees_campagnes is None else verifier_annee(annee, annees_campagnes)
    erreurs += verifier_textes(donnees)
    if est_vide(donnees):
        return erreurs + [Erreur("valeur", _("aucune valeur saisie"))]
    champs = verifier_champs(indicateur, donnees)
    if champs:
        return erreurs + champs
    return (
        erreurs
        + verifier_entiers(indicateur, donnees)
        + verifier_signes(indicateur, donnees)
        + verifier_ratio(indicateur, donnees)
        + verifier_bornes(indicateur, donnees)
    )
