from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from manifeste.forms import CodeFigeForm

from .models import Indicateur

Indicateur.base_form_class = CodeFigeForm


class IndicateurViewSet(SnippetViewSet):
    model = Indicateur
    icon = "table"
    menu_label = _("Catalogue d'indicateurs")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["code", "nom_fr", "unite", "kind", "aggregation", "scope"]
    list_filter = ["kind", "aggregation", "scope", "engagement"]
    search_backend_name = None
    search_fields = ["code", "nom_fr", "nom_en"]
    ordering = ["code"]
    panels = [
        FieldPanel("code"),
        FieldPanel("engagement"),
        FieldPanel("collectivite"),
        FieldPanel("nom_fr"),
        FieldPanel("nom_en"),
        FieldRowPanel([FieldPanel("unite"), FieldPanel("scale")]),
        FieldRowPanel(
            [
                FieldPanel("kind"),
                FieldPanel("direction"),
                FieldPanel("aggregation"),
                FieldPanel("scope"),
            ]
        ),
        MultiFieldPanel(
            [
                FieldPanel("numerateur"),
                FieldPanel("denominateur"),
                FieldPanel("partie_du_tout"),
                FieldPanel("minimum"),
            ],
            heading=_("Ratio et contrôles"),
        ),
        FieldPanel("base"),
        FieldPanel("cibles"),
    ]


register_snippet(IndicateurViewSet)
