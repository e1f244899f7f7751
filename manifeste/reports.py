"""The yearly report of one collectivity: the data it shows, gathered in one place.

The template only loops over what `rapport_collectivite` returns, so published assessments and
indicator values plug in here (`evaluations_publiees`, `indicateurs_publies`) without touching
the page or the PDF.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from manifeste.maturite import Etat, taux_completion
from manifeste.models import Engagement, NiveauMaturite, Referentiel


@dataclass
class LigneEngagement:
    ambition_code: str
    ambition_titre: str
    code: str
    titre: str
    etat: str = Etat.NON_RENSEIGNE
    niveau: int | None = None
    libelle_niveau: str = ""
    descripteur: str = ""  # what the level reached means for this engagement
    recit: str = ""  # what the collectivity did

    @property
    def evaluee(self):
        return self.etat != Etat.NON_RENSEIGNE


@dataclass
class Rapport:
    collectivite: object
    annee: int
    signature: object
    engagements: list[LigneEngagement]
    indicateurs: list = field(default_factory=list)
    genere_le: object = None

    @property
    def ambitions(self):
        """Rows grouped by ambition, in the referential's order: [(code, titre, [lignes])]."""
        groupes = {}
        for ligne in self.engagements:
            groupes.setdefault((ligne.ambition_code, ligne.ambition_titre), []).append(ligne)
        return [(code, titre, lignes) for (code, titre), lignes in groupes.items()]

    @property
    def completion(self):
        return taux_completion(ligne.etat for ligne in self.engagements)

    @property
    def nb_evalues(self):
        return sum(ligne.evaluee for ligne in self.engagements)


def evaluations_publiees(collectivite, annee):
    """Published assessments by engagement code: {code: (etat, niveau, recit)}.

    Empty until the assessments land (commitments.Evaluation.objects.publiees()); only
    published data may ever appear in a public report.
    """
    return {}


def indicateurs_publies(collectivite, annee):
    """Published indicator values for the report; empty until the indicators land."""
    return []


def rapport_collectivite(collectivite, annee):
    ref = Referentiel.objects.filter(est_courant=True).first()
    engagements = (
        Engagement.objects.filter(ambition__referentiel=ref)
        .select_related("ambition")
        .prefetch_related("descripteurs")
        .order_by("ambition__ordre", "ordre", "code")
    )
    niveaux = {n.niveau: n.libelle for n in NiveauMaturite.objects.filter(referentiel=ref)}
    evaluations = evaluations_publiees(collectivite, annee)
    lignes = []
    for e in engagements:
        ligne = LigneEngagement(e.ambition.code, e.ambition.titre, e.code, e.titre)
        if e.code in evaluations:
            ligne.etat, ligne.niveau, ligne.recit = evaluations[e.code]
            if ligne.niveau is not None:
                ligne.libelle_niveau = niveaux.get(ligne.niveau, "")
                descripteurs = {d.niveau: d.texte for d in e.descripteurs.all()}
                ligne.descripteur = descripteurs.get(ligne.niveau, "")
        lignes.append(ligne)
    return Rapport(
        collectivite=collectivite,
        annee=annee,
        signature=getattr(collectivite, "signature", None),
        engagements=lignes,
        indicateurs=indicateurs_publies(collectivite, annee),
        genere_le=timezone.now(),
    )
