"""A value's fields as text, the way a French reader expects them: the import's preview (old →
new, field by field) and the template's « last year » column say them alike."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .validation import affiche, champs_attendus, taux

LIBELLES = {
    "valeur": gettext_lazy("valeur"),
    "booleen": gettext_lazy("valeur (oui / non)"),
    "numerateur": gettext_lazy("numérateur"),
    "denominateur": gettext_lazy("dénominateur"),
    "poids": gettext_lazy("poids"),
    "commentaire": gettext_lazy("commentaire"),
    "justification": gettext_lazy("justification"),
}


def texte_champ(valeur):
    """One field: '' when empty, oui/non, a number grouped, with a decimal comma and every
    stored decimal (a change in the sixth one must show), or text."""
    if valeur is None or valeur == "":
        return ""
    if isinstance(valeur, bool):
        return _("oui") if valeur else _("non")
    if isinstance(valeur, str):
        return valeur
    return number_format(Decimal(valeur).normalize(), force_grouping=True)


def texte_valeur(indicateur, contenu):
    """A whole value in one phrase: « 40 % (40 / 100) », « oui », « 6,5 années (poids 120) »."""
    champs = champs_attendus(indicateur)
    if all(contenu.get(c) is None for c in champs):
        return ""
    if indicateur.nature == "bool":
        return texte_champ(contenu.get("booleen"))
    unite = f" {indicateur.unite}" if indicateur.unite else ""
    if indicateur.nature == "ratio":
        rate = taux(indicateur, contenu)
        parts = (
            f"{texte_champ(contenu.get('numerateur'))} / {texte_champ(contenu.get('denominateur'))}"
        )
        return f"{affiche(rate)}{unite} ({parts})" if rate is not None else parts
    texte = f"{texte_champ(contenu.get('valeur'))}{unite}"
    if "poids" in champs:
        texte += " " + _("(poids %s)") % texte_champ(contenu.get("poids"))
    return texte
