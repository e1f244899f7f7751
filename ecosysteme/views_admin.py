"""Wagtail admin screens of the directory: suggestions to approve, bulk import and export."""

import uuid

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ecosysteme.approbation import (
    approuvables,
    changer_publication,
    peut_approuver,
    peut_importer,
)
from ecosysteme.imports import FichierIllisible, exporter_fichier, importer, lire_fichier
from ecosysteme.models import Acteur
from manifeste.import_errors import liste_erreurs
from manifeste.redirects import retour
from manifeste.sorties import servir_export

DUREE_FICHIER_EN_ATTENTE = 3600
TYPES_EXPORT = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class SuggestionsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "ecosysteme/admin/suggestions.html"
    page_title = gettext_lazy("Acteurs à valider")
    header_icon = "tick"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["acteurs"] = (
            approuvables(self.request.user, Acteur.objects.a_valider())
            .select_related("commune")
            .prefetch_related("zone", "engagements")
            .order_by("cree_le")
        )
        return context


@require_POST
def publier(request, pk, publie=True):
    acteur = get_object_or_404(Acteur, pk=pk)
    changer_publication(acteur, request.user, publie)
    if publie:
        messages.success(request, _("« %s » est publié dans l'annuaire.") % acteur.nom)
    else:
        messages.success(request, _("« %s » est retiré de l'annuaire.") % acteur.nom)
    return retour(request, "ecosysteme_suggestions")


@require_POST
def rejeter(request, pk):
    """Delete a suggestion (spam, duplicate); a published actor is unpublished, not deleted."""
    acteur = get_object_or_404(Acteur.objects.a_valider(), pk=pk)
    if not peut_approuver(request.user, acteur):
        raise PermissionDenied
    acteur.delete()
    messages.success(request, _("La proposition « %s » a été supprimée.") % acteur.nom)
    return redirect("ecosysteme_suggestions")


class ImportForm(forms.Form):
    fichier = forms.FileField(
        label=gettext_lazy("Fichier CSV ou XLSX"),
        help_text=gettext_lazy(
            "Mêmes colonnes que l'export. Une ligne sans id crée un acteur ; avec id, elle le "
            "met à jour."
        ),
    )


class ImportView(WagtailAdminTemplateMixin, TemplateView):
    """Step 1: upload → dry run report; step 2: confirm → atomic import of the same file."""

    template_name = "ecosysteme/admin/import_acteurs.html"
    page_title = gettext_lazy("Importer des acteurs")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not peut_importer(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def post(self, request):
        if "jeton" in request.POST:
            return self.confirmer(request, request.POST["jeton"])
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        fichier = form.cleaned_data["fichier"]
        contenu = fichier.read()
        try:
            dataset = lire_fichier(contenu, fichier.name)
        except FichierIllisible as e:
            form.add_error("fichier", str(e))
            return self.render_to_response(self.get_context_data(form=form))
        result, erreurs = importer(dataset, dry_run=True)
        jeton = ""
        if not erreurs:
            jeton = uuid.uuid4().hex
            cache.set(self.cle(jeton), (contenu, fichier.name), DUREE_FICHIER_EN_ATTENTE)
        return self.render_to_response(
            self.get_context_data(
                form=ImportForm(),
                nom_fichier=fichier.name,
                erreurs=erreurs,
                totaux=result.totals if result else None,
                jeton=jeton,
            )
        )

    def confirmer(self, request, jeton):
        en_attente = cache.get(self.cle(jeton))
        # Deleting claims the file: of two confirmations at once, only one imports it.
        if en_attente is None or not cache.delete(self.cle(jeton)):
            messages.error(request, _("Le fichier a expiré : envoyez-le de nouveau."))
            return redirect("ecosysteme_import")
        _result, erreurs = importer(lire_fichier(*en_attente), dry_run=False)
        if erreurs:  # the data changed since the dry run: nothing was written
            return self.render_to_response(
                self.get_context_data(form=ImportForm(), erreurs=erreurs, nom_fichier="")
            )
        messages.success(request, _("Import terminé."))
        return redirect(reverse("wagtailsnippets_ecosysteme_acteur:list"))

    def cle(self, jeton):
        return f"import-acteurs:{self.request.user.pk}:{jeton}"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ImportForm())
        kwargs["liste_erreurs"] = liste_erreurs(self.request.user, kwargs.get("erreurs") or [])
        return super().get_context_data(**kwargs)


def export(request, format_):
    if not peut_importer(request.user):
        raise PermissionDenied
    if format_ not in TYPES_EXPORT:
        raise PermissionDenied
    return servir_export(
        request,
        exporter_fichier,
        {"format_": format_, "langue": get_language()},
        f"acteurs.{format_}",
        TYPES_EXPORT[format_],
    )
