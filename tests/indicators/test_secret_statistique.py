"""The disclosure rule of group figures and the words around them, without HTTP."""

from types import SimpleNamespace

import pandas as pd
import pytest
from django.utils import translation

from indicators import secret_statistique as secret


@pytest.fixture(autouse=True)
def seuil_5(settings):
    settings.SEUIL_DIFFUSION = 5


@pytest.mark.parametrize(("n", "attendu"), [(None, False), (0, False), (4, False), (5, True)])
def test_a_group_figure_needs_as_many_collectivities_as_the_threshold(n, attendu):
    assert secret.diffusable(n) is attendu


def test_the_threshold_is_a_setting(settings):
    settings.SEUIL_DIFFUSION = 2
    assert secret.diffusable(2)


def test_too_small_groups_lose_their_figure_not_their_coverage():
    table = pd.DataFrame({"valeur": [12.5, 40.0, None], "n": [2, 5, 0], "n_groupe": [6, 9, 3]})
    masquee = secret.masquer(table)
    assert masquee["valeur"].isna().tolist() == [True, False, True]
    assert masquee["n"].tolist() == [2, 5, 0]
    assert table["valeur"].iloc[0] == 12.5  # the input is left alone


def test_insufficient_data_says_how_many_in_both_languages():
    assert secret.texte_insuffisant(2) == "données insuffisantes (n = 2)"
    with translation.override("en"):
        assert secret.texte_insuffisant(2) == "insufficient data (n = 2)"


def test_coverage_reads_n_of_n_and_the_share_of_population():
    assert secret.texte_couverture(12, 36249, 0.4567) == (
        "12 sur 36\xa0249 collectivités, 46 % de la population"
    )
    assert secret.texte_couverture(1, 36249, 0.001) == (
        "1 sur 36\xa0249 collectivités, < 1 % de la population"
    )
    assert secret.texte_couverture(3, 6) == "3 sur 6 collectivités"
    with translation.override("en"):
        assert secret.texte_couverture(12, 36249, 0.4567) == (
            "12 of 36,249 collectivities, 46% of the population"
        )


def test_a_missing_share_is_a_dash_not_zero():
    assert secret.pourcentage(None) == "—"
    assert secret.pourcentage(float("nan")) == "—"
    assert secret.pourcentage(0) == "0 %"


def test_yes_no_units():
    oui_non = SimpleNamespace(nature="bool", unite="oui/non")
    taux = SimpleNamespace(nature="ratio", unite="%")
    assert secret.unite_agregat(oui_non) == "% de « oui »"
    assert secret.unite_propre(oui_non) == ""
    assert secret.unite_agregat(taux) == secret.unite_propre(taux) == "%"


def test_default_year_is_the_latest_that_meets_the_threshold():
    effectifs = {2026: 1, 2025: 4, 2024: 6, 2023: 9}
    lus = []

    def effectif(annee):
        lus.append(annee)
        return effectifs[annee]

    assert secret.annee_diffusable([2026, 2025, 2024, 2023], effectif) == 2024
    assert lus == [2026, 2025, 2024]  # stops at the first year that qualifies


def test_default_year_falls_back_to_the_latest_with_anything_then_none():
    effectifs = {2026: 0, 2025: 2, 2024: 1}
    assert secret.annee_diffusable([2026, 2025, 2024], effectifs.get) == 2025
    assert secret.annee_diffusable([2026, 2025], {2026: 0, 2025: 0}.get) is None
    assert secret.annee_diffusable([], {}.get) is None
