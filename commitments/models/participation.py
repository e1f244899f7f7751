from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from acces.roles import Role, RoleNational
from manifeste.models import Collectivite


class SignataireQuerySet(models.QuerySet):
    def collectivites(self):
        return Collectivite.objects.filter(signature__isnull=False)


class Signature(models.Model):
    """A collectivity signed the manifesto: only signatories take part in campaigns and dashboards."""

    collectivite = models.OneToOneField(
        Collectivite,
        on_delete=models.CASCADE,
        related_name="signature",
        verbose_name=_("collectivité"),
    )
    date_signature = models.DateField(_("date de signature"))
    elu_signataire = models.CharField(_("élu signataire"), max_length=200, blank=True)
    deliberation = models.CharField(
        _("délibération"),
        max_length=200,
        blank=True,
        help_text=_("Référence ou lien de la délibération."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signature du manifeste")
        verbose_name_plural = _("signatures du manifeste")
        ordering = ["-date_signature"]

    def __str__(self):
        return f"{self.collectivite} — {self.date_signature:%d/%m/%Y}"


class Membre(models.Model):
    """A user's role in one collectivity; a user may hold several, with different roles."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="adhesions",
        verbose_name=_("utilisateur"),
    )
    collectivite = models.ForeignKey(
        Collectivite,
        on_delete=models.CASCADE,
        related_name="membres",
        verbose_name=_("collectivité"),
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    cree_le = models.DateTimeField(_("créé le"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "collectivite"], name="un_role_par_collectivite"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.collectivite} ({self.get_role_display()})"


class ProfilNational(models.Model):
    """A national role (analyst or administrator) held by a user, over all collectivities."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profil_national",
        verbose_name=_("utilisateur"),
    )
    role = models.CharField(_("rôle national"), max_length=20, choices=RoleNational.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rôle national")
        verbose_name_plural = _("rôles nationaux")

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}"


class CampagneQuerySet(models.QuerySet):
    def ouvertes(self, jour):
        return self.filter(date_ouverture__lte=jour, date_cloture__gte=jour)

    def ouverte(self, jour):
        """The campaign open on `jour` (the most recent if several overlap), or None."""
        return self.ouvertes(jour).order_by("-annee").first()


class Campagne(models.Model):
    """The yearly collection: `annee` is the year the data describe (2025 data collected in 2026)."""

    annee = models.PositiveSmallIntegerField(_("année des données"), unique=True)
    date_ouverture = models.DateField(_("ouverture"))
    date_cloture = models.DateField(_("clôture"))
    quatre_yeux = models.BooleanField(
        _("règle des quatre yeux"),
        default=True,
        help_text=_(
            "Qui a soumis une évaluation ou une valeur ne peut ni la valider ni la publier : "
            "une autre personne habilitée (ou l'administrateur national) le fait."
        ),
    )

    objects = CampagneQuerySet.as_manager()

    class Meta:
        verbose_name = _("campagne")
        verbose_name_plural = _("campagnes")
        ordering = ["-annee"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_cloture__gte=models.F("date_ouverture")),
                name="campagne_dates_ordonnees",
            )
        ]

    def __str__(self):
        return _("Campagne %(annee)s") % {"annee": self.annee}

    def est_ouverte(self, jour):
        return self.date_ouverture <= jour <= self.date_cloture
