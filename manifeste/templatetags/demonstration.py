from django import template

from manifeste.demo_mode import est_demonstration

register = template.Library()


@register.inclusion_tag("bandeau_demonstration.html")
def bandeau_demonstration():
    return {"demonstration": est_demonstration()}
