from django import template

from cms.charts import format_nombre

register = template.Library()


@register.filter
def nombre(valeur):
    """A number the French way (1 234,5), as in every chart table."""
    return format_nombre(float(valeur)) if valeur not in (None, "") else "—"


@register.filter
def get_item(dictionnaire, cle):
    return dictionnaire.get(cle)
