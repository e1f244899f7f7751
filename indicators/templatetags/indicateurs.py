from django import template

register = template.Library()


@register.filter
def cle(dictionnaire, nom):
    return "" if dictionnaire is None else dictionnaire.get(nom, "")


@register.filter
def erreurs_de(ligne, champ):
    return ligne.erreurs_de(champ)
