"""Links to the engagements' pages, for any page that names engagements (the toolbox's
resources, the lexicon's terms): `{% load engagements %}`."""

from django import template

from cms.models.profil import pages_engagements

register = template.Library()


@register.inclusion_tag("cms/includes/engagements_lies.html", takes_context=True)
def engagements_lies(context, engagements, etiquettes=False):
    """`{% engagements_lies page.engagements.all %}`: each engagement linked to its page (as
    text if it has none live); `etiquettes=True` for the compact codes of a card."""
    urls = pages_engagements(context["request"])
    return {"engagements": [(e, urls.get(e.code)) for e in engagements], "etiquettes": etiquettes}
