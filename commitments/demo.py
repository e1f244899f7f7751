"""Demo data: a few real signatories, two campaigns, members of every role, assessments in
every state. Idempotent: running it twice changes nothing."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from acces.roles import Role, RoleNational
from manifeste.demo import ADMIN_PASSWORD
from manifeste.maturite import Etat
from manifeste.models import Collectivite, Engagement

from . import demo_national
from .invitations import donner_acces_admin
from .models import (
    ActionEvaluation,
    Campagne,
    CorrectionEvaluation,
    Evaluation,
    Membre,
    Preuve,
    ProfilNational,
    Signature,
    StatutAction,
    TransitionEvaluation,
)
from .services import aujourd_hui
from .workflow import EtatPublication

# (slug for usernames, identifier, type) — absent ones are skipped (e.g. territories not loaded).
SIGNATAIRES = [
    ("paris", "75056", "commune"),
    ("lyon", "200046977", "epci"),
    ("rhone", "69", "departement"),
    ("ain", "01", "departement"),
    ("ara", "84", "region"),
    ("abergement", "01001", "commune"),
]
# Roles given in every demo collectivity; the first collectivity gets all three.
ROLES_DEMO = [Role.CONTRIBUTEUR, Role.VALIDATEUR, Role.LECTEUR]
PREFIXES = {Role.CONTRIBUTEUR: "contrib", Role.VALIDATEUR: "valid", Role.LECTEUR: "lecteur"}
# One publication state per engagement, so each collectivity shows the whole workflow.
ETATS = [
    EtatPublication.PUBLIE,
    EtatPublication.PUBLIE,
    EtatPublication.VALIDE,
    EtatPublication.SOUMIS,
    EtatPublication.BROUILLON,
    EtatPublication.RENVOYE,
]
CHEMINS = {
    EtatPublication.BROUILLON: [],
    EtatPublication.SOUMIS: [EtatPublication.SOUMIS],
    EtatPublication.RENVOYE: [EtatPublication.SOUMIS, EtatPublication.RENVOYE],
    EtatPublication.VALIDE: [EtatPublication.SOUMIS, EtatPublication.VALIDE],
    EtatPublication.PUBLIE: [
        EtatPublication.SOUMIS,
        EtatPublication.VALIDE,
        EtatPublication.PUBLIE,
    ],
}

MOTIF_RENVOI = "Citez les résultats mesurés et joignez la délibération du plan d'action."


def _user(username, log, **extra):
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@demo.invalid", **extra}
    )
    if created:
        user.set_password(ADMIN_PASSWORD)
        user.save()
    donner_acces_admin(user)
    log(f"  {username} / {ADMIN_PASSWORD}")
    return user


def _campagnes(today):
    annee = today.year - 1
    ouverte, _c = Campagne.objects.get_or_create(
        annee=annee,
        defaults={
            "date_ouverture": today - timedelta(days=30),
            "date_cloture": today + timedelta(days=60),
        },
    )
    close, _c = Campagne.objects.get_or_create(
        annee=annee - 1,
        defaults={
            "date_ouverture": date(annee, 1, 15),
            "date_cloture": date(annee, 6, 30),
        },
    )
    return ouverte, close


def _evaluer(collectivite, engagement, campagne, i, etat_pub, validateur, contributeur):
    """One assessment, walked through the workflow to `etat_pub` with a recorded trail."""
    if Evaluation.objects.filter(
        collectivite=collectivite, engagement=engagement, campagne=campagne
    ).exists():
        return
    if i % 9 == 8:
        etat, niveau = Etat.NON_CONCERNE, None
    elif etat_pub == EtatPublication.BROUILLON and i % 3 == 2:
        etat, niveau = Etat.NON_RENSEIGNE, None
    else:
        etat, niveau = Etat.EVALUE, (i + collectivite.pk) % 5
    evaluation = Evaluation(
        collectivite=collectivite,
        engagement=engagement,
        campagne=campagne,
        etat=etat,
        niveau=niveau,
        justification="Compétence exercée par l'intercommunalité."
        if etat == Etat.NON_CONCERNE
        else "",
        narratif=(
            f"<p>{collectivite.nom} a engagé en {campagne.annee} un travail sur "
            f"« {engagement.titre_fr} » : état des lieux, plan d'action voté, premiers résultats.</p>"
            if etat == Etat.EVALUE
            else ""
        ),
        etat_publication=etat_pub,
    )
    evaluation._history_user = contributeur
    evaluation.save()
    ActionEvaluation.objects.create(
        evaluation=evaluation,
        titre="Inventaire du parc et des usages",
        echeance=date(campagne.annee, 12, 31),
        statut=StatutAction.FAITE,
    )
    ActionEvaluation.objects.create(
        evaluation=evaluation,
        titre="Plan d'action pluriannuel",
        echeance=date(campagne.annee + 1, 6, 30),
        statut=StatutAction.EN_COURS,
    )
    if niveau and niveau > 1 and i % 2 == 0:
        Preuve.objects.create(
            evaluation=evaluation,
            libelle="Délibération du conseil",
            url="https://www.example.org/deliberation.pdf",
        )
    de = EtatPublication.BROUILLON
    for vers in CHEMINS[etat_pub]:
        par = contributeur if vers == EtatPublication.SOUMIS else validateur
        TransitionEvaluation.objects.create(
            evaluation=evaluation,
            de=de,
            vers=vers,
            par=par,
            commentaire=MOTIF_RENVOI if vers == EtatPublication.RENVOYE else "",
        )
        de = vers


@transaction.atomic
def seed(log):
    today = aujourd_hui()
    engagements = list(Engagement.objects.courants())
    if not engagements:
        log("Engagements : référentiel absent, évaluations de démonstration ignorées.")
        return
    ouverte, close = _campagnes(today)
    log(f"Campagnes : {ouverte} (ouverte), {close} (close)")
    log("Comptes de démonstration (engagements) :")
    analyste = _user("analyste", log)
    ProfilNational.objects.get_or_create(user=analyste, defaults={"role": RoleNational.ANALYSTE})
    admin_national = _user("admin-national", log)
    ProfilNational.objects.get_or_create(
        user=admin_national, defaults={"role": RoleNational.ADMINISTRATEUR}
    )
    for n, (slug, identifiant, type_) in enumerate(SIGNATAIRES):
        collectivite = Collectivite.objects.par_identifiant(identifiant, type_).first()
        if collectivite is None:
            continue
        Signature.objects.get_or_create(
            collectivite=collectivite,
            defaults={"date_signature": date(2021, 11, 1) + timedelta(days=30 * n)},
        )
        membres = {}
        for role in ROLES_DEMO if n == 0 else ROLES_DEMO[:2]:
            user = _user(f"{PREFIXES[role]}-{slug}", log)
            Membre.objects.get_or_create(
                user=user, collectivite=collectivite, defaults={"role": role}
            )
            membres[role] = user
        if n == 1:
            user = _user(f"lecteur-{slug}", log)
            Membre.objects.get_or_create(
                user=user, collectivite=collectivite, defaults={"role": Role.LECTEUR}
            )
        for i, engagement in enumerate(engagements):
            for campagne, etats in ((ouverte, ETATS), (close, [EtatPublication.PUBLIE])):
                _evaluer(
                    collectivite,
                    engagement,
                    campagne,
                    i,
                    etats[(i + n) % len(etats)],
                    membres[Role.VALIDATEUR],
                    membres[Role.CONTRIBUTEUR],
                )
        if n == 0:
            _corriger(collectivite, ouverte, membres[Role.CONTRIBUTEUR])
    demo_national.seed(log)
    log(f"Évaluations de démonstration : {Evaluation.objects.count()}")


def _corriger(collectivite, campagne, contributeur):
    """A correction of a published assessment, submitted: the validator has one to review and
    the public still reads the published level."""
    publiee = (
        Evaluation.objects.publiees()
        .filter(collectivite=collectivite, campagne=campagne, etat=Etat.EVALUE)
        .order_by("engagement__ambition__ordre", "engagement__ordre")
        .last()
    )
    if publiee is None or CorrectionEvaluation.objects.filter(evaluation=publiee).exists():
        return
    correction = CorrectionEvaluation(
        evaluation=publiee,
        etat=Etat.EVALUE,
        niveau=min(publiee.niveau + 1, 4),
        narratif=publiee.narratif
        + "<p>Mise à jour : le plan d'action a été voté en conseil, les premiers résultats "
        "sont mesurés.</p>",
        etat_publication=EtatPublication.SOUMIS,
        par=contributeur,
    )
    correction._history_user = contributeur
    correction.save()
    TransitionEvaluation.objects.create(
        evaluation=publiee,
        de=EtatPublication.BROUILLON,
        vers=EtatPublication.SOUMIS,
        par=contributeur,
        sur_correction=True,
    )
