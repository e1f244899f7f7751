"""The national list of signatories with their completion, filters and CSV/XLSX export."""

import tablib
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from acces.permissions import a_action_nationale, collectivites_pour
from acces.roles import Action
from manifeste.exports.formats import csv_octets, xlsx_octets
from manifeste.models import Collectivite, Engagement
from manifeste.models.collectivite import ClasseTaille, TypeCollectivite

from ..listings import Avancement, avancement, signataires
from .workspace import campagne_demandee

AVANCEMENTS = [
    (Avancement.AUCUN, gettext_lazy("Pas commencé")),
    (Avancement.EN_COURS, gettext_lazy("En cours")),
    (Avancement.COMPLET, gettext_lazy("Complet")),
    (Avancement.PUBLIE, gettext_lazy("Publié")),
]


class FiltreSignataires(forms.Form):
    type = forms.ChoiceField(
        label=gettext_lazy("Type"),
        required=False,
        choices=[("", gettext_lazy("Tous"))] + TypeCollectivite.choices,
    )
    region = forms.ModelChoiceField(
        label=gettext_lazy("Région"),
        required=False,
        queryset=Collectivite.objects.filter(type=TypeCollectivite.REGION).order_by("nom"),
    )
    classe_taille = forms.ChoiceField(
        label=gettext_lazy("Taille"),
        required=False,
        choices=[("", gettext_lazy("Toutes"))] + ClasseTaille.choices,
    )
    avancement = forms.ChoiceField(
        label=gettext_lazy("État"),
        required=False,
        choices=[("", gettext_lazy("Tous"))] + AVANCEMENTS,
    )


def lignes_signataires(user, campagne, filtres):
    total = Engagement.objects.courants().count()
    qs = signataires(collectivites_pour(user, Action.VOIR), campagne)
    if filtres.get("type"):
        qs = qs.filter(type=filtres["type"])
    if filtres.get("region"):
        qs = qs.filter(region=filtres["region"])
    if filtres.get("classe_taille"):
        qs = qs.filter(classe_taille=filtres["classe_taille"])
    lignes = []
    for c in qs:
        c.avancement = avancement(c.repondus, c.publies, total)
        c.completion = c.repondus / total if total else 0
        if not filtres.get("avancement") or c.avancement == filtres["avancement"]:
            lignes.append(c)
    return lignes


def _autoriser(user):
    if not a_action_nationale(user, Action.VOIR):
        raise PermissionDenied


def signataires_view(request):
    _autoriser(request.user)
    campagne = campagne_demandee(request)
    filtre = FiltreSignataires(request.GET or None)
    filtres = filtre.cleaned_data if filtre.is_valid() else {}
    lignes = lignes_signataires(request.user, campagne, filtres) if campagne else []
    libelles = dict(AVANCEMENTS)
    for ligne in lignes:
        ligne.avancement_libelle = libelles[ligne.avancement]
    return TemplateResponse(
        request,
        "commitments/signataires.html",
        {
            "campagne": campagne,
            "filtre": filtre,
            "lignes": lignes,
            "requete": request.GET.urlencode(),
        },
    )


def export_signataires(request, format):
    _autoriser(request.user)
    if format not in ("csv", "xlsx"):
        raise Http404
    campagne = campagne_demandee(request)
    filtre = FiltreSignataires(request.GET or None)
    filtres = filtre.cleaned_data if filtre.is_valid() else {}
    libelles = dict(AVANCEMENTS)
    donnees = tablib.Dataset(
        headers=[
            _("Collectivité"),
            _("Type"),
            _("SIREN"),
            _("Code INSEE"),
            _("Région"),
            _("Taille"),
            _("Engagements renseignés"),
            _("Engagements publiés"),
            _("Complétion (%)"),
            _("État"),
        ]
    )
    for c in lignes_signataires(request.user, campagne, filtres) if campagne else []:
        donnees.append(
            [
                c.nom,
                c.get_type_display(),
                c.siren,
                c.code_insee,
                c.region.nom if c.region else "",
                c.get_classe_taille_display(),
                c.repondus,
                c.publies,
                round(c.completion * 100),
                str(libelles[c.avancement]),
            ]
        )
    nom = f"signataires-{campagne.annee if campagne else 'aucune'}"
    if format == "xlsx":
        reponse = HttpResponse(
            xlsx_octets(donnees.headers, donnees, nom),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        # Semicolons and a BOM: what French spreadsheet users open without an import wizard.
        reponse = HttpResponse(
            csv_octets(donnees.headers, donnees, ";", bom=True),
            content_type="text/csv; charset=utf-8",
        )
    reponse["Content-Disposition"] = f'attachment; filename="{nom}.{format}"'
    return reponse
