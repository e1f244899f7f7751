import datetime

import pytest

from commitments.models import Signature
from indicators import queries
from indicators.aggregation import agreger
from indicators.demo import seed
from indicators.models import Indicateur, Valeur
from indicators.queries import agreger_sql, charger_valeurs
from manifeste.models import Collectivite

pytestmark = pytest.mark.django_db


def test_demo_idempotente_et_agregats_sql_egaux_pandas(territoires, referentiel):
    for code in ("75056", "69123", "01004"):
        Signature.objects.create(
            collectivite=Collectivite.objects.get(code_insee=code, type="commune"),
            date_signature=datetime.date(2022, 1, 1),
        )
    seed(print)
    n = Valeur.objects.count()
    # Values only for signatories, each of the three reporting 2021–2024 (published).
    assert set(Valeur.objects.values_list("collectivite_id", flat=True)) == set(
        Signature.objects.values_list("collectivite_id", flat=True)
    )
    assert set(Valeur.objects.publiees().values_list("annee", flat=True)) >= {2024}
    seed(print)
    assert Valeur.objects.count() == n
    for code in ("A2E3-01", "A1E2-01", "A2E1-03", "A3E2-01"):
        indicateur = Indicateur.objects.get(code=code)
        sql = agreger_sql(indicateur, 2024).iloc[0]
        pandas = agreger(charger_valeurs([indicateur], [2024]), queries.membres(), indicateur)
        assert sql["valeur"] == pytest.approx(pandas.valeur)
        assert (sql["n"], sql["n_groupe"]) == (pandas.n, pandas.n_groupe)
        assert sql["n_groupe"] == Collectivite.objects.count()
    par_type = agreger_sql(Indicateur.objects.get(code="A3E1-01"), 2024, "region_id")
    assert {t for _r, t in par_type.index} >= {"commune", "region"}  # terr: split by level


def test_seed_national_synthetique_jamais_melange(territoires, catalogue):
    from django.core.management import call_command

    call_command("seed_national", "--years", "2024-2025")
    assert Valeur.objects.filter(synthetique=True).exists()
    assert not Valeur.objects.publiees().exists()
    n = Valeur.objects.count()
    call_command("seed_national", "--years", "2024-2025")
    assert Valeur.objects.count() == n  # replaced, not added
    reemploi = Indicateur.objects.get(code="A2E3-01")
    assert agreger_sql(reemploi, 2025).iloc[0]["n"] == 0  # real data only
    assert agreger_sql(reemploi, 2025, synthetique=True).iloc[0]["n"] > 0
