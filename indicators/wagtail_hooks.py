from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from manifeste.forms import CodeFigeForm

from . import views
from .admin_valeurs import ValeurViewSet
from .models import Indicateur
from .validation import incoherences_catalogue


class IndicateurForm(CodeFigeForm):
    """Refuses bounds that contradict each other: the number reader trusts them on every path."""

    def clean(self):
        donnees = super().clean()
        for champ, raison in incoherences_catalogue(donnees):
            self.add_error(champ, raison)
        return donnees


Indicateur.base_form_class = IndicateurForm


class IndicateurViewSet(SnippetViewSet):
    model = Indicateur
    icon = "table"
    menu_label = _("Catalogue d'indicateurs")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["code", "nom_fr", "unite", "nature", "agregation", "portee"]
    list_filter = ["nature", "agregation", "portee", "engagement"]
    search_backend_name = None
    search_fields = ["code", "nom_fr", "nom_en"]
    ordering = ["code"]
    panels = [
        FieldPanel("code"),
        FieldPanel("engagement"),
        FieldPanel("collectivite"),
        FieldPanel("nom_fr"),
        FieldPanel("nom_en"),
        FieldRowPanel([FieldPanel("unite"), FieldPanel("echelle")]),
        FieldRowPanel(
            [
                FieldPanel("nature"),
                FieldPanel("sens"),
                FieldPanel("agregation"),
                FieldPanel("portee"),
            ]
        ),
        MultiFieldPanel(
            [
                FieldPanel("numerateur"),
                FieldPanel("denominateur"),
                FieldPanel("partie_du_tout"),
            ],
            heading=_("Ratio"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("minimum"), FieldPanel("maximum")]),
                FieldPanel("champs_entiers"),
            ],
            heading=_("Contrôles stricts (valeur refusée au-delà)"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("plausible_min"), FieldPanel("plausible_max")]),
                FieldPanel("plausible_par"),
                FieldPanel("plausible_source"),
            ],
            heading=_("Plage plausible (valeur à justifier au-delà)"),
        ),
        FieldPanel("base"),
        FieldPanel("cibles"),
    ]


register_snippet(IndicateurViewSet)


@hooks.register("register_admin_viewset")
def valeurs_viewset():
    return ValeurViewSet("valeurs_indicateurs")


@hooks.register("register_admin_urls")
def urls_indicateurs():
    return [
        path("indicateurs/", views.accueil, name="indicateurs_accueil"),
        path(
            "indicateurs/<int:collectivite_id>/<int:annee>/",
            views.grille,
            name="indicateurs_grille",
        ),
        path(
            "indicateurs/<int:collectivite_id>/<int:annee>/etat/",
            views.etat_valeurs,
            name="indicateurs_etat",
        ),
        path("indicateurs/import/", views.import_essai, name="indicateurs_import"),
        path("indicateurs/import/confirmer/", views.import_confirmer, name="indicateurs_confirmer"),
        path(
            "indicateurs/import/<str:jeton>/",
            views.import_resultat,
            name="indicateurs_import_resultat",
        ),
        path(
            "indicateurs/import/<str:jeton>/changements.csv",
            views.import_changements,
            name="indicateurs_import_changements",
        ),
        path("indicateurs/<int:collectivite_id>/export/", views.export, name="indicateurs_export"),
        path(
            "indicateurs/<int:collectivite_id>/modele/", views.modele_vue, name="indicateurs_modele"
        ),
    ]


@hooks.register("register_admin_menu_item")
def menu_indicateurs():
    return MenuItem(
        _("Saisie des indicateurs"), reverse("indicateurs_accueil"), icon_name="form", order=320
    )
