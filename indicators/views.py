"""Wagtail admin screens: entry grid, import (upload → dry run → confirm), export, template."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from acces.permissions import actions_pour, collectivites_pour, peut
from acces.roles import Action
from commitments.models import Campagne
from commitments.workflow import EtatPublication, TransitionRefusee
from manifeste.exports.formats import csv_octets
from manifeste.import_errors import liste_erreurs
from manifeste.models import Collectivite
from manifeste.sorties import servir_export

from . import grid, pending, preview
from .imports import decrire_corrections, importer, rapport_refuse
from .models import ImportEnAttente
from .resources import FORMATS, FichierRefuse, exporter_fichier, octets, verifier_taille
from .workbook import modele, modele_xlsx

LIMITE_CORRECTIONS = 200  # shown in a dry run's report (the count says how many in all)


class FormulaireImport(forms.Form):
    fichier = forms.FileField(
        label=gettext_lazy("Fichier CSV ou XLSX"),
        help_text=gettext_lazy(
            "Le plus simple : le « Modèle à remplir » de votre collectivité, ci-dessous. Tout "
            "fichier d'une ligne par valeur s'importe aussi (colonnes collectivite, indicateur, "
            "annee, puis valeur, ou numerateur et denominateur, ou valeur et poids ; commentaire "
            "et justification facultatifs) ; les autres colonnes sont ignorées. Rien n'est écrit "
            "avant votre confirmation."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx", "aria-describedby": "fichier-aide"}
        ),
    )


def accueil(request):
    collectivites = collectivites_pour(request.user, Action.MODIFIER).order_by("nom")[:200]
    return TemplateResponse(
        request,
        "indicators/accueil.html",
        {
            "page_title": _("Indicateurs"),
            "collectivites": collectivites,
            "annees": list(Campagne.objects.values_list("annee", flat=True)),
            "form": FormulaireImport(),
        },
    )


def _collectivite_modifiable(request, pk):
    collectivite = get_object_or_404(Collectivite, pk=pk)
    if not peut(request.user, collectivite, Action.MODIFIER):
        raise PermissionDenied
    return collectivite


def grille(request, collectivite_id, annee):
    """The entry grid; its POST saves the whole form, or, sent by the grid's script with
    `autosave`, the lines it carries, answered with those lines alone (no message)."""
    collectivite = _collectivite_modifiable(request, collectivite_id)
    annees = set(Campagne.objects.values_list("annee", flat=True))
    if annee not in annees:
        raise Http404(_("Aucune campagne pour %s.") % annee)
    actions = actions_pour(request.user, collectivite)
    contexte = {
        "collectivite": collectivite,
        "annee": annee,
        "peut_retirer": Action.VALIDER in actions,
    }
    if request.method == "POST" and "autosave" in request.POST:
        codes = grid.avec_denominateurs_partages(collectivite, grid.codes_postes(request.POST))
        lignes, _bilan = grid.enregistrer(
            collectivite, annee, annees, request.POST, request.user, actions, codes
        )
        return TemplateResponse(
            request, "indicators/lignes.html", {**contexte, "lignes": lignes, "autosave": True}
        )
    if request.method == "POST":
        lignes, bilan = grid.enregistrer(
            collectivite, annee, annees, request.POST, request.user, actions
        )
        en_erreur = sum(bool(ligne.erreurs) for ligne in lignes)
        messages.success(
            request,
            _("%(n)s valeurs enregistrées, %(s)s supprimées.")
            % {"n": bilan.enregistrees, "s": bilan.supprimees},
        )
        if bilan.conflits:
            messages.warning(
                request,
                _(
                    "%s valeurs ont été modifiées par quelqu'un d'autre depuis l'ouverture de la "
                    "grille : rien n'y a été écrit. Comparez et choisissez, puis enregistrez."
                )
                % bilan.conflits,
            )
        if en_erreur:
            messages.error(
                request,
                _("%s indicateurs n'ont pas été enregistrés : voir les erreurs.") % en_erreur,
            )
    else:
        lignes = grid.lignes(collectivite, annee)
    return TemplateResponse(
        request,
        "indicators/grille.html",
        {
            **contexte,
            "page_title": _("Saisie %(annee)s — %(nom)s")
            % {"annee": annee, "nom": collectivite.nom},
            "lignes": lignes,
            "transitions": grid.transitions_valeurs(collectivite, annee, actions),
        },
    )


def etat_valeurs(request, collectivite_id, annee):
    """Submit, validate or publish at once every value of a grid that is in one state."""
    collectivite = _collectivite_modifiable(request, collectivite_id)
    if request.method != "POST":
        return redirect("indicateurs_grille", collectivite.pk, annee)
    actions = actions_pour(request.user, collectivite)
    if "retirer" in request.POST:
        try:
            retiree = grid.retirer_publication(
                collectivite, annee, request.POST["retirer"], actions, request.user
            )
        except TransitionRefusee as refus:
            messages.error(request, str(refus))
        else:
            if retiree:
                messages.success(request, _("Publication retirée : la valeur est en brouillon."))
        return redirect("indicateurs_grille", collectivite.pk, annee)
    de, _sep, vers = request.POST.get("transition", "").partition(":")
    etats = set(EtatPublication.values)
    if de not in etats or vers not in etats:
        raise Http404
    try:
        n = grid.changer_etat_valeurs(collectivite, annee, de, vers, actions, request.user)
    except TransitionRefusee as refus:
        messages.error(request, str(refus))
    else:
        messages.success(
            request,
            _("%(n)s valeurs passées en « %(etat)s ».")
            % {"n": n, "etat": EtatPublication(vers).label},
        )
    return redirect("indicateurs_grille", collectivite.pk, annee)


def _rapport(request, rapport, jeton=None, nom=""):
    return TemplateResponse(
        request,
        "indicators/rapport.html",
        {
            "page_title": _("Import : rapport"),
            "rapport": rapport,
            "erreurs": liste_erreurs(request.user, rapport.erreurs),
            "corrections": decrire_corrections(rapport.corrections, LIMITE_CORRECTIONS),
            "apercu": preview.apercu(rapport),
            "jeton": jeton,
            "nom": nom,
        },
    )


def import_essai(request):
    """Upload: keep the file aside, run the dry run, offer to confirm if it holds no error."""
    if not collectivites_pour(request.user, Action.MODIFIER).exists():
        raise PermissionDenied
    form = FormulaireImport(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return redirect("indicateurs_accueil")
    if not form.is_valid():  # no file, or an empty one: say so on the page it came from
        for erreur in form.errors.get("fichier", []):
            messages.error(request, erreur)
        return redirect("indicateurs_accueil")
    fichier = form.cleaned_data["fichier"]
    try:
        verifier_taille(fichier.size)  # before reading it into memory
    except FichierRefuse as refus:
        return _rapport(request, rapport_refuse(refus))
    contenu = fichier.read()
    rapport = importer(contenu, fichier.name, request.user, essai=True)
    jeton = None if rapport.refuse else pending.deposer(contenu, fichier.name, request.user)
    return _rapport(request, rapport, jeton, fichier.name)


def import_confirmer(request):
    """Writes the file once: a double click, or a second tab, lands on the same result."""
    jeton = request.POST.get("jeton", "")
    en_attente = ImportEnAttente.objects.filter(jeton=jeton, user=request.user).first()
    if request.method != "POST" or en_attente is None:
        raise Http404
    if en_attente.confirme_le is None:
        pending.confirmer(en_attente, request.user)
    return redirect("indicateurs_import_resultat", jeton)


def import_changements(request, jeton):
    """Every change of a pending file, cell by cell, as CSV: the dry run made again from the
    file kept aside (its own user's, not yet confirmed), so it says what a confirmation writes."""
    en_attente = get_object_or_404(
        ImportEnAttente, jeton=jeton, user=request.user, confirme_le__isnull=True
    )
    with pending.stockage().open(en_attente.fichier, "rb") as entree:
        rapport = importer(entree.read(), en_attente.nom, request.user, essai=True)
    reponse = HttpResponse(
        csv_octets(preview.entete_csv(), preview.rangees_csv(rapport), ";", bom=True),
        content_type="text/csv; charset=utf-8",
    )
    reponse["Content-Disposition"] = 'attachment; filename="changements-import.csv"'
    return reponse


def import_resultat(request, jeton):
    en_attente = get_object_or_404(
        ImportEnAttente, jeton=jeton, user=request.user, confirme_le__isnull=False
    )
    return TemplateResponse(
        request,
        "indicators/resultat.html",
        {
            "page_title": _("Import : résultat"),
            "nom": en_attente.nom,
            "resultat": en_attente.resultat,
        },
    )


def _format(request):
    format_ = request.GET.get("format", "csv")
    if format_ not in FORMATS:
        raise Http404
    return format_


def _type(format_):
    return FORMATS[format_]().get_content_type()


def export(request, collectivite_id):
    """Built by a task (resources.exporter_fichier); the right is checked at every request."""
    collectivite = get_object_or_404(
        collectivites_pour(request.user, Action.VOIR), pk=collectivite_id
    )
    format_ = _format(request)
    return servir_export(
        request,
        exporter_fichier,
        {"collectivite_id": collectivite.pk, "format_": format_, "langue": get_language()},
        f"indicateurs-{collectivite.slug}.{format_}",
        _type(format_),
    )


def _annee_du_modele(request):
    """The year asked for, else the campaign open today, else the latest one."""
    annees = list(Campagne.objects.values_list("annee", flat=True))
    demandee = request.GET.get("annee", "")
    if demandee:
        if not demandee.isdigit() or int(demandee) not in annees:
            raise Http404(_("Aucune campagne pour %s.") % demandee)
        return int(demandee)
    ouverte = Campagne.objects.ouverte(timezone.localdate())
    if ouverte is not None:
        return ouverte.annee
    if not annees:
        raise Http404(_("Aucune campagne."))
    return annees[0]


def modele_vue(request, collectivite_id):
    """The template of one collectivity to fill in (workbook.py): a few dozen rows and last
    year's published values, written at once, not by a task."""
    collectivite = _collectivite_modifiable(request, collectivite_id)
    format_ = _format(request)
    annee = _annee_du_modele(request)
    nom = f"modele-{collectivite.slug}-{annee}"
    if format_ == "xlsx":
        contenu = modele_xlsx([collectivite], annee)
    else:
        contenu = octets(modele([collectivite], annee), nom, format_)
    reponse = HttpResponse(contenu, content_type=_type(format_))
    reponse["Content-Disposition"] = f'attachment; filename="{nom}.{format_}"'
    return reponse
