"""Pages editors compose from blocks: annual reports, and the national dashboard."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from cms.blocks import CorpsBlock, a_des_graphiques
from manifeste.models import Engagement
from publication import figures
from publication.cache import DUREE, cle_fragment, en_cache
from publication.chart_builders import graphique_repartition, note_seuil
from publication.filters import FiltresTableau
from publication.models import Edition


class RapportPage(Page):
    """A page written by the national body (e.g. the annual report): text, key figures, charts
    and maps, in any order."""

    chapo = models.TextField(_("chapô"), blank=True)
    corps = StreamField(CorpsBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = Page.content_panels + [FieldPanel("chapo"), FieldPanel("corps")]
    template = "cms/rapport_page.html"

    class Meta:
        verbose_name = _("rapport ou page de données")
        verbose_name_plural = _("rapports ou pages de données")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["has_charts"] = a_des_graphiques(self.corps)
        return context


class TableauDeBordPage(Page):
    """The national dashboard: every figure follows the GET filters of FiltresTableau."""

    show_in_menus_default = True

    chapo = models.TextField(_("chapô"), blank=True)
    corps = StreamField(
        CorpsBlock(),
        blank=True,
        verbose_name=_("contenu éditorial"),
        help_text=_("Affiché sous les chiffres nationaux."),
    )

    content_panels = Page.content_panels + [FieldPanel("chapo"), FieldPanel("corps")]
    max_count = 1
    template = "cms/tableau_de_bord_page.html"

    class Meta:
        verbose_name = _("tableau de bord national")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        formulaire = FiltresTableau.depuis_requete(request)
        filtres = formulaire.filtres()
        annee = figures.annee_affichee(filtres)
        if annee:
            filtres = {**filtres, "annee": annee}
        engagements = list(Engagement.objects.courants().select_related("ambition"))
        chiffres = en_cache(
            "tableau_de_bord",
            sorted(filtres.items()),
            calculer=lambda: figures.chiffres_nationaux([e.code for e in engagements], filtres),
        )
        repartitions = [
            (
                engagement,
                graphique_repartition(
                    engagement.code, filtres, frame=chiffres["repartitions"][engagement.code]
                ),
            )
            for engagement in engagements
        ]
        context.update(
            formulaire=formulaire,
            filtres=filtres,
            annee=annee,
            filtre_territoires=any(k not in ("annee", "edition") for k in filtres),
            edition=filtres.get("edition") and Edition.objects.get(annee=filtres["edition"]),
            note_seuil=note_seuil(),
            # The fragment holds the form but for its errors: keyed by them too.
            cle_fragment=cle_fragment(
                "tableau_de_bord", sorted(filtres.items()), bool(formulaire.errors)
            ),
            duree_cache=DUREE,
            signataires=chiffres["signataires"],
            mis_a_jour=chiffres["mis_a_jour"],
            collectivites_declarantes=chiffres["declarantes"],
            repartitions=repartitions,
            annee_indicateurs=chiffres["annee_indicateurs"],
            agregats=figures.lignes_agregats(chiffres["agregats"]),
            has_charts=any(not chart.vide for _e, chart in repartitions)
            or a_des_graphiques(self.corps),
        )
        return context
