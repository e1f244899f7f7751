"""Free text people type or import: one length limit per field, for every path (form, grid,
file, API), and no null character (PostgreSQL refuses it in text)."""

from django.utils.translation import gettext as _

LONGUEUR_COMMENTAIRE = 2000


def probleme_texte(texte, maximum):
    """Why `texte` cannot be stored in a field of `maximum` characters, or None."""
    if "\x00" in texte:
        return _("caractère nul refusé")
    if len(texte) > maximum:
        return _("%(n)s caractères, au plus %(max)s") % {"n": len(texte), "max": maximum}
    return None
