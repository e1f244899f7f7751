"""Reminders before a campaign closes: each (campaign, collectivity, person, delay) once."""

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from manifeste import courriels
from manifeste.maturite import Etat
from manifeste.models import Collectivite, Engagement

from .models import Campagne, Membre, Rappel
from .validation import delai_applicable
from .workflow import EtatPublication


def collectivites_en_retard(campagne):
    """Signatories with an engagement not yet answered or not yet submitted for `campagne`."""
    from .models import Evaluation

    nb_engagements = Engagement.objects.courants().count()
    finies = (
        Evaluation.objects.filter(campagne=campagne)
        .exclude(etat=Etat.NON_RENSEIGNE)
        .exclude(etat_publication__in=[EtatPublication.BROUILLON, EtatPublication.RENVOYE])
        .values("collectivite")
        .annotate(n=models.Count("pk"))
        .filter(n__gte=nb_engagements)
        .values("collectivite")
    )
    return Collectivite.objects.filter(signature__isnull=False).exclude(pk__in=finies)


def envoyer_rappels(jour, delais, log=lambda _message: None):
    """Email every member of late collectivities whose reminder for today's delay is not sent
    (each message by a task, enqueued with its reminder's record)."""
    envoyes = 0
    for campagne in Campagne.objects.ouvertes(jour):
        delai = delai_applicable((campagne.date_cloture - jour).days, delais)
        if delai is None:
            continue
        membres = Membre.objects.filter(
            collectivite__in=collectivites_en_retard(campagne)
        ).select_related("user", "collectivite")
        for membre in membres:
            if not membre.user.email or not membre.user.is_active:
                continue
            try:
                # The record comes first: a unique row per reminder is what makes it "once".
                with transaction.atomic():
                    Rappel.objects.create(
                        campagne=campagne,
                        collectivite=membre.collectivite,
                        user=membre.user,
                        delai=delai,
                    )
                    courriels.programmer(
                        _("Campagne %(annee)s : clôture le %(date)s")
                        % {"annee": campagne.annee, "date": f"{campagne.date_cloture:%d/%m/%Y}"},
                        _(
                            "Bonjour,\n\nL'auto-évaluation de %(collectivite)s pour la campagne %(annee)s n'est pas terminée ou pas soumise. "
                            "La campagne se clôt le %(date)s.\n\n%(lien)s\n"
                        )
                        % {
                            "collectivite": membre.collectivite.nom,
                            "annee": campagne.annee,
                            "date": f"{campagne.date_cloture:%d/%m/%Y}",
                            "lien": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
                            + reverse("commitments_mes_collectivites"),
                        },
                        [membre.user.email],
                    )
            except IntegrityError:
                continue
            envoyes += 1
            log(f"{membre.user.email} — {membre.collectivite.nom} (J-{delai})")
    return envoyes
