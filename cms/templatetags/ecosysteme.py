"""Includes other pages call: actors serving a collectivity, resources of an engagement, links
to engagements' pages; and `lien_web`, the one way a user-written address becomes a link."""

from urllib.parse import urlsplit

from django import template
from django.utils.translation import get_language

from cms.models import (
    AnnuairePage,
    acteurs_servant,
    ressources_pour,
)
from cms.models.profil import pages_engagements
from publication.cache import en_cache

register = template.Library()


@register.inclusion_tag("cms/includes/acteurs_servant.html")
def acteurs_servant_collectivite(collectivite, limite=12):
    """`{% acteurs_servant_collectivite collectivite %}` on a collectivity's profile page;
    cached until an actor or a page changes (publication.signals)."""

    def calculer():
        annuaire = AnnuairePage.objects.live().first()
        acteurs = acteurs_servant(collectivite).prefetch_related("engagements")[:limite]
        return {
            "acteurs": [(a, a.get_url(annuaire)) for a in acteurs],
            "url_annuaire": annuaire and annuaire.url,
        }

    contexte = en_cache("acteurs", collectivite.pk, limite, get_language(), calculer=calculer)
    return {"collectivite": collectivite, **contexte}


@register.inclusion_tag("cms/includes/engagements_lies.html", takes_context=True)
def engagements_lies(context, engagements, etiquettes=False):
    """`{% engagements_lies page.engagements.all %}`: each engagement linked to its page (as
    text if it has none live); `etiquettes=True` for the compact codes of a card."""
    urls = pages_engagements(context["request"])
    return {"engagements": [(e, urls.get(e.code)) for e in engagements], "etiquettes": etiquettes}


@register.inclusion_tag("cms/includes/ressources_pour.html")
def ressources_engagement(engagement):
    """`{% ressources_engagement engagement %}` on an engagement's page."""
    return {"engagement": engagement, "ressources": ressources_pour(engagement)}


@register.simple_tag
def url_acteur(acteur, annuaire=None):
    return acteur.get_url(annuaire)


SCHEMAS_WEB = ("http", "https")


@register.filter
def lien_web(url):
    """The address if it is an http(s) one, else "": `{% with lien=x.site_web|lien_web %}`.

    Forms refuse other schemes, but imports, the shell or old data may not have gone through
    them; a `javascript:` address must never become a link.
    """
    url = str(url or "").strip()
    try:
        morceaux = urlsplit(url)  # also drops tabs and newlines, as browsers do
    except ValueError:
        return ""
    return url if morceaux.scheme.lower() in SCHEMAS_WEB and morceaux.netloc else ""
