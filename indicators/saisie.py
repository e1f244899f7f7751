"""The entry grid of one collectivity × one year: parse, check (validation.py), save what is valid.

Kept apart from the view so the grid's behaviour is tested without HTML.
"""

from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils.translation import gettext as _

from commitments.workflow import EtatPublication, transitions_possibles, verifier_transition

from .models import Indicateur, Valeur
from .resources import ecrire_nombre, lire_booleen, lire_nombre
from .validation import CHAMPS_VALEUR, Erreur, champs_attendus, est_vide, valider


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

    def erreurs_de(self, champ):
        return [e.raison for e in self.erreurs if e.champ == champ]


def nom_champ(indicateur, champ):
    return f"{indicateur.code}__{champ}"


def _texte(valeur, champ):
    brut = getattr(valeur, champ)
    if champ == "commentaire":
        return brut
    if champ == "booleen":
        return "" if brut is None else ("oui" if brut else "non")
    return ecrire_nombre(brut)


def lignes(collectivite, annee):
    """Every shared and own indicator, with this year's and last year's values."""
    indicateurs = (
        Indicateur.objects.filter(collectivite__isnull=True)
        | Indicateur.objects.filter(collectivite=collectivite)
    ).select_related("engagement__ambition")
    valeurs = {
        (v.indicateur_id, v.annee): v
        for v in Valeur.objects.reelles().filter(
            collectivite=collectivite, annee__in=[annee, annee - 1]
        )
    }
    resultat = []
    for indicateur in indicateurs.order_by(
        "engagement__ambition__ordre", "engagement__ordre", "code"
    ):
        valeur = valeurs.get((indicateur.pk, annee))
        ligne = Ligne(indicateur, valeur, valeurs.get((indicateur.pk, annee - 1)))
        ligne.saisie = {
            c: _texte(valeur, c) if valeur else "" for c in [*ligne.champs, "commentaire"]
        }
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
    ligne.saisie["commentaire"] = donnees_post.get(
        nom_champ(ligne.indicateur, "commentaire"), ""
    ).strip()
    donnees["commentaire"] = ligne.saisie["commentaire"]  # checked by validation.valider
    return donnees


@transaction.atomic
def enregistrer(collectivite, annee, annees_campagnes, donnees_post, user):
    """Save every valid line, leave the invalid ones untouched; returns (lines, saved count)."""
    resultat = lignes(collectivite, annee)
    enregistrees = 0
    for ligne in resultat:
        donnees = _lire(ligne, donnees_post)
        if ligne.erreurs:
            continue
        if est_vide(donnees):
            if ligne.valeur is not None:  # cleared: the value is withdrawn (history keeps it)
                ligne.valeur.delete()
                ligne.valeur = None
                enregistrees += 1
            continue
        ligne.erreurs = valider(ligne.indicateur, donnees, annee, annees_campagnes)
        if ligne.erreurs:
            continue
        valeur = ligne.valeur or Valeur(
            collectivite=collectivite, indicateur=ligne.indicateur, annee=annee
        )
        nouvelles = {c: donnees.get(c) for c in CHAMPS_VALEUR}
        nouvelles["commentaire"] = ligne.saisie["commentaire"]
        if valeur.pk and all(getattr(valeur, c) == v for c, v in nouvelles.items()):
            continue
        for champ, v in nouvelles.items():
            setattr(valeur, champ, v)
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
    raises TransitionRefusee. Saved one by one: history and the dashboards' cache follow."""
    verifier_transition(de, vers, actions)
    valeurs = list(
        Valeur.objects.reelles()
        .select_for_update()
        .filter(collectivite=collectivite, annee=annee, etat=de)
    )
    for valeur in valeurs:
        valeur.etat = vers
        valeur._history_user = user
        valeur._change_reason = _("passage en « %(etat)s »") % {"etat": EtatPublication(vers).label}
        valeur.save(update_fields=["etat", "modifie_le"])
    return len(valeurs)
