"""Pages editors compose from blocks: annual reports, and the national dashboard."""

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from cms.blocks import CorpsBlock, a_des_graphiques
from commitments.evaluation import Evaluation
from commitments.models import Signature
from indicators.models import Valeur
from manifeste.models import Collectivite, Engagement
from publication import figures
from publication.cache import DUREE, cle_fragment, en_cache
from publication.chart_builders import graphique_repartition, note_seuil
from publication.filters import FiltresTableau, filtrer_collectivites


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


def annee_affichee(filtres):
    """The visitor's year, else the latest one enough collectivities matching the filters
    published (cached until the next publication)."""
    if filtres.get("annee"):
        return filtres["annee"]
    autres = sorted((k, v) for k, v in filtres.items() if k != "annee")
    return en_cache(
        "annee_par_defaut", autres, calculer=lambda: figures.annee_par_defaut(dict(autres))
    )


def chiffres_nationaux(engagement_codes, filtres):
    """Every figure of the national dashboard for these filters, all of the year `filtres`
    names (cached by the page: at national scale they take seconds, and a publication
    refreshes them)."""
    collectivites = filtrer_collectivites(Collectivite.objects.actives(), filtres)
    annee, agregats = figures.agregats_nationaux(filtres.get("annee"), filtres)
    evaluations, valeurs = Evaluation.objects.publiees(), Valeur.objects.publiees()
    if filtres.get("annee"):
        evaluations = evaluations.filter(campagne__annee=filtres["annee"])
        valeurs = valeurs.filter(annee=filtres["annee"])
    return {
        "repartitions": figures.repartitions_niveaux(
            engagement_codes, filtres.get("annee"), filtres
        ),
        "annee_indicateurs": annee,
        "agregats": agregats,
        "signataires": filtrer_collectivites(
            Signature.objects.all(), filtres, prefixe="collectivite__"
        ).count(),
        # EXISTS per collectivity: a join with millions of values then DISTINCT would not end.
        "declarantes": collectivites.filter(
            Exists(evaluations.filter(collectivite=OuterRef("pk")))
            | Exists(valeurs.filter(collectivite=OuterRef("pk")))
        ).count(),
    }


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
        annee = annee_affichee(filtres)
        if annee:
            filtres = {**filtres, "annee": annee}
        engagements = list(Engagement.objects.courants().select_related("ambition"))
        chiffres = en_cache(
            "tableau_de_bord",
            sorted(filtres.items()),
            calculer=lambda: chiffres_nationaux([e.code for e in engagements], filtres),
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
            filtre_territoires=any(k != "annee" for k in filtres),
            note_seuil=note_seuil(),
            # The fragment holds the form but for its errors: keyed by them too.
            cle_fragment=cle_fragment(
                "tableau_de_bord", sorted(filtres.items()), bool(formulaire.errors)
            ),
            duree_cache=DUREE,
            signataires=chiffres["signataires"],
            collectivites_declarantes=chiffres["declarantes"],
            repartitions=repartitions,
            annee_indicateurs=chiffres["annee_indicateurs"],
            agregats=figures.lignes_agregats(chiffres["agregats"]),
            has_charts=any(not chart.vide for _e, chart in repartitions)
            or a_des_graphiques(self.corps),
        )
        return context
