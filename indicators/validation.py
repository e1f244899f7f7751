"""The rules a value must satisfy, written once for the grid, the import and the API.

Pure functions: they take an indicator (anything with kind, aggregation, scale, partie_du_tout,
minimum) and the value's fields already parsed (Decimal, bool or None), and return the list of
errors, each naming its field and reason. Nothing here touches the database.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from manifeste.textes import LONGUEUR_COMMENTAIRE, probleme_texte

CHAMPS_VALEUR = ("valeur", "numerateur", "denominateur", "poids", "booleen")


@dataclass(frozen=True)
class Erreur:
    champ: str
    raison: str

    def __str__(self):
        return f"{self.champ} : {self.raison}"


def champs_attendus(indicateur):
    """Which fields hold a value of this indicator: a ratio is its two parts, a mean its value
    and weight, a yes/no its boolean, anything else one number."""
    if indicateur.kind == "bool":
        return ("booleen",)
    if indicateur.kind == "ratio":
        return ("numerateur", "denominateur")
    if indicateur.kind == "mean" or indicateur.aggregation == "weighted_mean":
        return ("valeur", "poids")
    return ("valeur",)


def est_vide(donnees):
    return all(donnees.get(champ) is None for champ in CHAMPS_VALEUR)


def verifier_champs(indicateur, donnees):
    attendus = champs_attendus(indicateur)
    erreurs = [
        Erreur(champ, _("champ sans objet pour un indicateur de nature « %s »") % indicateur.kind)
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
    if indicateur.kind in ("count", "quantity", "mean"):
        champs.append("valeur")
    return [
        Erreur(champ, _("ne peut pas être négatif"))
        for champ in champs
        if donnees.get(champ) is not None and donnees[champ] < 0
    ]


def verifier_ratio(indicateur, donnees):
    num, den = donnees.get("numerateur"), donnees.get("denominateur")
    if indicateur.kind != "ratio" or num is None or den is None:
        return []
    if den == 0:
        if num > 0:
            return [Erreur("denominateur", _("nul alors que le numérateur ne l'est pas"))]
        return []
    erreurs = []
    if indicateur.partie_du_tout and num > den:
        erreurs.append(
            Erreur("numerateur", _("dépasse le dénominateur (c'est une partie du tout)"))
        )
    if indicateur.minimum is not None:
        taux = Decimal(num) / Decimal(den) * indicateur.scale
        if taux < Decimal(indicateur.minimum):
            erreurs.append(
                Erreur(
                    "numerateur",
                    _("le rapport vaut %(taux)s, il ne peut pas être inférieur à %(min)s")
                    % {
                        "taux": round(taux, 3),
                        "min": format(Decimal(indicateur.minimum).normalize(), "f"),
                    },
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


def verifier_commentaire(donnees):
    probleme = probleme_texte(donnees.get("commentaire") or "", LONGUEUR_COMMENTAIRE)
    return [Erreur("commentaire", probleme)] if probleme else []


def valider(indicateur, donnees, annee=None, annees_campagnes=None):
    """Every error of one value; an empty list means it may be saved."""
    erreurs = [] if annees_campagnes is None else verifier_annee(annee, annees_campagnes)
    erreurs += verifier_commentaire(donnees)
    if est_vide(donnees):
        return erreurs + [Erreur("valeur", _("aucune valeur saisie"))]
    champs = verifier_champs(indicateur, donnees)
    if champs:
        return erreurs + champs
    return erreurs + verifier_signes(indicateur, donnees) + verifier_ratio(indicateur, donnees)
