"""The national administrator's editions: each campaign's year, its frozen edition, and the
form that freezes one (a task: copying the figures and building the archive takes a while)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from acces.permissions import a_action_nationale
from acces.roles import Action
from commitments.models import Campagne
from manifeste import sorties
from publication import editions, tasks
from publication.models import Edition


def _autoriser(user):
    if not a_action_nationale(user, Action.ADMINISTRER):
        raise PermissionDenied


def _etat(annee):
    return sorties.etat(tasks.figer_edition, editions.nom_archive(annee))


def lignes():
    """A row per campaign, latest first: its edition, whether freezing it runs or failed, and
    why it may not be frozen now."""
    figees = {e.annee: e for e in Edition.objects.all()}
    jour = timezone.localdate()
    en_cours = tasks.etat()["en_cours"]
    resultat = []
    for campagne in Campagne.objects.order_by("-annee"):
        etat = _etat(campagne.annee)
        edition = figees.get(campagne.annee)
        resultat.append(
            {
                "campagne": campagne,
                "ouverte": campagne.date_cloture >= jour,
                "edition": edition if edition and edition.sha256 else None,
                "en_cours": etat is sorties.Etat.EN_COURS,
                "echec": etat is sorties.Etat.ECHEC,
                "refus": None if etat else editions.refus(campagne.annee, en_cours),
            }
        )
    return resultat


def liste(request):
    _autoriser(request.user)
    rangees = lignes()
    return TemplateResponse(
        request,
        "publication/editions.html",
        {
            "lignes": rangees,
            "attente": any(r["en_cours"] for r in rangees),
            "delai": sorties.RAFRAICHISSEMENT,
        },
    )


@require_POST
def figer(request, annee):
    """Freeze `annee` once confirmed: refused in French, or enqueued once whatever the clicks."""
    _autoriser(request.user)
    if not request.POST.get("confirmer"):
        messages.error(
            request, _("Cochez la confirmation pour figer l'édition %(annee)s.") % {"annee": annee}
        )
    elif refus := editions.refus(annee, tasks.etat()["en_cours"]):
        messages.error(request, refus)
    else:
        etat = sorties.demander(
            tasks.figer_edition,
            editions.nom_archive(annee),
            {"annee": annee, "par": request.user.get_username()},
        )
        if etat is sorties.Etat.PRET:
            messages.success(request, _("Édition %(annee)s figée.") % {"annee": annee})
        elif etat is sorties.Etat.ECHEC:
            messages.error(
                request,
                _("Le figement de l'édition %(annee)s a échoué ; relancez-le.") % {"annee": annee},
            )
        else:
            messages.info(
                request,
                _("Figement de l'édition %(annee)s lancé : cette page le suit.") % {"annee": annee},
            )
    return redirect("publication_editions")
