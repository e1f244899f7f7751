"""Stored values read without trusting them, checked against today's rules.

Values written before the number reader existed may hold Infinity, NaN, more digits than the
column, an 11 on a 1-10 score… Loading such a row through the ORM raises (SQLite's decimal
converter cannot quantize them), so the grid, the exports and `verifier_donnees` read the
numbers as text and pass them through `nombres.lire_nombre`, like any input.
"""

from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from .models import NOMBRES
from .numbers import NombreRefuse, lire_nombre
from .validation import CHAMPS_VALEUR, Erreur, controler_plausibilite, est_vide, valider

TAILLE_LOT = 2000


def en_texte(qs):
    """`qs` loading its numbers as text (`valeur_texte`…), never as Decimal (which raises on
    what older versions stored): an admin list can then show any stored row."""
    textes = {f"{champ}_texte": Cast(champ, output_field=CharField()) for champ in NOMBRES}
    return qs.defer(*NOMBRES).annotate(**textes)


def lire_sures(qs):
    """The values of `qs` with their numbers read as text by the reader: one that cannot be
    stored today is None, its reason in `.illisibles`. Never raises on what is stored."""
    for valeur in en_texte(qs).iterator(chunk_size=TAILLE_LOT):
        valeur.illisibles = []
        for champ in NOMBRES:
            try:
                nombre = lire_nombre(getattr(valeur, f"{champ}_texte"))
            except NombreRefuse as refus:
                nombre = None
                valeur.illisibles.append(
                    Erreur(champ, _("valeur enregistrée invalide, %s") % refus)
                )
            setattr(valeur, champ, nombre)
        yield valeur


def _verifier(valeur, annees_campagnes):
    """Sets `.anomalies` (every reason, field by field) and `.invalide` (its numbers break a
    hard rule: they are shown and exported empty, to be entered again)."""
    valeur.anomalies = list(valeur.illisibles)
    donnees = {champ: getattr(valeur, champ) for champ in CHAMPS_VALEUR}
    if not valeur.anomalies and not est_vide(donnees):
        valeur.anomalies = valider(valeur.indicateur, donnees, valeur.annee, annees_campagnes)
    valeur.invalide = bool(valeur.anomalies)
    if not valeur.invalide and not est_vide(donnees):
        valeur.anomalies, _etat = controler_plausibilite(
            valeur.indicateur, donnees, valeur.collectivite.population, valeur.justification
        )


def charger(qs, annees_campagnes=None):
    """The values of `qs`, each with `.anomalies` and `.invalide`; never raises on what is
    stored. `annees_campagnes` also flags a year without a campaign."""
    for valeur in lire_sures(qs.select_related("indicateur", "collectivite")):
        _verifier(valeur, annees_campagnes)
        yield valeur


def raison_publique(valeur):
    """What a public output writes beside a value `charger` found breaking a hard rule (its
    numbers then empty); '' for a sound value (plausibility notes stay with the validators).
    An unreadable number is not quoted: « Inf » is what the public must never read."""
    if valeur.illisibles:
        return _("valeur enregistrée illisible (nombre non fini ou trop grand), à saisir à nouveau")
    return " ; ".join(map(str, valeur.anomalies)) if valeur.invalide else ""
