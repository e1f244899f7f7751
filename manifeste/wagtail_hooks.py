from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from manifeste import import_errors
from manifeste.forms import CodeFigeForm
from manifeste.models import Ambition, Collectivite, Engagement, NiveauMaturite, Referentiel

Engagement.base_form_class = CodeFigeForm
Ambition.base_form_class = CodeFigeForm


class ReferentielViewSet(SnippetViewSet):
    model = Referentiel
    icon = "list-ul"
    list_display = ["titre", "version", "est_courant"]


class AmbitionViewSet(SnippetViewSet):
    model = Ambition
    icon = "pick"
    list_display = ["code", "titre_fr", "referentiel"]
    list_filter = ["referentiel"]
    panels = [
        FieldPanel("referentiel"),
        FieldPanel("code"),
        FieldPanel("ordre"),
        FieldPanel("titre_fr"),
        FieldPanel("titre_en"),
        FieldPanel("description_fr"),
        FieldPanel("description_en"),
    ]


class EngagementViewSet(SnippetViewSet):
    model = Engagement
    icon = "tick-inverse"
    list_display = ["code", "titre_fr", "ambition"]
    list_filter = ["ambition__referentiel"]
    search_backend_name = None
    search_fields = ["code", "titre_fr", "titre_en"]
    panels = [
        FieldPanel("ambition"),
        FieldPanel("code"),
        FieldPanel("ordre"),
        FieldPanel("titre_fr"),
        FieldPanel("titre_en"),
        FieldPanel("description_fr"),
        FieldPanel("description_en"),
        InlinePanel("descripteurs", heading=_("Descripteurs de niveau")),
    ]


class NiveauViewSet(SnippetViewSet):
    model = NiveauMaturite
    icon = "order"
    list_display = ["niveau", "libelle_fr", "libelle_en", "referentiel"]


class ReferentielGroup(SnippetViewSetGroup):
    menu_label = _("Référentiel")
    menu_icon = "list-ul"
    menu_order = 300
    items = (ReferentielViewSet, AmbitionViewSet, EngagementViewSet, NiveauViewSet)


class CollectiviteViewSet(SnippetViewSet):
    model = Collectivite
    icon = "site"
    menu_label = _("Collectivités")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["nom", "type", "code_insee", "siren", "departement", "population"]
    list_filter = ["type", "classe_taille", "region", "active"]
    list_per_page = 50
    search_backend_name = None
    search_fields = ["nom", "code_insee", "siren"]
    ordering = ["nom"]
    panels = [
        FieldPanel("type"),
        FieldPanel("nature"),
        FieldPanel("nom"),
        FieldPanel("code_insee"),
        FieldPanel("siren"),
        FieldPanel("slug"),
        FieldPanel("population"),
        FieldPanel("region"),
        FieldPanel("departement"),
        FieldPanel("epci"),
        FieldPanel("active"),
    ]

    def get_queryset(self, request):
        return Collectivite.objects.select_related("departement")


register_snippet(ReferentielGroup)
register_snippet(CollectiviteViewSet)


@hooks.register("register_admin_urls")
def urls_erreurs_import():
    return import_errors.urlpatterns
