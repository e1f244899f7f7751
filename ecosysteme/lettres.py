"""Alphabetical index of the lexicon: pure functions."""

import unicodedata
from string import ascii_uppercase

AUTRES = "#"
LETTRES = [*ascii_uppercase, AUTRES]


def lettre_initiale(texte):
    """'Écoconception' is filed under E, '3R' under #."""
    for caractere in unicodedata.normalize("NFKD", texte or ""):
        if caractere.isalpha() and caractere.isascii():
            return caractere.upper()
        if caractere.isalnum():
            return AUTRES
    return AUTRES


def cle_tri(texte):
    sans_accents = unicodedata.normalize("NFKD", texte or "").encode("ascii", "ignore").decode()
    return sans_accents.casefold()


def grouper_par_lettre(elements, libelle=str):
    """[(lettre, [éléments triés])] in alphabetical order, letters without element left out."""
    groupes = {}
    for element in sorted(elements, key=lambda e: cle_tri(libelle(e))):
        groupes.setdefault(lettre_initiale(libelle(element)), []).append(element)
    return [(lettre, groupes[lettre]) for lettre in LETTRES if lettre in groupes]
