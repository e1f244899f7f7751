"""The entry grid of one collectivity × one year: parse, check (validation.py), save what is valid.

Kept apart from the view so the grid's behaviour is tested without HTML.
"""

from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils.translation import gettext as _

from commitments.workflow import EtatPublication, transitions_possibles, verifier_transition

from .anomalies import charger, lire_sures
from .models import Indicateur, Plausibilite, Valeur
from .nombres import ecrire_nombre, lire_nombre
from .resources import lire_booleen
from .validation import (
    CHAMPS_VALEUR,
    Erreur,
    champs_attendus,
    controler_plausibilite,
    est_vide,
    valider,
)

TEXTES = ("commentaire", "justification")


@dataclass
class Ligne:
    indicateur: Indicateur
    valeur: Valeur | None
    precedente: Valeur | None
    saisie: dict = field(default_factory=dict)  # field → text shown in the form
    erreurs: list = field(default_factory=list)

    @property
    def champs(self):
        return champs_attendus(self.indicateur)

    @property
    def a_verifier(self):
        return self.valeur is not None and self.valeur.plausibilite == Plausibilite.A_VERIFIER

    @property
    def demande_justification(self):
        """The justification field is shown with the warning, or once one was given."""
        return bool(self.erreurs_de("justification") or self.saisie.get("justification"))

    def erreurs_de(self, champ):
        return [e.raison for e in self.erreurs if e.champ == champ]


def nom_champ(indicateur, champ):
    return f"{indicateur.code}__{champ}"


def _texte(valeur, champ):
    brut = getattr(valeur, champ)
    if champ in TEXTES:
        return brut
    if champ == "booleen":
        return "" if brut is None else ("oui" if brut else "non")
    return ecrire_nombre(brut)


def lignes(collectivite, annee):
    """Every shared and own indicator, with this year's and last year's values; a stored value
    that breaks today's rules comes with its reasons as the line's errors, to be corrected."""
    indicateurs = (
        Indicateur.objects.filter(collectivite__isnull=True)
        | Indicateur.objects.filter(collectivite=collectivite)
    ).select_related("engagement__ambition")
    valeurs = {
        (v.indicateur_id, v.annee): v
        for v in charger(
            Valeur.objects.reelles().filter(collectivite=collectivite, annee__in=[annee, annee - 1])
        )
    }
    resultat = []
    for indicateur in indicateurs.order_by(
        "engagement__ambition__ordre", "engagement__ordre", "code"
    ):
        valeur = valeurs.get((indicateur.pk, annee))
        ligne = Ligne(indicateur, valeur, valeurs.get((indicateur.pk, annee - 1)))
        ligne.saisie = {c: _texte(valeur, c) if valeur else "" for c in [*ligne.champs, *TEXTES]}
        ligne.erreurs = list(valeur.anomalies) if valeur else []
        resultat.append(ligne)
    return resultat


def _lire(ligne, donnees_post):
    donnees = {}
    for champ in ligne.champs:
        brut = donnees_post.get(nom_champ(ligne.indicateur, champ), "")
        ligne.saisie[champ] = brut
        try:
            donnees[champ] = lire_booleen(brut) if champ == "booleen" else lire_nombre(brut)
        except ValueError as erreur:
            ligne.erreurs.append(Erreur(champ, str(erreur)))
    for champ in TEXTES:
        ligne.saisie[champ] = donnees_post.get(nom_champ(ligne.indicateur, champ), "").strip()
        donnees[champ] = ligne.saisie[champ]  # lengths checked by validation.valider
    return donnees


@transaction.atomic
def enregistrer(collectivite, annee, annees_campagnes, donnees_post, user):
    """Save every valid line, leave the invalid ones untouched; returns (lines, saved count)."""
    resultat = lignes(collectivite, annee)
    enregistrees = 0
    for ligne in resultat:
        stockees, ligne.erreurs = ligne.erreurs, []
        donnees = _lire(ligne, donnees_post)
        if ligne.erreurs:
            continue
        if est_vide(donnees):
            if ligne.valeur is not None and ligne.valeur.invalide:
                ligne.erreurs = stockees  # shown empty, not withdrawn: to be entered again
            elif ligne.valeur is not None:  # cleared: withdrawn (history keeps it)
                ligne.valeur.delete()
                ligne.valeur = None
                enregistrees += 1
            continue
        ligne.erreurs = valider(ligne.indicateur, donnees, annee, annees_campagnes)
        if ligne.erreurs:
            continue
        ligne.erreurs, plausibilite = controler_plausibilite(
            ligne.indicateur, donnees, collectivite.population, ligne.saisie["justification"]
        )
        if ligne.erreurs:
            continue
        valeur = ligne.valeur or Valeur(
            collectivite=collectivite, indicateur=ligne.indicateur, annee=annee
        )
        nouvelles = {c: donnees.get(c) for c in CHAMPS_VALEUR}
        nouvelles.update({c: ligne.saisie[c] for c in TEXTES})
        if valeur.pk and all(getattr(valeur, c) == v for c, v in nouvelles.items()):
            continue
        for champ, v in nouvelles.items():
            setattr(valeur, champ, v)
        valeur.plausibilite = plausibilite
        valeur.etat = EtatPublication.BROUILLON  # changed → to be validated again
        valeur.saisi_par = user
        valeur._change_reason = _("saisie en grille")
        valeur.save()
        ligne.valeur = valeur
        enregistrees += 1
    return resultat, enregistrees


def transitions_valeurs(collectivite, annee, actions):
    """The forward moves of the publication workflow this user may apply to the grid's values:
    (from, to, how many values are in `from`). Backward moves stay value by value (a new entry
    puts a value back in draft)."""
    nombres = dict(
        Valeur.objects.reelles()
        .filter(collectivite=collectivite, annee=annee)
        .values_list("etat")
        .annotate(n=models.Count("pk"))
    )
    ordre = list(EtatPublication)
    return [
        (de, vers, nombres[de])
        for de, vers in zip(ordre, ordre[1:], strict=False)
        if nombres.get(de) and vers in transitions_possibles(de, actions)
    ]


@transaction.atomic
def changer_etat_valeurs(collectivite, annee, de, vers, actions, user):
    """Move every value of the grid in state `de` to `vers`, as the assessments' workflow does;
    raises TransitionRefusee. Saved one by one: history and the dashboards' cache follow.
    A validator's move (validate, publish) confirms the values flagged « à vérifier »."""
    verifier_transition(de, vers, actions)
    valeurs = list(
        lire_sures(
            Valeur.objects.reelles()
            .select_for_update()
            .filter(collectivite=collectivite, annee=annee, etat=de)
        )
    )
    confirme = vers in (EtatPublication.VALIDE, EtatPublication.PUBLIE)
    for valeur in valeurs:
        valeur.etat = vers
        if confirme and valeur.plausibilite == Plausibilite.A_VERIFIER:
            valeur.plausibilite = Plausibilite.VERIFIEE
        valeur._history_user = user
        valeur._change_reason = _("passage en « %(etat)s »") % {"etat": EtatPublication(vers).label}
        valeur.save(update_fields=["etat", "plausibilite", "modifie_le"])
    return len(valeurs)
