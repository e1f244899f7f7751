import pytest
from django.core.exceptions import ValidationError

from ecosysteme.siret import normaliser_siret, siret_valide, valider_siret


@pytest.mark.parametrize(
    "siret",
    ["84123456700011", "841 234 567 00011", "35600000000048", "73282932000074"],
)
def test_valid_siret(siret):
    assert siret_valide(siret)
    valider_siret(siret)


@pytest.mark.parametrize(
    "siret",
    ["84123456700012", "8412345670001", "841234567000111", "8412345670001A", "00000000000001"],
)
def test_invalid_siret(siret):
    assert not siret_valide(siret)
    with pytest.raises(ValidationError):
        valider_siret(siret)


def test_la_poste_establishments_use_a_digit_sum_multiple_of_5():
    # Fails Luhn, digit sum 20: valid only under La Poste's SIREN.
    assert siret_valide("35600000000001")
    assert not siret_valide("35600000100000")


def test_empty_siret_is_left_to_blank():
    valider_siret("")


def test_normalisation_keeps_only_digits():
    assert normaliser_siret(" 841.234.567-00011 ") == "84123456700011"
