"""The number reader and the catalogue's rules as pure functions: what is refused and why,
what is kept, and that reading is stable (read → write → read gives the same Decimal)."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.models import Indicateur
from indicators.numbers import LIMITE, NombreRefuse, ecrire_nombre, lire_annee, lire_nombre
from indicators.validation import controler_plausibilite, plage_plausible, valider

SCORE = Indicateur(code="S", nature="score", agregation="weighted_mean", minimum=1, maximum=10)
HABITANTS = Indicateur(
    code="H",
    nature="count",
    agregation="sum",
    unite="habitants / an",
    champs_entiers=["valeur"],
    plausible_min=D(0),
    plausible_max=D(1),
    plausible_par="habitant",
)
ETP = Indicateur(code="E", nature="count", agregation="sum", unite="ETP")


@pytest.mark.parametrize(
    ("cellule", "motif"),
    [
        ("1e309", "trop grand"),
        (1e309, "fini"),
        (float("nan"), "fini"),
        ("NaN", "n'est pas un nombre"),
        ("Infinity", "n'est pas un nombre"),
        ("1e15", "trop grand"),
        (1e20, "trop grand"),
        (10**15, "trop grand"),
        ("99999999999999.9999999", "trop grand"),
        ("1,234.5", "ambigu"),
        ("1.234,5", "ambigu"),
        ("1.234.567", "milliers"),
        ("²", "n'est pas un nombre"),
        ("١٢", "n'est pas un nombre"),
        ("douze", "n'est pas un nombre"),
        (True, "oui/non"),
        ("9" * 80, "trop long"),
    ],
)
def test_refus_avec_la_raison(cellule, motif):
    with pytest.raises(NombreRefuse, match=motif) as refus:
        lire_nombre(cellule)
    assert str(refus.value).startswith("« ")  # names what was read


@pytest.mark.parametrize(
    ("cellule", "attendu"),
    [
        ("12,5", D("12.5")),
        ("12.5", D("12.5")),
        ("1 234,5", D("1234.5")),
        ("1\u202f234", D("1234")),
        ("1.234", D("1.234")),  # a decimal point; a count then refuses it (see below)
        ("-4,5", D("-4.5")),
        (",5", D("0.5")),
        ("1e3", D("1000")),
        ("0.12345675", D("0.123457")),  # rounded to the stored precision, half up
        ("99999999999999.999999", D("99999999999999.999999")),
        (3.0, D(3)),
        (0.1, D("0.1")),
        (7, D(7)),
        ("", None),
        (None, None),
    ],
)
def test_lecture(cellule, attendu):
    assert lire_nombre(cellule) == attendu


def test_annee_en_chiffres_ascii():
    assert lire_annee("2025") == lire_annee(2025) == lire_annee(2025.0) == 2025
    for faux in ("²", "２０２５", "25", "2025,5", "", True):
        with pytest.raises(NombreRefuse, match="n'est pas une année"):
            lire_annee(faux)


nombres_stockables = st.decimals(
    min_value=-LIMITE + 1, max_value=LIMITE - 1, allow_nan=False, allow_infinity=False, places=6
)


@given(nombres_stockables)
def test_lire_ecrire_relire_est_stable(nombre):
    lu = lire_nombre(ecrire_nombre(nombre))
    assert lu == nombre and lire_nombre(ecrire_nombre(lu)) == lu
    assert lire_nombre(ecrire_nombre(nombre).replace(".", ",")) == nombre


@given(st.floats())
def test_tout_flottant_est_lu_ou_refuse_sans_autre_exception(flottant):
    try:
        lu = lire_nombre(flottant)
    except NombreRefuse:
        return
    assert lu.is_finite() and abs(lu) < LIMITE and lu == lu.quantize(D("0.000001"))


@given(st.text(max_size=30))
def test_tout_texte_est_lu_ou_refuse_sans_autre_exception(texte):
    try:
        lu = lire_nombre(texte)
    except NombreRefuse:
        return
    assert lu is None or (lu.is_finite() and abs(lu) < LIMITE)


@given(st.decimals(min_value=-20, max_value=20, allow_nan=False, places=2))
def test_score_1_10_borne_stricte(note):
    erreurs = valider(SCORE, {"valeur": note, "poids": D(1)})
    assert (erreurs == []) == (1 <= note <= 10)
    if erreurs:
        assert erreurs[0].champ == "valeur" and "entre 1 et 10" in erreurs[0].raison


def test_entiers_ou_le_champ_compte():
    erreurs = valider(HABITANTS, {"valeur": D("2.5")})
    assert [e.champ for e in erreurs] == ["valeur"] and "entier" in erreurs[0].raison
    assert "1234" in valider(HABITANTS, {"valeur": lire_nombre("1.234")})[0].raison
    assert valider(ETP, {"valeur": D("2.5")}) == []  # ETP: fractions of a post


def test_plausibilite_par_habitant():
    assert plage_plausible(HABITANTS, 2_100_000) == (0, 2_100_000)
    assert plage_plausible(HABITANTS, 300) == (0, 2000)  # the small-collectivity floor
    assert plage_plausible(HABITANTS, None) is None  # no population: not checkable
    erreurs, etat = controler_plausibilite(HABITANTS, {"valeur": D(5_000_000)}, 2_100_000, "")
    assert etat == "" and erreurs[0].champ == "justification"
    assert "5 000 000 habitants / an" in erreurs[0].raison.replace("\xa0", " ")
    assert "justification" in erreurs[0].raison
    erreurs, etat = controler_plausibilite(
        HABITANTS, {"valeur": D(5_000_000)}, 2_100_000, "forum régional"
    )
    assert erreurs == [] and etat == "a_verifier"
    assert controler_plausibilite(HABITANTS, {"valeur": D(2000)}, 2_100_000, "") == ([], "")
