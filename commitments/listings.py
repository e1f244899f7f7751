"""The rows of the workspace and of the national list, computed from the database once."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from acces.permissions import collectivites_pour
from acces.roles import Action
from manifeste.maturite import Etat, moyenne_niveaux, taux_completion
from manifeste.models import Collectivite, Engagement

from .models import Evaluation
from .validation import manques
from .workflow import EtatPublication


@dataclass
class Ligne:
    engagement: Engagement
    evaluation: Evaluation | None
    nb_preuves: int = 0
    manques: list = field(default_factory=list)

    @property
    def etat(self):
        return self.evaluation.etat if self.evaluation else Etat.NON_RENSEIGNE

    @property
    def niveau(self):
        return self.evaluation.niveau if self.evaluation else None

    @property
    def etat_publication(self):
        return self.evaluation.etat_en_cours if self.evaluation else EtatPublication.BROUILLON


@dataclass
class Bilan:
    collectivite: Collectivite
    lignes: list

    @property
    def completion(self):
        return taux_completion(ligne.etat for ligne in self.lignes)

    @property
    def moyenne(self):
        return moyenne_niveaux(ligne.niveau for ligne in self.lignes)


def collectivites_membre(user, action=Action.VOIR):
    """The signatories `user` is a member of and may `action` on: their own workspace, whatever
    national role they also hold."""
    return (
        collectivites_pour(user, action)
        .filter(membres__user=user, signature__isnull=False)
        .distinct()
        .order_by("nom")
    )


def bilans(collectivites, campagne):
    """One Bilan per collectivity, in the order given, in two queries whatever their number
    (a validator of many collectivities reads them all at once)."""
    collectivites = list(collectivites)
    evaluations = defaultdict(dict)
    for e in (
        Evaluation.objects.filter(collectivite__in=collectivites, campagne=campagne)
        .select_related("engagement", "correction")
        .annotate(nb_preuves=Count("preuves"))
    ):
        evaluations[e.collectivite_id][e.engagement.code] = e
    engagements = list(Engagement.objects.courants().select_related("ambition"))
    return [
        Bilan(c, [_ligne(e, evaluations[c.pk].get(e.code)) for e in engagements])
        for c in collectivites
    ]


def _ligne(engagement, evaluation):
    nb = evaluation.nb_preuves if evaluation else 0
    ligne = Ligne(engagement, evaluation, nb)
    ligne.manques = manques(ligne.etat, ligne.niveau, evaluation.narratif if evaluation else "", nb)
    return ligne


class Avancement:
    """Where a signatory stands in a campaign, for the national filter."""

    AUCUN = "aucun"
    EN_COURS = "en_cours"
    COMPLET = "complet"
    PUBLIE = "publie"


def avancement(repondus, publies, total):
    if total and publies >= total:
        return Avancement.PUBLIE
    if total and repondus >= total:
        return Avancement.COMPLET
    return Avancement.EN_COURS if repondus else Avancement.AUCUN


def signataires(collectivites, campagne):
    """Signatories among `collectivites` annotated with their answers for `campagne`."""
    dans_campagne = Q(evaluations__campagne=campagne)
    return (
        collectivites.filter(signature__isnull=False)
        .select_related("region")
        .annotate(
            repondus=Count(
                "evaluations",
                filter=dans_campagne & ~Q(evaluations__etat=Etat.NON_RENSEIGNE),
            ),
            publies=Count(
                "evaluations",
                filter=dans_campagne & Q(evaluations__etat_publication=EtatPublication.PUBLIE),
            ),
            soumis=Count(
                "evaluations",
                filter=dans_campagne & Q(evaluations__etat_publication=EtatPublication.SOUMIS),
            ),
        )
        .order_by("nom")
    )
