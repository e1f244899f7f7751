"""Blocks that show published figures; they read them only through publication.figures (via publication.chart_builders)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from indicators.models import Indicateur, Portee
from manifeste.models import Engagement
from publication import figures
from publication.chart_builders import (
    agregat_indicateur,
    carte_territoires,
    graphique_serie,
    parse_annees,
)

GROUPES = [
    ("national", _("Ensemble des signataires")),
    ("type", _("Par type de collectivité")),
    ("taille", _("Par classe de taille")),
    ("region", _("Par région")),
]
TYPES_GRAPHIQUE = [("line", _("Courbe (évolution)")), ("bar", _("Barres"))]
NIVEAUX_CARTE = [("departement", _("Départements")), ("region", _("Régions"))]


# Choices read from the catalogue when a form is built: migrations keep only these functions'
# paths, so adding an indicator or an engagement needs no migration.
def choix_indicateurs():
    """Every shared indicator, by code."""
    return [(i.code, f"{i.code} – {i.nom_fr}") for i in Indicateur.objects.partages()]


def choix_indicateurs_agreges():
    """The shared indicators with one national figure and one per territory (a terr indicator
    is aggregated per collectivity type only)."""
    return [
        (i.code, f"{i.code} – {i.nom_fr}")
        for i in Indicateur.objects.partages().exclude(portee=Portee.TERR)
    ]


def choix_sujets_carte():
    """The current engagements (mean level), then the indicators a map can show."""
    return [
        (
            _("Engagements (niveau moyen)"),
            [(e.code, f"{e.code} – {e.titre}") for e in Engagement.objects.courants()],
        ),
        (_("Indicateurs"), choix_indicateurs_agreges()),
    ]


class CodeCatalogueBlock(blocks.ChoiceBlock):
    """A code picked in the catalogue; an unknown one (e.g. withdrawn since the page was
    written) is refused with `message_inconnu` instead of Django's generic wording."""

    message_inconnu = _("« %(value)s » n'est pas un indicateur du catalogue partagé.")

    def get_field(self, **kwargs):
        field = super().get_field(**kwargs)
        field.error_messages["invalid_choice"] = self.message_inconnu
        return field


class SujetCarteBlock(CodeCatalogueBlock):
    message_inconnu = _(
        "« %(value)s » n'est ni un engagement ni un indicateur cartographiable du catalogue."
    )


class ChiffreCleBlock(blocks.StructBlock):
    """A figure typed by the editor, or an indicator's national aggregate of one year: the
    editor's, else the page's (a dashboard's chosen year), else the latest year enough
    collectivities published it."""

    indicateur = CodeCatalogueBlock(
        choices=choix_indicateurs_agreges,
        required=False,
        label=_("indicateur"),
        help_text=_("Affiche son agrégat national publié ; sinon, saisir la valeur."),
    )
    annee = blocks.IntegerBlock(
        label=_("année"),
        required=False,
        min_value=2021,
        max_value=2100,
        help_text=_(
            "Vide = l'année de la page, sinon la dernière année où assez de collectivités "
            "l'ont publié."
        ),
    )
    libelle = blocks.CharBlock(
        label=_("libellé"),
        max_length=120,
        required=False,
        help_text=_("Par défaut, le nom de l'indicateur."),
    )
    valeur = blocks.DecimalBlock(label=_("valeur"), decimal_places=2, required=False)
    unite = blocks.CharBlock(label=_("unité"), max_length=30, required=False)
    source = blocks.CharBlock(label=_("source"), max_length=200, required=False)

    class Meta:
        label = _("Chiffre clé")
        icon = "order"
        template = "cms/blocks/chiffre_cle.html"

    def clean(self, value):
        value = super().clean(value)
        if not value["indicateur"]:
            manquants = {
                champ: ValidationError(_("Obligatoire quand aucun indicateur n'est choisi."))
                for champ in ("libelle", "valeur")
                if value[champ] in (None, "")
            }
            if manquants:
                raise StructBlockValidationError(manquants)
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        if value["indicateur"]:
            annee = value.get("annee") or (parent_context or {}).get("annee")
            context["indicateur"] = figures.indicateur(value["indicateur"])
            context["agregat"] = agregat_indicateur(
                value["indicateur"], annee if isinstance(annee, int) else None
            )
        return context


class GraphiqueBlock(blocks.StructBlock):
    indicateur = CodeCatalogueBlock(choices=choix_indicateurs, label=_("indicateur"))
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
    indicateur = SujetCarteBlock(
        choices=choix_sujets_carte,
        label=_("engagement ou indicateur"),
        help_text=_("Un engagement pour le niveau moyen, un indicateur pour ses valeurs."),
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
        context["map"] = carte_territoires(
            value["indicateur"], value["annee"], value["niveau"], value["titre"]
        )
        return context
