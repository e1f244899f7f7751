"""Shared lexicon.

Each term is a page under `LexiquePage`: editors link a term from any rich text with Wagtail's
ordinary page-link chooser, and the link follows the term if it is renamed or moved.
"""

from django import forms
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from ecosysteme.lettres import LETTRES, cle_tri, grouper_par_lettre, lettre_initiale
from manifeste.models import Engagement


class LexiquePage(Page):
    show_in_menus_default = True

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["ecosysteme.Terme"]
    max_count = 1

    class Meta:
        verbose_name = _("lexique")
        db_table = "cms_lexiquepage"

    def termes(self):
        return Terme.objects.child_of(self).live().public()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        tous = list(self.termes())
        presentes = {lettre_initiale(t.title) for t in tous}
        recherche = request.GET.get("q", "").strip()
        lettre = request.GET.get("lettre", "").upper()
        termes = tous
        if recherche:
            termes = rechercher_termes(tous, recherche)
        elif lettre in LETTRES:
            termes = [t for t in tous if lettre_initiale(t.title) == lettre]
        context.update(
            groupes=grouper_par_lettre(termes, libelle=lambda t: t.title),
            lettres=[(lettre_, lettre_ in presentes) for lettre_ in LETTRES],
            lettre_choisie=lettre if not recherche else "",
            recherche=recherche,
        )
        return context


def rechercher_termes(termes, texte):
    """Terms whose name, synonyms or definition contain the text, ignoring case and accents
    ("ecoconception" finds "Écoconception"). A lexicon is small enough to filter in Python,
    which gives the same answer on SQLite and PostgreSQL."""
    cherche = cle_tri(texte)
    return [
        terme
        for terme in termes
        if cherche in cle_tri(f"{terme.title} {terme.synonymes} {strip_tags(terme.definition)}")
    ]


class Terme(Page):
    definition = RichTextField(_("définition"))
    synonymes = models.CharField(
        _("synonymes"),
        max_length=255,
        blank=True,
        help_text=_("Séparés par des virgules (sigles, formes développées…)."),
    )
    engagements = ParentalManyToManyField(
        Engagement, blank=True, related_name="termes", verbose_name=_("engagements liés")
    )

    content_panels = Page.content_panels + [
        FieldPanel("definition"),
        FieldPanel("synonymes"),
        FieldPanel("engagements", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("definition"),
        index.SearchField("synonymes"),
    ]
    parent_page_types = ["ecosysteme.LexiquePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("terme du lexique")
        verbose_name_plural = _("termes du lexique")
        db_table = "cms_terme"

    def liste_synonymes(self):
        return [s.strip() for s in self.synonymes.split(",") if s.strip()]


def termes_pour(engagement):
    """Published lexicon terms linked to an engagement: what the engagement pages list."""
    return Terme.objects.live().public().filter(engagements=engagement).order_by("title")
