"""What the admin home tells each user, as plain data: for an officer, where each of their
collectivities stands in the campaign and what is left to do; for a validator, what waits for
them; for the national body, how the campaign goes. The panels (panels.py) only render it.

Every function reads all the collectivities at once: a validator of fifty collectivities costs
the same number of queries as an officer of one.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.apps import apps
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from acces.permissions import collectivites_pour
from acces.roles import Action
from manifeste.maturite import Etat
from manifeste.models import Collectivite, Engagement

from . import services
from .listings import avancement, bilans, collectivites_membre, signataires
from .models import Evaluation, Reouverture, TransitionEvaluation
from .signataires import AVANCEMENTS
from .workflow import EtatPublication

# The states past the author's hands; a validator sends back from the first two.
AVANCEES = (EtatPublication.SOUMIS, EtatPublication.VALIDE, EtatPublication.PUBLIE)
RENVOYABLES = AVANCEES[:2]


class Statut(StrEnum):
    A_VENIR = "a_venir"
    OUVERTE = "ouverte"
    ROUVERTE = "rouverte"
    CLOSE = "close"


@dataclass(frozen=True)
class Calendrier:
    """Where a campaign stands on a day for one collectivity; `jours`: days until it opens,
    closes, or its reopening ends (0 on the last day)."""

    statut: Statut
    ouverture: date
    cloture: date
    jours: int | None = None
    rouverte_jusqu_au: date | None = None

    @property
    def modifiable(self):
        return self.statut in (Statut.OUVERTE, Statut.ROUVERTE)


def calendrier(ouverture, cloture, jour, rouverte_jusqu_au=None):
    if jour < ouverture:
        return Calendrier(Statut.A_VENIR, ouverture, cloture, (ouverture - jour).days)
    if jour <= cloture:
        return Calendrier(Statut.OUVERTE, ouverture, cloture, (cloture - jour).days)
    if rouverte_jusqu_au is not None and jour <= rouverte_jusqu_au:
        return Calendrier(
            Statut.ROUVERTE, ouverture, cloture, (rouverte_jusqu_au - jour).days, rouverte_jusqu_au
        )
    return Calendrier(Statut.CLOSE, ouverture, cloture)


class Etape(StrEnum):
    """Where one engagement stands, as an officer says it: the workflow's states, plus the two
    an officer acts on first (not answered yet; sent back by the validator)."""

    A_EVALUER = "a_evaluer"
    BROUILLON = EtatPublication.BROUILLON.value
    RENVOYE = "renvoye"
    SOUMIS = EtatPublication.SOUMIS.value
    VALIDE = EtatPublication.VALIDE.value
    PUBLIE = EtatPublication.PUBLIE.value


LIBELLES_ETAPES = {
    Etape.A_EVALUER: gettext_lazy("À évaluer"),
    Etape.BROUILLON: EtatPublication.BROUILLON.label,
    Etape.RENVOYE: gettext_lazy("Renvoyé"),
    Etape.SOUMIS: EtatPublication.SOUMIS.label,
    Etape.VALIDE: EtatPublication.VALIDE.label,
    Etape.PUBLIE: EtatPublication.PUBLIE.label,
}


def est_renvoi(de, vers, etat_en_cours):
    """Whether the item's current state comes from a validator sending it back (from submitted
    or validated to an earlier state), rather than from its own author's work."""
    return vers == etat_en_cours and de in RENVOYABLES and vers not in AVANCEES


def etape(etat, etat_en_cours, renvoye):
    if renvoye:
        return Etape.RENVOYE
    if etat_en_cours == EtatPublication.BROUILLON and etat == Etat.NON_RENSEIGNE:
        return Etape.A_EVALUER
    try:
        return Etape(etat_en_cours)
    except ValueError:  # a state this module does not know yet: the officer still acts on it
        return Etape.BROUILLON


@dataclass
class EngagementSuivi:
    """One engagement's line on the home: this year, and last year beside."""

    ligne: object  # listings.Ligne
    etape: Etape
    url: str
    motif: str = ""  # the validator's comment when sent back
    precedent: tuple | None = None  # (etat, niveau) last campaign

    @property
    def libelle_etape(self):
        return LIBELLES_ETAPES[self.etape]

    @property
    def niveau(self):
        return texte_niveau(self.ligne.etat, self.ligne.niveau)

    @property
    def niveau_precedent(self):
        return texte_niveau(*self.precedent) if self.precedent else _("pas d'évaluation")


def texte_niveau(etat, niveau):
    """A level as the officer reads it: the number, or the state outside the scale."""
    if etat == Etat.EVALUE and niveau is not None:
        return str(niveau)
    return str(Etat(etat).label)


def texte_renvoi(motif):
    if motif.strip():
        return _("Renvoyé : « %(motif)s »") % {"motif": motif.strip()}
    return _("Renvoyé par le valideur.")


@dataclass
class Saisie:
    """Indicator values of the year: how many are expected, entered, and in which state."""

    attendus: int = 0
    par_etat: Counter = field(default_factory=Counter)

    @property
    def saisis(self):
        return sum(self.par_etat.values())


@dataclass(frozen=True)
class Tache:
    libelle: str
    url: str
    detail: str = ""


@dataclass
class Suivi:
    """One collectivity in the campaign, for one user."""

    collectivite: Collectivite
    campagne: object
    calendrier: Calendrier
    engagements: list
    indicateurs: Saisie
    peut_modifier: bool
    peut_valider: bool

    @property
    def repondus(self):
        return sum(e.ligne.etat != Etat.NON_RENSEIGNE for e in self.engagements)

    @property
    def comptes(self):
        """[(label, n)] per step, in the workflow's order, the empty ones left out."""
        n = Counter(e.etape for e in self.engagements)
        return [(LIBELLES_ETAPES[x], n[x]) for x in Etape if n[x]]

    @property
    def url_grille(self):
        return reverse("indicateurs_grille", args=[self.collectivite.pk, self.campagne.annee])

    @property
    def taches(self):
        """The officer's to-do: each item to act on, linked to the page where it is done."""
        if not (self.peut_modifier and self.calendrier.modifiable):
            return []
        taches = []
        # Sent back first (someone waits for it), then not answered, then ready to submit.
        for x, libelle in (
            (Etape.RENVOYE, _("Reprendre %(e)s")),
            (Etape.A_EVALUER, _("Évaluer %(e)s")),
            (Etape.BROUILLON, _("Soumettre %(e)s")),
        ):
            for e in self.engagements:
                if e.etape != x:
                    continue
                engagement = e.ligne.engagement
                detail = texte_renvoi(e.motif) if x == Etape.RENVOYE else ""
                if x == Etape.BROUILLON and e.ligne.manques:
                    detail = _("Il manque : %(m)s.") % {"m": ", ".join(e.ligne.manques)}
                titre = f"{engagement.code} – {engagement.titre}"
                taches.append(Tache(libelle % {"e": titre}, e.url, detail))
        manquants = self.indicateurs.attendus - self.indicateurs.saisis
        if manquants > 0:
            taches.append(
                Tache(
                    _("Saisir les indicateurs : %(n)s sur %(total)s restent à renseigner")
                    % {"n": manquants, "total": self.indicateurs.attendus},
                    self.url_grille,
                )
            )
        brouillons = self.indicateurs.par_etat[EtatPublication.BROUILLON]
        if brouillons:
            taches.append(
                Tache(
                    _("Soumettre les valeurs d'indicateurs en brouillon (%(n)s)")
                    % {"n": brouillons},
                    self.url_grille,
                )
            )
        return taches

    @property
    def a_valider(self):
        return self._en_etape(Etape.SOUMIS)

    @property
    def a_publier(self):
        return self._en_etape(Etape.VALIDE)

    def _en_etape(self, x):
        return [e for e in self.engagements if e.etape == x] if self.peut_valider else []

    @property
    def valeurs_a_valider(self):
        return self.indicateurs.par_etat[EtatPublication.SOUMIS] if self.peut_valider else 0

    @property
    def valeurs_a_publier(self):
        return self.indicateurs.par_etat[EtatPublication.VALIDE] if self.peut_valider else 0

    @property
    def en_attente(self):
        return any((self.a_valider, self.a_publier, self.valeurs_a_valider, self.valeurs_a_publier))


def suivis(user, campagne, jour=None):
    """A Suivi per signatory `user` is a member of, by name; a fixed number of queries."""
    jour = jour or services.aujourd_hui()
    collectivites = list(collectivites_membre(user))
    if not collectivites or campagne is None:
        return []
    modifiables = set(collectivites_pour(user, Action.MODIFIER).values_list("pk", flat=True))
    validables = set(collectivites_pour(user, Action.VALIDER).values_list("pk", flat=True))
    ids = [c.pk for c in collectivites]
    reouvertures = dict(
        Reouverture.objects.filter(campagne=campagne, collectivite__in=ids).values_list(
            "collectivite", "jusqu_au"
        )
    )
    renvois = _renvois(ids, campagne)
    precedents = _precedents(ids, campagne)
    saisies = saisies_indicateurs(ids, campagne.annee)
    resultat = []
    for b in bilans(collectivites, campagne):
        c = b.collectivite
        engagements = []
        for ligne in b.lignes:
            motif = renvois.get(ligne.evaluation.pk) if ligne.evaluation else None
            code = ligne.engagement.code
            engagements.append(
                EngagementSuivi(
                    ligne,
                    etape(ligne.etat, ligne.etat_publication, motif is not None),
                    reverse("commitments_evaluation", args=[c.pk, campagne.annee, code]),
                    motif or "",
                    precedents.get((c.pk, code)),
                )
            )
        resultat.append(
            Suivi(
                c,
                campagne,
                calendrier(
                    campagne.date_ouverture, campagne.date_cloture, jour, reouvertures.get(c.pk)
                ),
                engagements,
                saisies[c.pk],
                c.pk in modifiables,
                c.pk in validables,
            )
        )
    return resultat


def _renvois(ids, campagne):
    """{evaluation id: the validator's comment} for the assessments (or their pending
    correction) whose last move was a send back: one query."""
    derniere = TransitionEvaluation.objects.filter(evaluation=OuterRef("evaluation")).order_by(
        "-le", "-pk"
    )
    transitions = TransitionEvaluation.objects.filter(
        evaluation__collectivite__in=ids,
        evaluation__campagne=campagne,
        pk=Subquery(derniere.values("pk")[:1]),
    ).annotate(
        etat_en_cours=Coalesce(
            "evaluation__correction__etat_publication", "evaluation__etat_publication"
        )
    )
    return {
        t.evaluation_id: t.commentaire
        for t in transitions
        if est_renvoi(t.de, t.vers, t.etat_en_cours)
    }


def _precedents(ids, campagne):
    """{(collectivity id, engagement code): (etat, niveau)} of the previous campaign, matched by
    code as copying forward does (a new referential version keeps its codes)."""
    precedente = services.campagne_precedente(campagne)
    if precedente is None:
        return {}
    return {
        (c, code): (etat, niveau)
        for c, code, etat, niveau in Evaluation.objects.filter(
            collectivite__in=ids, campagne=precedente
        ).values_list("collectivite", "engagement__code", "etat", "niveau")
    }


def saisies_indicateurs(ids, annee):
    """{collectivity id: Saisie}: the indicators its grid asks for (shared and its own) and its
    values of `annee` by working state (a pending correction's, if any). The indicators app sits
    above this one: its models are reached by label."""
    Indicateur = apps.get_model("indicators", "Indicateur")
    Valeur = apps.get_model("indicators", "Valeur")
    partages = Indicateur.objects.filter(collectivite__isnull=True).count()
    resultat = defaultdict(lambda: Saisie(partages))
    propres = (
        Indicateur.objects.filter(collectivite__in=ids)
        .values("collectivite")
        .annotate(n=Count("pk"))
        .values_list("collectivite", "n")
    )
    for c, n in propres:
        resultat[c].attendus += n
    valeurs = (
        Valeur.objects.reelles()
        .filter(collectivite__in=ids, annee=annee)
        .annotate(en_cours=Coalesce("correction_etat", "etat"))
        .values("collectivite", "en_cours")
        .annotate(n=Count("pk"))
        .values_list("collectivite", "en_cours", "n")
    )
    for c, etat, n in valeurs:
        resultat[c].par_etat[etat] += n
    return resultat


@dataclass(frozen=True)
class Synthese:
    """The campaign across every signatory, for the national body."""

    signataires: int
    par_avancement: list  # [(avancement, label, n)] in the national filter's order
    soumis: int


def synthese_nationale(campagne):
    """Signatories by how far they are (listings.avancement) and assessments waiting for their
    validator: one query over the signatories."""
    total = Engagement.objects.courants().count()
    lignes = signataires(Collectivite.objects.all(), campagne).values_list(
        "repondus", "publies", "soumis"
    )
    par_avancement = Counter()
    soumis = 0
    for repondus, publies, en_attente in lignes:
        par_avancement[avancement(repondus, publies, total)] += 1
        soumis += en_attente
    return Synthese(
        sum(par_avancement.values()),
        [(a, libelle, par_avancement[a]) for a, libelle in AVANCEMENTS],
        soumis,
    )
