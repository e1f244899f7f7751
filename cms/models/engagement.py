"""One page per engagement of the manifesto, that editors can enrich."""

from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from cms.blocks import CorpsBlock, a_des_graphiques
from commitments.queries import texte_narratif
from ecosysteme.models.lexique import termes_pour
from indicators.models import Indicateur
from manifeste.models import Engagement, NiveauMaturite
from publication import figures, stored
from publication.cache import en_cache
from publication.chart_builders import (
    graphique_repartition,
    graphique_serie,
    lignes_agregats,
    note_seuil,
)
from publication.filters import ChoixEdition
from publication.models import Edition

from .profil import CollectivitesPage

EXEMPLES_MAX = 4
MOTS_EXTRAIT = 45


class EngagementIndexPage(Page):
    """Lists the engagement pages, grouped by ambition."""

    show_in_menus_default = True

    chapo = models.TextField(_("chapô"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("chapo")]
    subpage_types = ["cms.EngagementPage"]
    max_count = 1
    template = "cms/engagement_index_page.html"

    class Meta:
        verbose_name = _("index des engagements")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["pages"] = (
            EngagementPage.objects.child_of(self)
            .live()
            .select_related("engagement__ambition")
            .order_by("engagement__ambition__ordre", "engagement__ordre")
        )
        return context


class EngagementPage(Page):
    engagement = models.OneToOneField(
        Engagement,
        on_delete=models.PROTECT,
        related_name="page",
        verbose_name=_("engagement"),
    )
    corps = StreamField(
        CorpsBlock(),
        blank=True,
        verbose_name=_("contenu éditorial"),
        help_text=_("Retours d'expérience, ressources, chiffres clés, graphiques, cartes."),
    )

    content_panels = Page.content_panels + [FieldPanel("engagement"), FieldPanel("corps")]
    parent_page_types = ["cms.EngagementIndexPage"]
    template = "cms/engagement_page.html"

    class Meta:
        verbose_name = _("page d'engagement")
        verbose_name_plural = _("pages d'engagement")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # One query for the engagement and its ambition (the template shows both).
        engagement = Engagement.objects.select_related("ambition").get(pk=self.engagement_id)
        libelles = {
            n.niveau: n
            for n in NiveauMaturite.objects.filter(
                referentiel_id=engagement.ambition.referentiel_id
            )
        }
        formulaire = ChoixEdition.depuis_requete(request)
        choix = formulaire.filtres()
        annee = choix.get("annee") or en_cache(
            "annee_par_defaut",
            engagement.code,
            calculer=lambda: figures.annee_par_defaut(engagement=engagement.code),
        )
        edition = choix.get("edition")
        repartition = graphique_repartition(
            engagement.code,
            {"annee": annee, **({"edition": edition} if edition else {})} if annee else {},
            titre=_t("Répartition nationale des niveaux de maturité en %(annee)s")
            % {"annee": annee}
            if annee
            else _t("Répartition nationale des niveaux de maturité"),
        )
        indicateurs = list(Indicateur.objects.partages().filter(engagement=engagement))
        annee_indicateurs, agregats = (
            lignes_agregats((i.code for i in indicateurs), annee, edition) if annee else (None, [])
        )
        # The trends end at the page's year.
        jusqu_a = ",".join(str(a) for a in figures.annees_campagnes() if annee and a <= annee)
        tendances = [(i, graphique_serie(i.code, annees=jusqu_a)) for i in indicateurs]
        context.update(
            formulaire=formulaire,
            annee=annee,
            edition=edition and Edition.objects.get(annee=edition),
            mis_a_jour=None if edition else en_cache("mis_a_jour", calculer=stored.mis_a_jour),
            note_seuil=note_seuil(),
            engagement=engagement,
            descripteurs=[(d, libelles.get(d.niveau)) for d in engagement.descripteurs.all()],
            repartition=repartition,
            indicateurs=tendances,
            annee_indicateurs=annee_indicateurs,
            agregats=agregats,
            exemples=exemples(engagement, libelles, annee),
            termes=termes_pour(engagement),
            has_charts=not repartition.vide
            or any(not chart.vide for _i, chart in tendances)
            or a_des_graphiques(self.corps),
        )
        return context


def exemples(engagement, libelles, annee=None, limite=EXEMPLES_MAX):
    """The published narratives of the most advanced collectivities on the engagement
    (figures.narratifs_exemplaires) as the page lists them; `libelles` maps a level to its
    NiveauMaturite. Returns dicts: collectivite, niveau, libelle, annee, extrait, url."""
    retenues = figures.narratifs_exemplaires(engagement, annee, limite)
    page_collectivites = CollectivitesPage.objects.live().first()
    return [
        {
            "collectivite": evaluation.collectivite,
            "niveau": evaluation.niveau,
            "libelle": libelles.get(evaluation.niveau),
            "annee": evaluation.campagne.annee,
            "extrait": Truncator(texte_narratif(evaluation.narratif)).words(MOTS_EXTRAIT),
            "url": page_collectivites.url_profil(evaluation.collectivite)
            if page_collectivites
            else "",
        }
        for evaluation in retenues
    ]
