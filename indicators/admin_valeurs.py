"""The admin list of indicator values: where the validator and the national reviewer find the
values « à vérifier » with their justification.

Read-only by choice: a value is entered and corrected in the grid (one writer, its history,
the number reader and validation), to which each row links; this screen only finds values.
The rows come from the permission layer (`Valeur.objects.suivies_par`), and their numbers
are loaded as text and read by the number reader, so a value stored before today's rules
is listed with its reason instead of breaking the screen.
"""

import django_filters
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from acces.permissions import collectivites_pour
from acces.roles import Action
from commitments.workflow import EtatPublication
from manifeste.models import Collectivite

from .anomalies import en_texte
from .models import NOMBRES, Indicateur, Plausibilite, Valeur
from .numbers import NombreRefuse, lire_nombre
from .validation import affiche, champs_attendus


class ValeurFiltres(WagtailFilterSet):
    collectivite = django_filters.ModelChoiceFilter(
        label=_("Collectivité"), queryset=Collectivite.objects.none()
    )
    indicateur = django_filters.ModelChoiceFilter(
        label=_("Indicateur"), queryset=Indicateur.objects.all()
    )
    annee = django_filters.NumberFilter(label=_("Année"))
    etat = django_filters.ChoiceFilter(label=_("État"), choices=EtatPublication.choices)
    plausibilite = django_filters.ChoiceFilter(
        label=_("Plausibilité"),
        choices=[
            (Plausibilite.A_VERIFIER, _("à vérifier")),
            (Plausibilite.VERIFIEE, _("vérifiée par un valideur")),
        ],
    )

    class Meta:
        model = Valeur
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        # Only the collectivities this user follows and that have values: a short list.
        self.filters["collectivite"].queryset = (
            collectivites_pour(request.user, Action.VOIR)
            .filter(valeurs__synthetique=False)
            .distinct()
            .order_by("nom")
        )


def valeur_lue(valeur):
    """The stored value as the grid shows it; an unreadable number says so."""
    if valeur.indicateur.nature == "bool":
        return {True: _("oui"), False: _("non")}.get(valeur.booleen, "")
    parties = []
    for champ in champs_attendus(valeur.indicateur):
        try:
            nombre = lire_nombre(getattr(valeur, f"{champ}_texte"))
        except NombreRefuse:
            return _("illisible : à saisir à nouveau")
        parties.append("" if nombre is None else affiche(nombre))
    return " / ".join(parties)


class ListeValeurs(IndexView):
    def get_base_queryset(self):
        qs = Valeur.objects.suivies_par(self.request.user).select_related(
            "collectivite", "indicateur"
        )
        return en_texte(qs).order_by("-annee", "collectivite__nom", "indicateur__code")


class ValeurViewSet(ModelViewSet):
    model = Valeur
    icon = "list-ul"
    menu_label = _("Valeurs d'indicateurs")
    menu_order = 330
    add_to_admin_menu = True
    index_view_class = ListeValeurs
    filterset_class = ValeurFiltres
    search_fields = ["collectivite__nom", "indicateur__code", "justification", "commentaire"]
    search_backend_name = None
    inspect_view_enabled = False
    exclude_form_fields = [*NOMBRES]

    @property
    def list_display(self):
        return [
            Column("collectivite", label=_("Collectivité"), accessor="collectivite"),
            Column("indicateur", label=_("Indicateur"), accessor="indicateur.code"),
            Column("annee", label=_("Année"), accessor="annee"),
            Column("valeur", label=_("Valeur"), accessor=valeur_lue),
            Column("etat", label=_("État"), accessor="get_etat_display"),
            Column("plausibilite", label=_("Plausibilité"), accessor="get_plausibilite_display"),
            Column("justification", label=_("Justification"), accessor="justification"),
            Column("grille", label=_("Corriger"), accessor=lien_grille),
        ]


def lien_grille(valeur):
    url = reverse("indicateurs_grille", args=[valeur.collectivite_id, valeur.annee])
    return format_html('<a href="{}">{}</a>', url, _("Ouvrir la grille"))
