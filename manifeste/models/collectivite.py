"""Every French collectivity, of every type, in one table."""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class TypeCollectivite(models.TextChoices):
    REGION = "region", _("Région")
    DEPARTEMENT = "departement", _("Département")
    EPCI = "epci", _("EPCI à fiscalité propre")
    COMMUNE = "commune", _("Commune")
    AUTRE = "autre", _("Autre (syndicat, autre organisme public)")


class NatureEPCI(models.TextChoices):
    CC = "CC", _("Communauté de communes")
    CA = "CA", _("Communauté d'agglomération")
    CU = "CU", _("Communauté urbaine")
    METRO = "METRO", _("Métropole")
    MET69 = "MET69", _("Métropole de Lyon")


class ClasseTaille(models.TextChoices):
    """Peer groups by population (bounds of territories.md)."""

    MOINS_3500 = "1", _("moins de 3 500 hab.")
    DE_3500_A_20000 = "2", _("3 500 à 20 000 hab.")
    DE_20000_A_50000 = "3", _("20 000 à 50 000 hab.")
    DE_50000_A_100000 = "4", _("50 000 à 100 000 hab.")
    PLUS_100000 = "5", _("plus de 100 000 hab.")


_BORNES_TAILLE = [
    (3_500, ClasseTaille.MOINS_3500),
    (20_000, ClasseTaille.DE_3500_A_20000),
    (50_000, ClasseTaille.DE_20000_A_50000),
    (100_000, ClasseTaille.DE_50000_A_100000),
]


def classe_taille(population):
    if population is None:
        return ""
    for borne, classe in _BORNES_TAILLE:
        if population < borne:
            return classe.value
    return ClasseTaille.PLUS_100000.value


def slug_collectivite(type_, nom, code):
    prefix = {"region": "region", "departement": "departement"}.get(type_, "")
    return slugify(f"{prefix} {nom} {code}".strip())[:120]


class CollectiviteQuerySet(models.QuerySet):
    def actives(self):
        return self.filter(active=True)

    def par_identifiant(self, identifiant, type_=None):
        """By SIREN (9 digits) or INSEE code; `type_` settles an INSEE code shared by levels."""
        identifiant = (identifiant or "").strip()
        if len(identifiant) == 9 and identifiant.isdigit():
            return self.filter(siren=identifiant)
        qs = self.filter(code_insee__iexact=identifiant)
        return qs.filter(type=type_) if type_ else qs


class Collectivite(models.Model):
    type = models.CharField(_("type"), max_length=12, choices=TypeCollectivite.choices)
    nature = models.CharField(
        _("nature"),
        max_length=10,
        choices=NatureEPCI.choices,
        blank=True,
        help_text=_("Pour un EPCI : CC, CA, CU, métropole."),
    )
    nom = models.CharField(_("nom"), max_length=200)
    code_insee = models.CharField(_("code INSEE"), max_length=9, blank=True)
    siren = models.CharField(_("SIREN"), max_length=9, null=True, blank=True, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    population = models.PositiveIntegerField(_("population municipale"), null=True, blank=True)
    classe_taille = models.CharField(
        _("classe de taille"),
        max_length=1,
        choices=ClasseTaille.choices,
        blank=True,
        editable=False,
    )
    zone = models.CharField(_("zone"), max_length=5, blank=True, help_text="metro, drom")
    region = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"type": TypeCollectivite.REGION},
        verbose_name=_("région"),
    )
    departement = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"type": TypeCollectivite.DEPARTEMENT},
        verbose_name=_("département"),
    )
    epci = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="communes",
        limit_choices_to={"type": TypeCollectivite.EPCI},
        verbose_name=_("EPCI"),
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "Une collectivité disparue du référentiel officiel est désactivée, jamais supprimée."
        ),
    )

    objects = CollectiviteQuerySet.as_manager()

    class Meta:
        verbose_name = _("collectivité")
        verbose_name_plural = _("collectivités")
        ordering = ["nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["type", "code_insee"],
                condition=~models.Q(code_insee=""),
                name="collectivite_type_insee_unique",
            )
        ]
        indexes = [
            models.Index(fields=["type", "classe_taille"]),
            models.Index(fields=["code_insee"]),
        ]

    def __str__(self):
        return f"{self.nom} ({self.code_insee or self.siren or self.get_type_display()})"

    def save(self, *args, **kwargs):
        self.classe_taille = classe_taille(self.population)
        if not self.slug:
            self.slug = slug_collectivite(self.type, self.nom, self.code_insee or self.siren or "")
        super().save(*args, **kwargs)

    @property
    def identifiant(self):
        return self.siren or self.code_insee
