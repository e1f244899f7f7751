"""Includes other pages call: actors serving a collectivity, resources of an engagement; and
`lien_web`, the one way a user-written address becomes a link. (The links to engagements' pages,
`engagements_lies`, are the pages' own: `{% load engagements %}`, in cms.)"""

from urllib.parse import urlsplit

from django import template
from django.utils.translation import get_language

from ecosysteme.models import AnnuairePage, acteurs_servant, ressources_pour, url_acteur
from publication.cache import en_cache  # the public pages' cache, shared by every app

register = template.Library()


@register.inclusion_tag("ecosysteme/includes/acteurs_servant.html")
def acteurs_servant_collectivite(collectivite, limite=12):
    """`{% acteurs_servant_collectivite collectivite %}` on a collectivity's profile page;
    cached until an actor or a page changes (publication.signals)."""

    def calculer():
        annuaire = AnnuairePage.objects.live().first()
        acteurs = acteurs_servant(collectivite).prefetch_related("engagements")[:limite]
        return {
            "acteurs": [(a, url_acteur(a, annuaire)) for a in acteurs],
            "url_annuaire": annuaire and annuaire.url,
        }

    contexte = en_cache("acteurs", collectivite.pk, limite, get_language(), calculer=calculer)
    return {"collectivite": collectivite, **contexte}


@register.inclusion_tag("ecosysteme/includes/ressources_pour.html")
def ressources_engagement(engagement):
    """`{% ressources_engagement engagement %}` on an engagement's page."""
    return {"engagement": engagement, "ressources": ressources_pour(engagement)}


register.simple_tag(url_acteur, name="url_acteur")


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
