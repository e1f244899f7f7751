import json

import pytest

from manifeste.loaders.referentiel import FICHIER_PAR_DEFAUT, charger_referentiel
from manifeste.maturite import Etat, moyenne_niveaux, taux_completion
from manifeste.models import Ambition, DescripteurNiveau, Engagement, NiveauMaturite, Referentiel

CODES = ["A1E1", "A1E2", "A1E3", "A2E1", "A2E2", "A2E3", "A3E1", "A3E2", "A3E3"]


def test_codes_and_counts(referentiel):
    assert referentiel.version == "2021"
    assert list(Ambition.objects.values_list("code", flat=True)) == ["A1", "A2", "A3"]
    assert list(Engagement.objects.values_list("code", flat=True)) == CODES
    assert list(NiveauMaturite.objects.values_list("niveau", flat=True)) == [0, 1, 2, 3, 4]
    assert DescripteurNiveau.objects.count() == 9 * 4
    assert Engagement.objects.get(code="A2E1").ambition.code == "A2"


def test_loader_is_idempotent_and_updates_titles(referentiel, tmp_path):
    data = json.loads(FICHIER_PAR_DEFAUT.read_text())
    data["ambitions"][0]["engagements"][0]["fr"] = "Titre révisé"
    edited = tmp_path / "ref.json"
    edited.write_text(json.dumps(data))
    charger_referentiel(edited)
    charger_referentiel(edited)
    assert Engagement.objects.count() == 9
    assert Referentiel.objects.count() == 1
    assert Engagement.objects.get(code="A1E1").titre_fr == "Titre révisé"


def test_titles_follow_the_active_language(referentiel):
    from django.utils import translation

    engagement = Engagement.objects.get(code="A1E1")
    with translation.override("en"):
        assert engagement.titre == "Organise access to public services for all"
    with translation.override("fr"):
        assert engagement.titre == "Organiser l'accès de tous aux services publics"


@pytest.mark.parametrize(
    ("niveaux", "attendu"), [([0, 2, None, 4], 2), ([None, None], None), ([0], 0)]
)
def test_states_outside_the_scale_are_not_zero(niveaux, attendu):
    assert moyenne_niveaux(niveaux) == attendu


def test_completion_counts_non_concerne_as_answered():
    etats = [Etat.EVALUE, Etat.NON_CONCERNE, Etat.NON_RENSEIGNE, Etat.NON_RENSEIGNE]
    assert taux_completion(etats) == 0.5
