"""Who sees and edits which values: querysets built on the permission layer."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError

from commitments.models import Membre
from indicators.models import Indicateur, Valeur
from manifeste.models import Collectivite

pytestmark = pytest.mark.django_db


def test_visibilite_et_modification(territoires, catalogue, django_user_model):
    paris = Collectivite.objects.get(code_insee="75056", type="commune")
    lyon = Collectivite.objects.get(code_insee="69123", type="commune")
    ind = Indicateur.objects.get(code="A1E2-01")
    brouillon_paris = Valeur.objects.create(
        collectivite=paris, indicateur=ind, annee=2025, valeur=1
    )
    publie_lyon = Valeur.objects.create(
        collectivite=lyon, indicateur=ind, annee=2025, valeur=2, etat="publie"
    )
    brouillon_lyon = Valeur.objects.create(collectivite=lyon, indicateur=ind, annee=2024, valeur=3)
    Valeur.objects.create(
        collectivite=lyon, indicateur=ind, annee=2025, valeur=9, etat="publie", synthetique=True
    )
    lecteur = django_user_model.objects.create_user("l")
    Membre.objects.create(user=lecteur, collectivite=paris, role="lecteur")
    contributeur = django_user_model.objects.create_user("c")
    Membre.objects.create(user=contributeur, collectivite=lyon, role="contributeur")

    assert set(Valeur.objects.publiees()) == {publie_lyon}  # synthetic never shown as real
    assert set(Valeur.objects.visibles_par(AnonymousUser())) == {publie_lyon}
    assert set(Valeur.objects.visibles_par(lecteur)) == {publie_lyon, brouillon_paris}
    assert set(Valeur.objects.modifiables_par(lecteur)) == set()
    assert set(Valeur.objects.modifiables_par(contributeur)) == {publie_lyon, brouillon_lyon}
    with pytest.raises(IntegrityError):
        Valeur.objects.create(collectivite=paris, indicateur=ind, annee=2025, valeur=5)
