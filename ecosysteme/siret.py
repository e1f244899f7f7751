"""SIRET (14-digit French establishment number) checks: pure functions, no database."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# La Poste's establishments outnumber what Luhn-valid numbers allow under one SIREN, so INSEE
# gives them numbers whose digit sum is a multiple of 5 instead.
SIREN_LA_POSTE = "356000000"


def normaliser_siret(valeur):
    """Spaces, dots and dashes are how people write it; only the digits count."""
    return "".join(c for c in str(valeur or "") if c not in " .-\u00a0\u202f")


def cle_luhn_valide(chiffres):
    total = 0
    for position, chiffre in enumerate(reversed(chiffres)):
        n = int(chiffre)
        if position % 2 == 1:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def siret_valide(valeur):
    siret = normaliser_siret(valeur)
    if len(siret) != 14 or not siret.isdigit():
        return False
    if cle_luhn_valide(siret):
        return True
    return siret.startswith(SIREN_LA_POSTE) and sum(map(int, siret)) % 5 == 0


def valider_siret(valeur):
    """Django validator; an empty value is left to `blank`."""
    if not valeur:
        return
    siret = normaliser_siret(valeur)
    if len(siret) != 14 or not siret.isdigit():
        raise ValidationError(_("Un SIRET compte 14 chiffres."), code="siret_format")
    if not siret_valide(siret):
        raise ValidationError(
            _("Ce SIRET est invalide (clé de contrôle incorrecte)."), code="siret_cle"
        )
