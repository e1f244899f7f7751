"""No « nan », « None », « inf », « Infinity », « undefined » ever reaches the public, in HTML,
CSV, XLSX, JSON, zip or PDF: every public page type, filtered and not, in French and English,
every download those pages link to (open data files, chart CSVs, the API, the PDF report), on
the demo made hostile (tests.figures_helpers)."""

import re
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.test import Client

from tests.figures_helpers import INTERDIT, durcir, jetons_interdits
from tests.parcours_public import SANS_DONNEES, verifier_parcours
from tests.security_helpers import semer

# --- the matcher itself -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "texte",
    [
        "nan",
        "12,5 nan %",
        "<td>NaN</td>",
        '{"valeur": NaN}',
        "NAN",
        "-nan",
        "inf",
        "-inf %",
        "Inf",
        "Infinity",
        "-Infinity",
        "valeur;inf;",
        "None",
        "(None)",
        "?annee=None",
        "undefined",
        "NaT",
        "<NA>",
        "Cible légale nan",
    ],
)
def test_the_matcher_finds_every_spelling_of_a_missing_number(texte):
    assert jetons_interdits(texte)


@pytest.mark.parametrize(
    "texte",
    [
        "Nancy",
        "Nan-sous-Thil",  # a commune of the Côte-d'Or
        "nanotechnologie",
        "information",
        "inférieur",
        "infini",
        "Infos pratiques",
        "none of them",  # English prose
        "Nonette",
        "indefined",
        "banane",
        "Inf2",
        "nan_",
        "NaNa",
    ],
)
def test_the_matcher_leaves_words_alone(texte):
    assert not jetons_interdits(texte)


def test_the_matcher_says_where_the_token_is():
    assert jetons_interdits("la valeur nationale est nan pour 2024", contexte=6) == [
        "e est nan pour "
    ]


# --- the walk -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def monde(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        monde = semer()
        monde.hostile = durcir(exclure=[SANS_DONNEES])
        yield monde
        transaction.set_rollback(True)


def test_no_public_page_nor_download_reads_nan_none_or_inf(monde, db):
    verifier_parcours(monde)


def test_the_hostile_cases_are_there(monde, db):
    """The walk is only as good as the data: the cases that give « nan » do exist."""
    hostile = monde.hostile
    assert INTERDIT.pattern  # the matcher is the one tested above
    html = Client().get(f"/tableau-de-bord/?{urlencode(hostile.filtres_un_membre)}").content
    assert re.search(r"<td>1 sur \d+</td>", html.decode())  # one member published
    assert not hostile.inconnu.valeurs.exists()
    assert hostile.sans_territoire.region_id is None and hostile.sans_territoire.population is None
