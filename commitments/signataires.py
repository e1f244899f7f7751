"""The national list of signatories: its filters, its rows with their completion, and its export
(CSV or XLSX), built by a task and stored (manifeste.sorties)."""

import tablib
from django import forms
from django.contrib.auth import get_user_model
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from acces.permissions import collectivites_pour
from acces.roles import Action
from manifeste.exports.formats import csv_octets, xlsx_octets
from manifeste.models import Collectivite, Engagement
from manifeste.models.collectivite import ClasseTaille, TypeCollectivite
from manifeste.sorties import enregistrer_export

from .listings import Avancement, avancement, signataires
from .models import Campagne

AVANCEMENTS = [
    (Avancement.AUCUN, gettext_lazy("Pas commencé")),
    (Avancement.EN_COURS, gettext_lazy("En cours")),
    (Avancement.COMPLET, gettext_lazy("Complet")),
    (Avancement.PUBLIE, gettext_lazy("Publié")),
]
TYPES_EXPORT = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


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


def filtrer(get):
    """The filters' form for a query, and what it keeps of it."""
    filtre = FiltreSignataires(get or None)
    return filtre, filtre.cleaned_data if filtre.is_valid() else {}


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


def nom_export(campagne):
    return f"signataires-{campagne.annee if campagne else 'aucune'}"


def tableau(user, campagne, filtres):
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
    for c in lignes_signataires(user, campagne, filtres) if campagne else []:
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
    return donnees


@task()
def exporter(nom, user_id, campagne_id, requete, format, langue):
    """The export as `user_id` sees the list (their rights when it is built), stored as `nom`."""
    user = get_user_model().objects.get(pk=user_id)
    campagne = Campagne.objects.filter(pk=campagne_id).first()
    with translation.override(langue):
        donnees = tableau(user, campagne, filtrer(QueryDict(requete))[1])
    if format == "xlsx":
        contenu = xlsx_octets(donnees.headers, donnees, nom_export(campagne))
    else:
        # Semicolons and a BOM: what French spreadsheet users open without an import wizard.
        contenu = csv_octets(donnees.headers, donnees, ";", bom=True)
    return enregistrer_export(nom, contenu)
