from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info
from wagtail.models import Site

from indicators import secret_statistique
from publication.cache import en_cache
from publication.charts import format_nombre

register = template.Library()


@register.filter
def nombre(valeur):
    """A number the French way (1 234,5), as in every chart table."""
    return format_nombre(float(valeur)) if valeur not in (None, "") else "—"


@register.filter
def get_item(dictionnaire, cle):
    return dictionnaire.get(cle)


@register.simple_tag(takes_context=True)
def menu_principal(context):
    """The live pages under the site root flagged "show in menus", as {pk, title, url}: cached
    (every page publication, move or deletion drops it, see publication.signals)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    return en_cache(
        "menu",
        site.pk,
        get_language(),
        calculer=lambda: [
            {"pk": p.pk, "title": p.title, "url": p.get_url(request)}
            for p in site.root_page.get_children().live().in_menu()
        ],
    )


@register.simple_tag(takes_context=True)
def langues(context):
    """This page in each language, each named in its own, as links: no form, so no CSRF token,
    and every public page can be served whole from the cache (publication.page_cache)."""
    request = context.get("request")
    ici = request.get_full_path() if request else "/"
    return [
        {
            "code": code,
            "nom": capfirst(get_language_info(code)["name_local"]),
            "url": translate_url(ici, code),
            "active": code == get_language(),
        }
        for code, _nom in settings.LANGUAGES
    ]


@register.filter
def donnees_insuffisantes(n):
    """« données insuffisantes (n = 2) »: a group figure too few collectivities published."""
    return secret_statistique.texte_insuffisant(n or 0)


@register.filter
def pourcentage(part):
    """A share (0–1) as « 45 % »."""
    return secret_statistique.pourcentage(part)
