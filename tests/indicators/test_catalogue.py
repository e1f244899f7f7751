from decimal import Decimal

import pytest
from django.core.management import call_command

from indicators.catalogue import CatalogueInvalide, lire_cibles, lire_decimal, lire_entiers
from indicators.models import Indicateur


def test_lire_cibles():
    assert lire_cibles("2024:20;2027:25;2030:30") == {"2024": 20, "2027": 25, "2030": 30}
    assert lire_cibles("") == {}
    assert lire_cibles("2025:12,5") == {"2025": 12.5}
    with pytest.raises(CatalogueInvalide):
        lire_cibles("vingt")


def test_bornes_et_entiers_du_catalogue():
    assert lire_decimal("1.5", "min", 2) == Decimal("1.5") and lire_decimal(" ", "min", 2) is None
    for faux in ("un", "inf", "nan"):
        with pytest.raises(CatalogueInvalide):
            lire_decimal(faux, "max", 3)
    assert lire_entiers("numerateur; denominateur", "ratio", "ratio_of_sums", 2) == [
        "numerateur",
        "denominateur",
    ]
    with pytest.raises(CatalogueInvalide, match="integers"):
        lire_entiers("poids", "count", "sum", 4)


@pytest.mark.django_db
def test_load_indicators_idempotent(referentiel, capsys):
    call_command("load_indicators")
    assert Indicateur.objects.count() == 40
    Indicateur.objects.filter(code="A2E3-01").update(nom_fr="modifié")
    call_command("load_indicators")
    assert Indicateur.objects.count() == 40
    reemploi = Indicateur.objects.get(code="A2E3-01")
    assert reemploi.nom_fr == "Réemploi des matériels informatiques réformés"
    assert reemploi.engagement.code == "A2E3"
    assert reemploi.cibles == {"2023": 25, "2024": 35, "2025": 50}
    assert (
        reemploi.cible(2025) == 50 and reemploi.cible(2026) == 50 and reemploi.cible(2022) is None
    )
    assert reemploi.partie_du_tout and reemploi.echelle == 100
    pue = Indicateur.objects.get(code="A2E1-05")
    assert pue.minimum == 1 and not pue.partie_du_tout
    score = Indicateur.objects.get(code="A1E1-05")
    assert (score.minimum, score.maximum) == (1, 10)
    assert Indicateur.objects.get(code="A1E2-01").champs_entiers == []  # ETP: fractions
    habitants = Indicateur.objects.get(code="A1E2-05")
    assert habitants.champs_entiers == ["valeur"]
    assert (habitants.plausible_max, habitants.plausible_par) == (1, "habitant")
    # every indicator documents its range, or why it needs none
    assert not Indicateur.objects.filter(plausible_source="").exists()
    assert Indicateur.objects.get(code="A1E1-04").portee == "terr"
    assert not Indicateur.objects.get(code="A1E1-04").partie_du_tout


@pytest.mark.django_db
def test_catalogue_admin_code_fige(catalogue, admin_user, client):
    client.force_login(admin_user)
    indicateur = Indicateur.objects.get(code="A2E3-01")
    url = f"/admin/snippets/indicators/indicateur/edit/{indicateur.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["form"].fields["code"].disabled
    assert client.get("/admin/snippets/indicators/indicateur/").status_code == 200
