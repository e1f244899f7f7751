"""Toolbox: shared resources (guides, templates, procurement clauses…) tagged by engagement."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultipleChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from manifeste.models import Engagement


class TypeRessource(models.TextChoices):
    GUIDE = "guide", _("Guide")
    MODELE = "modele", _("Modèle de document")
    CLAUSE = "clause", _("Clause d'achat")
    FORMATION = "formation", _("Formation")
    OUTIL = "outil", _("Outil")


class BoiteAOutilsPage(Page):
    show_in_menus_default = True

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["ecosysteme.RessourcePage"]
    max_count = 1

    class Meta:
        verbose_name = _("boîte à outils")
        db_table = "cms_boiteaoutilspage"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        ressources = (
            RessourcePage.objects.child_of(self).live().public().prefetch_related("engagements")
        )
        type_ = request.GET.get("type", "")
        if type_ in TypeRessource.values:
            ressources = ressources.filter(type_ressource=type_)
        code = request.GET.get("engagement", "")
        if code:
            ressources = ressources.filter(engagements__code=code).distinct()
        context.update(
            ressources=ressources.order_by("title"),
            types=TypeRessource.choices,
            type_choisi=type_,
            engagements=Engagement.objects.courants(),
            engagement_choisi=code,
        )
        return context


class RessourcePage(Page):
    type_ressource = models.CharField(
        _("type de ressource"), max_length=12, choices=TypeRessource.choices
    )
    resume = models.TextField(_("résumé"), blank=True)
    corps = RichTextField(_("contenu"), blank=True)
    lien_externe = models.URLField(_("lien externe"), blank=True)
    engagements = ParentalManyToManyField(
        Engagement, blank=True, related_name="ressources", verbose_name=_("engagements")
    )

    content_panels = Page.content_panels + [
        FieldPanel("type_ressource"),
        FieldPanel("resume"),
        FieldPanel("corps"),
        FieldPanel("lien_externe"),
        FieldPanel("engagements", widget=forms.CheckboxSelectMultiple),
        MultipleChooserPanel(
            "documents", chooser_field_name="document", label=_("Documents joints")
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("resume"), index.SearchField("corps")]
    parent_page_types = ["ecosysteme.BoiteAOutilsPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")
        db_table = "cms_ressourcepage"


class RessourceDocument(Orderable):
    page = ParentalKey(RessourcePage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("document"),
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("document joint")
        verbose_name_plural = _("documents joints")
        db_table = "cms_ressourcedocument"


def ressources_pour(engagement):
    """Published resources for an engagement: what the engagement pages list."""
    return (
        RessourcePage.objects.live()
        .public()
        .filter(engagements=engagement)
        .order_by("title")
        .distinct()
    )
