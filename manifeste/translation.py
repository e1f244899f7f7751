"""Bilingual data fields: `<name>_fr` is the reference text, `<name>_en` its translation."""

from django.utils.translation import get_language


def localized(obj, field):
    """The value of `field` in the active language, falling back to French."""
    if (get_language() or "fr").startswith("en"):
        value = getattr(obj, f"{field}_en", "")
        if value:
            return value
    return getattr(obj, f"{field}_fr")


class Localized:
    """Model attribute reading `<name>_fr` or `<name>_en` by the active language."""

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, owner=None):
        return self if obj is None else localized(obj, self.name)
