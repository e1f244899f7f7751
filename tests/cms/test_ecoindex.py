"""The EcoIndex against the examples published with the reference implementations."""

import pytest

from benchmarks.ecoindex import ecoindex, grade, quantile, score


@pytest.mark.parametrize(
    ("dom", "requests", "size_kb", "expected"),
    [
        # GreenIT-Analysis' own test suite (script/ecoIndex.js, rounded scores).
        (100, 100, 100, 72),
        (100, 100, 1000, 67),
        (100, 100, 10000, 58),
        (200, 200, 10000, 46),
        (2355, 267, 2493, 10),
        (240, 20, 331, 83),
        (600000, 4000, 300000, 0),
        (0, 0, 0, 100),
    ],
)
def test_score_matches_the_published_examples(dom, requests, size_kb, expected):
    assert round(score(dom, requests, size_kb)) == expected


def test_full_result_matches_the_ecoindex_python_readme_example():
    # dom=100, size=100, requests=100 → grade B, score 72, 1.56 gCO2e, 2.34 cl.
    result = ecoindex(dom=100, requests=100, size_kb=100)
    assert (result.score, result.grade, result.ges, result.water) == (72.0, "B", 1.56, 2.34)


@pytest.mark.parametrize(
    ("value", "letter"),
    [(100, "A"), (80.1, "A"), (80, "B"), (70.5, "B"), (70, "C"), (55, "D"), (40, "E")]
    + [(25, "F"), (10.1, "F"), (10, "G"), (0, "G")],
)
def test_grade_thresholds_are_strict(value, letter):
    assert grade(value) == letter


def test_quantile_is_linear_between_bounds_and_capped():
    assert quantile((0, 10, 20), 5) == 0.5
    assert quantile((0, 10, 20), 10) == 1
    assert quantile((0, 10, 20), 1000) == 2
