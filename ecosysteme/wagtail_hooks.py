"""Admin of the directory: the actor snippets, suggestions to approve, import and export."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from ecosysteme import views_admin as vues
from ecosysteme.approbation import approuve_des_acteurs, peut_importer
from ecosysteme.models import Acteur
from manifeste.forms import FormulaireAdmin

Acteur.base_form_class = FormulaireAdmin


class ActeurViewSet(SnippetViewSet):
    model = Acteur
    icon = "group"
    menu_label = _("Annuaire des acteurs")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["nom", "type", "commune", "publie", "modifie_le"]
    list_filter = ["type", "publie"]
    list_per_page = 50
    search_backend_name = None
    search_fields = ["nom", "siret"]
    ordering = ["nom"]

    def get_queryset(self, request):
        return Acteur.objects.select_related("commune")


register_snippet(ActeurViewSet)


@hooks.register("register_admin_urls")
def urls_ecosysteme():
    return [
        path(
            "annuaire/suggestions/",
            vues.SuggestionsView.as_view(),
            name="ecosysteme_suggestions",
        ),
        path(
            "annuaire/acteurs/<int:pk>/publier/",
            vues.publier,
            name="ecosysteme_publier",
        ),
        path(
            "annuaire/acteurs/<int:pk>/depublier/",
            vues.publier,
            {"publie": False},
            name="ecosysteme_depublier",
        ),
        path(
            "annuaire/acteurs/<int:pk>/rejeter/",
            vues.rejeter,
            name="ecosysteme_rejeter",
        ),
        path("annuaire/import/", vues.ImportView.as_view(), name="ecosysteme_import"),
        path("annuaire/export/<str:format_>/", vues.export, name="ecosysteme_export"),
    ]


class SuggestionsMenuItem(MenuItem):
    def is_shown(self, request):
        return approuve_des_acteurs(request.user)


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return peut_importer(request.user)


@hooks.register("register_admin_menu_item")
def menu_suggestions():
    return SuggestionsMenuItem(
        _("Acteurs à valider"),
        reverse("ecosysteme_suggestions"),
        icon_name="tick",
        order=251,
    )


@hooks.register("register_admin_menu_item")
def menu_import():
    return ImportMenuItem(
        _("Import / export des acteurs"),
        reverse("ecosysteme_import"),
        icon_name="upload",
        order=252,
    )
