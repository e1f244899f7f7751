"""The home's rules as plain values: where a campaign stands, an engagement's step, a level."""

from datetime import date

import pytest

from commitments.accueil import (
    Etape,
    Statut,
    calendrier,
    est_renvoi,
    etape,
    texte_niveau,
    texte_renvoi,
)
from commitments.workflow import EtatPublication as E
from manifeste.maturite import Etat

OUVERTURE, CLOTURE = date(2026, 1, 15), date(2026, 6, 30)


@pytest.mark.parametrize(
    ("jour", "rouverte", "statut", "jours"),
    [
        (date(2026, 1, 10), None, Statut.A_VENIR, 5),
        (date(2026, 1, 15), None, Statut.OUVERTE, 166),
        (date(2026, 6, 20), None, Statut.OUVERTE, 10),
        (date(2026, 6, 30), None, Statut.OUVERTE, 0),  # the last day still counts
        (date(2026, 7, 1), None, Statut.CLOSE, None),
        (date(2026, 7, 1), date(2026, 7, 15), Statut.ROUVERTE, 14),
        (date(2026, 7, 20), date(2026, 7, 15), Statut.CLOSE, None),  # reopening over
        (date(2026, 3, 1), date(2026, 7, 15), Statut.OUVERTE, 121),  # open: the closing counts
    ],
)
def test_calendrier(jour, rouverte, statut, jours):
    cal = calendrier(OUVERTURE, CLOTURE, jour, rouverte)
    assert (cal.statut, cal.jours) == (statut, jours)
    assert cal.modifiable == (statut in (Statut.OUVERTE, Statut.ROUVERTE))


def test_la_reouverture_dit_jusqu_a_quand():
    cal = calendrier(OUVERTURE, CLOTURE, date(2026, 7, 1), date(2026, 7, 15))
    assert cal.rouverte_jusqu_au == date(2026, 7, 15)


@pytest.mark.parametrize(
    ("de", "vers", "en_cours", "renvoi"),
    [
        (E.SOUMIS, E.BROUILLON, E.BROUILLON, True),  # changes requested
        (E.VALIDE, E.BROUILLON, E.BROUILLON, True),
        ("soumis", "renvoye", "renvoye", True),  # a dedicated state, whatever its name
        (E.PUBLIE, E.BROUILLON, E.BROUILLON, False),  # unpublished to correct
        (E.BROUILLON, E.SOUMIS, E.SOUMIS, False),
        (E.SOUMIS, E.VALIDE, E.VALIDE, False),
        (E.SOUMIS, E.BROUILLON, E.SOUMIS, False),  # submitted again since
    ],
)
def test_est_renvoi(de, vers, en_cours, renvoi):
    assert est_renvoi(de, vers, en_cours) is renvoi


@pytest.mark.parametrize(
    ("etat", "en_cours", "renvoye", "attendue"),
    [
        (Etat.NON_RENSEIGNE, E.BROUILLON, False, Etape.A_EVALUER),
        (Etat.EVALUE, E.BROUILLON, False, Etape.BROUILLON),
        (Etat.NON_CONCERNE, E.BROUILLON, False, Etape.BROUILLON),
        (Etat.EVALUE, E.BROUILLON, True, Etape.RENVOYE),
        (Etat.EVALUE, E.SOUMIS, False, Etape.SOUMIS),
        (Etat.EVALUE, E.VALIDE, False, Etape.VALIDE),
        (Etat.EVALUE, E.PUBLIE, False, Etape.PUBLIE),
        (Etat.EVALUE, "etat_futur", False, Etape.BROUILLON),  # still shown, as work to do
    ],
)
def test_etape(etat, en_cours, renvoye, attendue):
    assert etape(etat, en_cours, renvoye) == attendue


def test_texte_niveau():
    assert texte_niveau(Etat.EVALUE, 0) == "0"  # 0 is a level, not an absence
    assert texte_niveau(Etat.NON_CONCERNE, None) == "Non concerné"
    assert texte_niveau(Etat.NON_RENSEIGNE, None) == "Non renseigné"


def test_texte_renvoi():
    assert texte_renvoi("  Joignez la délibération. ") == "Renvoyé : « Joignez la délibération. »"
    assert texte_renvoi("") == "Renvoyé par le valideur."
