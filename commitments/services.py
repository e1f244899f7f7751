"""Operations on assessments: each checks the permission layer and the rules, then writes
atomically and leaves a trace (history row, transition row)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acces.permissions import actions_pour, peut
from acces.roles import Action
from manifeste.models import Engagement

from .models import (
    ActionEvaluation,
    Campagne,
    CorrectionEvaluation,
    Evaluation,
    Reouverture,
    TransitionEvaluation,
)
from .validation import (
    RegleEnfreinte,
    verifier_campagne_modifiable,
    verifier_description,
    verifier_soumission,
)
from .workflow import (
    EtatPublication,
    quatre_yeux_bloque,
    refus_quatre_yeux,
    transitions_possibles,
    verifier_transition,
)


def aujourd_hui():
    return timezone.localdate()


def campagne_courante(jour=None):
    """The campaign open on `jour`, else the latest one (None before any campaign)."""
    return Campagne.objects.ouverte(jour or aujourd_hui()) or Campagne.objects.first()


def est_reouverte(campagne, collectivite, jour=None):
    return (
        Reouverture.objects.en_cours(jour or aujourd_hui())
        .filter(campagne=campagne, collectivite=collectivite)
        .exists()
    )


def campagne_modifiable(campagne, collectivite, jour=None):
    jour = jour or aujourd_hui()
    return campagne.est_ouverte(jour) or est_reouverte(campagne, collectivite, jour)


def verifier_modifiable(campagne, collectivite, jour=None):
    jour = jour or aujourd_hui()
    verifier_campagne_modifiable(
        campagne.est_ouverte(jour), est_reouverte(campagne, collectivite, jour)
    )


def soumis_par_id(evaluation):
    """Who submitted what is waiting (the assessment, or its pending correction): the last
    submission's author. None if nobody did, or their account is gone."""
    derniere = (
        evaluation.transitions.filter(vers=EtatPublication.SOUMIS).order_by("-le", "-pk").first()
    )
    return derniere.par_id if derniere else None


def transitions_offertes(evaluation, user, jour=None):
    """The target states to offer as buttons: the role allows them, the campaign is open and
    the four-eyes rule does not forbid them to this user."""
    if not campagne_modifiable(evaluation.campagne, evaluation.collectivite, jour):
        return []
    possibles = transitions_possibles(
        evaluation.etat_en_cours, actions_pour(user, evaluation.collectivite)
    )
    soumis_par = soumis_par_id(evaluation) if evaluation.pk else None
    actif = evaluation.campagne.quatre_yeux
    return [vers for vers in possibles if not quatre_yeux_bloque(vers, soumis_par, user.pk, actif)]


def dernier_renvoi(evaluation):
    """The validator's reason, while the assessment (or its correction) is sent back."""
    if evaluation.pk is None or evaluation.etat_en_cours != EtatPublication.RENVOYE:
        return None
    return (
        evaluation.transitions.filter(vers=EtatPublication.RENVOYE)
        .select_related("par")
        .order_by("-le", "-pk")
        .first()
    )


@transaction.atomic
def enregistrer_contenu(evaluation, user, preuve_ajoutee=False):
    """Store the content a form set on `evaluation`. Over a published assessment it goes into
    the pending correction, and the public keeps reading the published content; giving the
    published content back, with no evidence waiting (`preuve_ajoutee`: one is being added),
    drops the correction."""
    if evaluation.pk is None or not evaluation.publiee_a_la_lecture:
        evaluation.reporte = False  # edited: no longer a mere copy of last year
        evaluation._history_user = user
        evaluation.save()
        return evaluation
    publiee = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    correction = CorrectionEvaluation.objects.filter(evaluation=publiee).first()
    en_attente = preuve_ajoutee or publiee.preuves.filter(avec_correction=True).exists()
    if evaluation.meme_contenu(publiee) and not en_attente:
        if correction is not None:
            correction._history_user = user
            correction.delete()
        return publiee
    correction = correction or CorrectionEvaluation(evaluation=publiee)
    for champ, valeur in evaluation.contenu().items():
        setattr(correction, champ, valeur)
    correction.par = correction._history_user = user
    correction.save()
    return publiee


@transaction.atomic
def changer_etat(evaluation, vers, user, commentaire="", jour=None):
    """Move `evaluation` (or its pending correction) to `vers` for `user`; raises
    TransitionRefusee or RegleEnfreinte. A correction reaching « Publié » is copied over the
    published content, which it replaces: the assessment stays published throughout."""
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    correction = (
        CorrectionEvaluation.objects.select_for_update().filter(evaluation=evaluation).first()
    )
    suivie = correction or evaluation
    de = suivie.etat_publication
    verifier_transition(de, vers, actions_pour(user, evaluation.collectivite))
    verifier_modifiable(evaluation.campagne, evaluation.collectivite, jour)
    if quatre_yeux_bloque(
        vers, soumis_par_id(evaluation), user.pk, evaluation.campagne.quatre_yeux
    ):
        raise refus_quatre_yeux()
    if vers == EtatPublication.SOUMIS:
        verifier_soumission(suivie.etat, suivie.narratif, suivie.justification)
    if vers in (EtatPublication.VALIDE, EtatPublication.PUBLIE):
        verifier_description(suivie.etat, suivie.narratif)
    if vers == EtatPublication.RENVOYE and not commentaire.strip():
        raise RegleEnfreinte(
            _("Dites ce qu'il faut modifier : le commentaire est obligatoire."), "commentaire"
        )
    if correction is not None and vers == EtatPublication.PUBLIE:
        for champ, valeur in correction.contenu().items():
            setattr(evaluation, champ, valeur)
        evaluation._history_user = correction._history_user = user
        evaluation.save()
        evaluation.preuves.filter(avec_correction=True).update(avec_correction=False)
        correction.delete()
    else:
        suivie.etat_publication = vers
        suivie._history_user = user
        suivie.save()
    TransitionEvaluation.objects.create(
        evaluation=evaluation,
        de=de,
        vers=vers,
        par=user,
        commentaire=commentaire,
        sur_correction=correction is not None,
    )
    return evaluation


@transaction.atomic
def revoir(evaluation, user, commentaire):
    """National review: a separate fact from the collectivity's own validation."""
    if not peut(user, evaluation.collectivite, Action.REVOIR):
        raise PermissionDenied
    evaluation.revu_par = user
    evaluation.revu_le = timezone.now()
    evaluation.revu_commentaire = commentaire
    evaluation._history_user = user
    evaluation.save()
    return evaluation


@transaction.atomic
def rouvrir(campagne, collectivite, user, jusqu_au, motif=""):
    if not peut(user, collectivite, Action.ROUVRIR):
        raise PermissionDenied
    reouverture, _created = Reouverture.objects.update_or_create(
        campagne=campagne,
        collectivite=collectivite,
        defaults={"jusqu_au": jusqu_au, "motif": motif, "par": user, "le": timezone.now()},
    )
    return reouverture


def campagne_precedente(campagne):
    return Campagne.objects.filter(annee__lt=campagne.annee).order_by("-annee").first()


@transaction.atomic
def reporter(collectivite, campagne, user=None):
    """Start `campagne` from last year's assessments (level, reason, narrative, actions).

    Only engagements not yet assessed this year are filled; the copies are drafts marked
    `reporte` until someone edits them. Matching is by engagement code, so a new referential
    version still receives last year's answers where codes persist.
    """
    if user is not None and not peut(user, collectivite, Action.MODIFIER):
        raise PermissionDenied
    precedente = campagne_precedente(campagne)
    if precedente is None:
        return []
    deja = set(
        Evaluation.objects.filter(collectivite=collectivite, campagne=campagne).values_list(
            "engagement__code", flat=True
        )
    )
    engagements = {e.code: e for e in Engagement.objects.courants()}
    creees = []
    anciennes = (
        Evaluation.objects.filter(collectivite=collectivite, campagne=precedente)
        .select_related("engagement")
        .prefetch_related("actions")
    )
    for ancienne in anciennes:
        engagement = engagements.get(ancienne.engagement.code)
        if engagement is None or engagement.code in deja:
            continue
        nouvelle = Evaluation(
            collectivite=collectivite,
            engagement=engagement,
            campagne=campagne,
            etat=ancienne.etat,
            niveau=ancienne.niveau,
            justification=ancienne.justification,
            narratif=ancienne.narratif,
            reporte=True,
        )
        nouvelle._history_user = user
        nouvelle.save()
        ActionEvaluation.objects.bulk_create(
            ActionEvaluation(
                evaluation=nouvelle, titre=a.titre, echeance=a.echeance, statut=a.statut
            )
            for a in ancienne.actions.all()
        )
        creees.append(nouvelle)
    return creees
