"""The manifesto's referential: ambitions, engagements and the maturity scale, versioned."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from manifeste.translation import Localized


class Referentiel(models.Model):
    """A version of the referential; past years' data keep pointing at the version they used."""

    version = models.CharField(_("version"), max_length=20, unique=True)
    titre = models.CharField(_("titre"), max_length=255)
    est_courant = models.BooleanField(_("version courante"), default=False)

    class Meta:
        verbose_name = _("référentiel")
        verbose_name_plural = _("référentiels")
        ordering = ["version"]
        constraints = [
            models.UniqueConstraint(
                fields=["est_courant"],
                condition=models.Q(est_courant=True),
                name="un_seul_referentiel_courant",
            )
        ]

    def __str__(self):
        return f"{self.titre} ({self.version})"

    @classmethod
    def courant(cls):
        return cls.objects.get(est_courant=True)


class Ambition(models.Model):
    titre = Localized()
    description = Localized()

    referentiel = models.ForeignKey(
        Referentiel,
        on_delete=models.PROTECT,
        related_name="ambitions",
        verbose_name=_("référentiel"),
    )
    code = models.CharField(_("code"), max_length=10)
    ordre = models.PositiveSmallIntegerField(_("ordre"), default=0)
    titre_fr = models.CharField(_("titre (français)"), max_length=255)
    titre_en = models.CharField(_("titre (anglais)"), max_length=255, blank=True)
    description_fr = models.TextField(_("description (français)"), blank=True)
    description_en = models.TextField(_("description (anglais)"), blank=True)

    class Meta:
        verbose_name = _("ambition")
        verbose_name_plural = _("ambitions")
        ordering = ["referentiel", "ordre", "code"]
        constraints = [
            models.UniqueConstraint(fields=["referentiel", "code"], name="ambition_code_unique")
        ]

    def __str__(self):
        return f"{self.code} – {self.titre}"


class EngagementQuerySet(models.QuerySet):
    def courants(self):
        return self.filter(ambition__referentiel__est_courant=True)


class Engagement(ClusterableModel):
    titre = Localized()
    description = Localized()

    ambition = models.ForeignKey(
        Ambition, on_delete=models.PROTECT, related_name="engagements", verbose_name=_("ambition")
    )
    code = models.CharField(_("code"), max_length=10)
    ordre = models.PositiveSmallIntegerField(_("ordre"), default=0)
    titre_fr = models.CharField(_("titre (français)"), max_length=255)
    titre_en = models.CharField(_("titre (anglais)"), max_length=255, blank=True)
    description_fr = models.TextField(_("description (français)"), blank=True)
    description_en = models.TextField(_("description (anglais)"), blank=True)

    objects = EngagementQuerySet.as_manager()

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["ambition__ordre", "ordre", "code"]
        constraints = [
            models.UniqueConstraint(fields=["ambition", "code"], name="engagement_code_unique")
        ]

    def __str__(self):
        return f"{self.code} – {self.titre}"


class NiveauMaturite(models.Model):
    """A level of the generic maturity scale (0–4). The states outside it are in `maturite`."""

    libelle = Localized()
    signification = Localized()

    referentiel = models.ForeignKey(
        Referentiel, on_delete=models.PROTECT, related_name="niveaux", verbose_name=_("référentiel")
    )
    niveau = models.PositiveSmallIntegerField(_("niveau"))
    libelle_fr = models.CharField(_("libellé (français)"), max_length=100)
    libelle_en = models.CharField(_("libellé (anglais)"), max_length=100, blank=True)
    signification_fr = models.TextField(_("signification (français)"), blank=True)
    signification_en = models.TextField(_("signification (anglais)"), blank=True)

    class Meta:
        verbose_name = _("niveau de maturité")
        verbose_name_plural = _("niveaux de maturité")
        ordering = ["referentiel", "niveau"]
        constraints = [
            models.UniqueConstraint(fields=["referentiel", "niveau"], name="niveau_unique"),
            models.CheckConstraint(condition=models.Q(niveau__lte=4), name="niveau_0_a_4"),
        ]

    def __str__(self):
        return f"{self.niveau} – {self.libelle}"


class DescripteurNiveau(models.Model):
    """What a level means for one engagement."""

    texte = Localized()

    engagement = ParentalKey(
        Engagement,
        on_delete=models.CASCADE,
        related_name="descripteurs",
        verbose_name=_("engagement"),
    )
    niveau = models.PositiveSmallIntegerField(_("niveau"))
    texte_fr = models.TextField(_("texte (français)"))
    texte_en = models.TextField(_("texte (anglais)"), blank=True)

    class Meta:
        verbose_name = _("descripteur de niveau")
        verbose_name_plural = _("descripteurs de niveau")
        ordering = ["engagement", "niveau"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "niveau"], name="descripteur_unique"),
            models.CheckConstraint(condition=models.Q(niveau__lte=4), name="descripteur_0_a_4"),
        ]

    def __str__(self):
        return f"{self.engagement.code} niveau {self.niveau}"
