"""The one GET form of dashboard filters, shared by every page that filters figures."""

from functools import cache

from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from commitments.models import Campagne
from manifeste.models.collectivite import ClasseTaille, TypeCollectivite
from publication.cache import en_cache
from publication.maps import departements, regions
from publication.models import Edition


class Liste(forms.Select):
    """A select written in Python: Django renders each option through a template, about a
    millisecond each, and the filters show some 150 options on every page a cache missed."""

    def render(self, name, value, attrs=None, renderer=None):
        choisies = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (v, " selected" if str(v) in choisies else "", libelle)
                for v, libelle in self.choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            options,
        )


def _choix_annees():
    # Cached until the next publication: a new campaign has nothing to show before one.
    annees = en_cache(
        "annees_campagnes",
        calculer=lambda: list(Campagne.objects.order_by("-annee").values_list("annee", flat=True)),
    )
    return [("", _("Dernière année assez renseignée")), *((a, a) for a in annees)]


class ChoixAnnee(forms.Form):
    """The one year a page shows for all its sections (empty: publication.figures.annee_par_defaut)."""

    annee = forms.TypedChoiceField(
        widget=Liste,
        label=_("Année"),
        required=False,
        choices=_choix_annees,
        coerce=int,
        empty_value=None,
    )

    def filtres(self):
        """The valid, non-empty choices as a dict (empty when the form is unbound or invalid)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}

    @classmethod
    def depuis_requete(cls, request):
        return cls(request.GET if request.GET else None)


def _editions():
    # Cached until the next publication; freezing an edition starts one (publication.editions).
    return en_cache(
        "editions", calculer=lambda: list(Edition.objects.values_list("annee", flat=True))
    )


def _choix_editions():
    return [
        ("", _("À jour, corrections comprises")),
        *((a, _("Édition %(annee)s (figée)") % {"annee": a}) for a in _editions()),
    ]


@cache
def _choix_regions():
    return [("", _("Toutes")), *sorted(regions().items(), key=lambda item: item[1])]


@cache
def _choix_departements():
    return [("", _("Tous"))] + [(d["code"], f"{d['code']} – {d['nom']}") for d in departements()]


class ChoixEdition(ChoixAnnee):
    """The year, and a frozen edition's figures or the live ones (the choice is shown once an
    edition exists)."""

    edition = forms.TypedChoiceField(
        widget=Liste,
        label=_("Chiffres"),
        required=False,
        choices=_choix_editions,
        coerce=int,
        empty_value=None,
    )
    field_order = ["edition", "annee"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not _editions():
            del self.fields["edition"]

    def clean(self):
        donnees = super().clean()
        if donnees.get("edition"):  # an edition describes its own year, and the form says it
            donnees["annee"] = donnees["edition"]
            self.data = self.data.copy()
            self.data["annee"] = str(donnees["edition"])
        return donnees


class FiltresTableau(ChoixEdition):
    """type, size class, région, département, year — all optional; codes, never database ids,
    so a filtered URL stays valid and shareable across databases."""

    type = forms.ChoiceField(
        widget=Liste,
        label=_("Type de collectivité"),
        required=False,
        choices=[("", _("Tous"))] + [c for c in TypeCollectivite.choices if c[0] != "autre"],
    )
    taille = forms.ChoiceField(
        widget=Liste,
        label=_("Classe de taille"),
        required=False,
        choices=[("", _("Toutes"))] + list(ClasseTaille.choices),
    )
    # From the shipped map file: no query, and the same codes as the maps.
    region = forms.ChoiceField(
        widget=Liste, label=_("Région"), required=False, choices=_choix_regions
    )
    departement = forms.ChoiceField(
        widget=Liste, label=_("Département"), required=False, choices=_choix_departements
    )
    field_order = ["edition", "annee", "type", "taille", "region", "departement"]

    def clean(self):
        donnees = super().clean()
        region, departement = donnees.get("region"), donnees.get("departement")
        if region and departement:
            region_du_departement = next(
                d["region"] for d in departements() if d["code"] == departement
            )
            if region_du_departement != region:
                self.add_error(
                    "departement",
                    _("Ce département n'est pas dans la région choisie."),
                )
        return donnees


def filtrer_collectivites(queryset, filtres, prefixe=""):
    """Apply the filters to a queryset of Collectivite (or of a model reaching it by `prefixe`).

    A région (or département) filter keeps the collectivities inside it *and* the région (or
    département) itself, which has no parent of its own level.
    """
    p = prefixe
    if filtres.get("type"):
        queryset = queryset.filter(**{f"{p}type": filtres["type"]})
    if filtres.get("taille"):
        queryset = queryset.filter(**{f"{p}classe_taille": filtres["taille"]})
    for niveau in ("region", "departement"):
        if filtres.get(niveau):
            code = filtres[niveau]
            queryset = queryset.filter(
                Q(**{f"{p}{niveau}__code_insee": code})
                | Q(**{f"{p}type": niveau, f"{p}code_insee": code})
            )
    return queryset
