"""Blocks that show published figures; they read them only through cms.data (via cms.graphiques)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from cms.graphiques import carte_territoires, graphique_serie, parse_annees

GROUPES = [
    ("national", _("Ensemble des signataires")),
    ("type", _("Par type de collectivité")),
    ("taille", _("Par classe de taille")),
    ("region", _("Par région")),
]
TYPES_GRAPHIQUE = [("line", _("Courbe (évolution)")), ("bar", _("Barres"))]
NIVEAUX_CARTE = [("departement", _("Départements")), ("region", _("Régions"))]


class ChiffreCleBlock(blocks.StructBlock):
    libelle = blocks.CharBlock(label=_("libellé"), max_length=120)
    valeur = blocks.DecimalBlock(label=_("valeur"), decimal_places=2)
    unite = blocks.CharBlock(label=_("unité"), max_length=30, required=False)
    source = blocks.CharBlock(label=_("source"), max_length=200, required=False)

    class Meta:
        label = _("Chiffre clé")
        icon = "order"
        template = "cms/blocks/chiffre_cle.html"


class GraphiqueBlock(blocks.StructBlock):
    # Indicator code as text until indicators.Indicateur exists; then a chooser.
    indicateur = blocks.CharBlock(
        label=_("code de l'indicateur"), max_length=20, help_text=_("Par exemple A1E1-01.")
    )
    titre = blocks.CharBlock(
        label=_("titre"), required=False, help_text=_("Par défaut, le nom de l'indicateur.")
    )
    groupe = blocks.ChoiceBlock(choices=GROUPES, default="national", label=_("groupes"))
    annees = blocks.CharBlock(
        label=_("années"),
        required=False,
        max_length=40,
        help_text=_("Vide = toutes ; 2024 ; 2022-2025 ; 2022,2024."),
    )
    type = blocks.ChoiceBlock(choices=TYPES_GRAPHIQUE, default="line", label=_("type"))

    class Meta:
        label = _("Graphique d'un indicateur")
        icon = "table"
        template = "cms/blocks/graphique.html"

    def clean(self, value):
        value = super().clean(value)
        try:
            parse_annees(value["annees"])
        except ValueError as exc:
            raise StructBlockValidationError({"annees": ValidationError(str(exc))}) from exc
        return value

    def chart(self, value):
        return graphique_serie(
            value["indicateur"], value["groupe"], value["annees"], value["type"], value["titre"]
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["chart"] = self.chart(value)
        return context


class CarteBlock(blocks.StructBlock):
    indicateur = blocks.CharBlock(
        label=_("code de l'indicateur ou de l'engagement"),
        max_length=20,
        help_text=_("A1E1-01 pour les valeurs d'un indicateur, A1E1 pour les niveaux moyens."),
    )
    titre = blocks.CharBlock(label=_("titre"), required=False)
    annee = blocks.IntegerBlock(label=_("année"), min_value=2021, max_value=2100)
    niveau = blocks.ChoiceBlock(choices=NIVEAUX_CARTE, default="departement", label=_("maille"))

    class Meta:
        label = _("Carte")
        icon = "site"
        template = "cms/blocks/carte.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["carte"] = carte_territoires(
            value["indicateur"], value["annee"], value["niveau"], value["titre"]
        )
        return context
