"""Public views of the directory, served by `AnnuairePage`'s routes: each gets the page and
renders through it, so that this module never imports the page's (models/annuaire.py)."""

from django.core.paginator import Paginator

from ecosysteme.forms import FiltreAnnuaireForm, SuggestionActeurForm
from ecosysteme.models.acteurs import Acteur
from ecosysteme.territoire import resoudre_territoire
from manifeste.throttling import UNE_HEURE, adresse_client, compter, limite_atteinte

PAR_PAGE = 20
SUGGESTIONS_PAR_HEURE = 5


def filtrer_acteurs(acteurs, donnees):
    """Apply the cleaned filters; returns (actors, territory candidates when not exactly one)."""
    acteurs = acteurs.recherche(donnees.get("q"))
    if donnees.get("type"):
        acteurs = acteurs.filter(type=donnees["type"])
    if donnees.get("engagement"):
        acteurs = acteurs.filter(
            engagements__code=donnees["engagement"],
            engagements__ambition__referentiel__est_courant=True,
        )
    candidats = []
    if donnees.get("territoire"):
        candidats = resoudre_territoire(donnees["territoire"])
        if len(candidats) == 1:
            return acteurs.servant(candidats[0]), candidats
        acteurs = acteurs.none()
    return acteurs, candidats


def liste(page, request):
    form = FiltreAnnuaireForm(request.GET)
    acteurs = Acteur.objects.publies().select_related("commune").prefetch_related("engagements")
    candidats = []
    if form.is_valid():
        acteurs, candidats = filtrer_acteurs(acteurs, form.cleaned_data)
    else:
        acteurs = acteurs.none()
    pagination = Paginator(acteurs.order_by("nom"), PAR_PAGE).get_page(request.GET.get("page"))
    choix_territoire = []
    if len(candidats) > 1:
        for candidat in candidats:
            params = request.GET.copy()
            params["territoire"] = candidat.slug
            params.pop("page", None)
            choix_territoire.append((candidat, params.urlencode()))
    params = request.GET.copy()
    params.pop("page", None)
    return page.render(
        request,
        context_overrides={
            "form": form,
            "acteurs": pagination,
            "territoire": candidats[0] if len(candidats) == 1 else None,
            "territoire_inconnu": form.is_valid()
            and bool(form.cleaned_data.get("territoire"))
            and not candidats,
            "choix_territoire": choix_territoire,
            "params": params.urlencode(),
        },
    )


def proposer(page, request):
    cle = f"suggestion-acteur:{adresse_client(request)}"
    form = SuggestionActeurForm(request.POST or None)
    if request.method == "POST":
        if limite_atteinte(cle, SUGGESTIONS_PAR_HEURE):
            response = page.render(
                request,
                template="ecosysteme/acteur_proposer.html",
                context_overrides={"form": form, "limite_atteinte": True},
            )
            response.status_code = 429
            return response
        if form.is_valid():
            compter(cle, UNE_HEURE)
            if not form.est_un_robot():
                form.save()
            return page.redirection_merci()
    return page.render(
        request, template="ecosysteme/acteur_proposer.html", context_overrides={"form": form}
    )
