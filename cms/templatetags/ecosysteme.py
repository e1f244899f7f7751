"""Includes other pages call: actors serving a collectivity, resources of an engagement."""

from django import template

from cms.models import (
    AnnuairePage,
    BoiteAOutilsPage,
    LexiquePage,
    acteurs_servant,
    ressources_pour,
)

register = template.Library()


@register.inclusion_tag("cms/includes/acteurs_servant.html")
def acteurs_servant_collectivite(collectivite, limite=12):
    """`{% acteurs_servant_collectivite collectivite %}` on a collectivity's profile page."""
    return {
        "collectivite": collectivite,
        "acteurs": acteurs_servant(collectivite).prefetch_related("engagements")[:limite],
        "annuaire": AnnuairePage.objects.live().first(),
    }


@register.inclusion_tag("cms/includes/ressources_pour.html")
def ressources_engagement(engagement):
    """`{% ressources_engagement engagement %}` on an engagement's page."""
    return {"engagement": engagement, "ressources": ressources_pour(engagement)}


@register.simple_tag
def url_acteur(acteur, annuaire=None):
    return acteur.get_url(annuaire)


@register.simple_tag
def pages_ecosysteme():
    """The directory, toolbox and lexicon index pages that are live, for the main menu."""
    pages = []
    for modele in (AnnuairePage, BoiteAOutilsPage, LexiquePage):
        page = modele.objects.live().public().first()
        if page is not None:
            pages.append(page)
    return pages
