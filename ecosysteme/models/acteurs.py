"""Local responsible-digital actors, the entries of the directory.

An actor is a snippet (not a page) so that it can be imported in bulk, suggested by anyone
through a public form and listed with querysets; `AnnuairePage` (models/annuaire.py) serves it
publicly. This module does not know that page: the forms and views import it without a cycle.

Tables keep the names they had when these models lived in the `cms` app (`db_table`).
"""

from django import forms
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel, MultipleChooserPanel
from wagtail.models import Orderable

from ecosysteme.siret import normaliser_siret, valider_siret
from ecosysteme.territoire import englobants
from manifeste.models import Collectivite, Engagement, TypeCollectivite


class TypeActeur(models.TextChoices):
    PRESTATAIRE_LOCAL = "prestataire_local", _("Prestataire numérique local")
    LOGICIEL_LIBRE = "logiciel_libre", _("Entreprise du logiciel libre")
    RECONDITIONNEUR = "reconditionneur", _("Reconditionneur / revendeur")
    RECYCLEUR = "recycleur", _("Recycleur")
    AIDE_NUMERIQUE = "aide_numerique", _("Lieu d'aide numérique")
    FORMATION = "formation", _("Organisme de formation")
    ESS = "ess", _("Structure de l'ESS")
    AUTRE = "autre", _("Autre")


class ActeurQuerySet(models.QuerySet):
    def publies(self):
        return self.filter(publie=True)

    def a_valider(self):
        return self.filter(publie=False)

    def servant(self, collectivite):
        """Actors whose area includes the collectivity or one that contains it."""
        return self.filter(zone__in=englobants(collectivite)).distinct()

    def recherche(self, texte):
        return self.filter(nom__icontains=texte.strip()) if texte and texte.strip() else self


class Acteur(ClusterableModel):
    nom = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True, blank=True)
    type = models.CharField(_("type d'acteur"), max_length=20, choices=TypeActeur.choices)
    description = models.TextField(_("description"), blank=True)
    siret = models.CharField(
        _("SIRET"),
        max_length=14,
        blank=True,
        validators=[valider_siret],
        help_text=_("14 chiffres ; la clé de contrôle est vérifiée."),
    )
    adresse = models.CharField(_("adresse"), max_length=255, blank=True)
    commune = models.ForeignKey(
        Collectivite,
        on_delete=models.PROTECT,
        related_name="acteurs_implantes",
        limit_choices_to={"type": TypeCollectivite.COMMUNE},
        verbose_name=_("commune"),
    )
    zone = models.ManyToManyField(
        Collectivite,
        through="ActeurZone",
        related_name="acteurs_desservant",
        blank=True,
        verbose_name=_("territoire desservi"),
    )
    courriel = models.EmailField(_("courriel de contact"), blank=True)
    telephone = models.CharField(_("téléphone"), max_length=30, blank=True)
    site_web = models.URLField(_("site web"), blank=True)
    engagements = ParentalManyToManyField(
        Engagement,
        blank=True,
        related_name="acteurs",
        verbose_name=_("engagements soutenus"),
    )
    labels = models.CharField(
        _("labels"),
        max_length=255,
        blank=True,
        help_text=_("Labels détenus, séparés par des virgules."),
    )
    publie = models.BooleanField(
        _("publié"),
        default=False,
        help_text=_("Un acteur proposé reste invisible jusqu'à sa validation."),
    )
    courriel_proposant = models.EmailField(_("courriel de la personne qui l'a proposé"), blank=True)
    cree_le = models.DateTimeField(_("créé le"), auto_now_add=True)
    modifie_le = models.DateTimeField(_("modifié le"), auto_now=True)

    history = HistoricalRecords(table_name="cms_historicalacteur")
    objects = ActeurQuerySet.as_manager()

    panels = [
        FieldPanel("nom"),
        FieldPanel("type"),
        FieldPanel("description"),
        FieldPanel("siret"),
        FieldPanel("adresse"),
        FieldPanel("commune"),
        MultipleChooserPanel(
            "zones_desservies", chooser_field_name="collectivite", label=_("Territoire desservi")
        ),
        FieldPanel("courriel"),
        FieldPanel("telephone"),
        FieldPanel("site_web"),
        FieldPanel("engagements", widget=forms.CheckboxSelectMultiple),
        FieldPanel("labels"),
        FieldPanel("courriel_proposant", read_only=True),
    ]

    class Meta:
        verbose_name = _("acteur local")
        verbose_name_plural = _("acteurs locaux")
        db_table = "cms_acteur"
        ordering = ["nom"]
        indexes = [models.Index(fields=["publie", "type"])]

    def __str__(self):
        return self.nom

    def save(self, *args, **kwargs):
        self.siret = normaliser_siret(self.siret)
        if not self.slug:
            self.slug = self._slug_libre()
        super().save(*args, **kwargs)

    def _slug_libre(self):
        base = slugify(self.nom)[:200] or "acteur"
        slug, n = base, 1
        while Acteur.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    def liste_labels(self):
        return [label.strip() for label in self.labels.split(",") if label.strip()]


class ActeurZone(Orderable):
    """One collectivity (of any level) in an actor's area served."""

    acteur = ParentalKey(Acteur, on_delete=models.CASCADE, related_name="zones_desservies")
    collectivite = models.ForeignKey(
        Collectivite,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("collectivité"),
    )

    panels = [FieldPanel("collectivite")]

    class Meta(Orderable.Meta):
        verbose_name = _("territoire desservi")
        verbose_name_plural = _("territoires desservis")
        db_table = "cms_acteurzone"
        constraints = [
            models.UniqueConstraint(fields=["acteur", "collectivite"], name="zone_acteur_unique")
        ]


def acteurs_servant(collectivite):
    """Published actors serving a collectivity: what its profile page shows."""
    return (
        Acteur.objects.publies()
        .servant(collectivite)
        .select_related("commune")
        .order_by("type", "nom")
    )
