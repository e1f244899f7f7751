"""Who may publish actors: one rule, the same for one actor and for a list of them."""

import pytest

from ecosysteme.approbation import approuvables, approuve_des_acteurs, peut_approuver, peut_importer
from ecosysteme.models import Acteur


@pytest.mark.parametrize(
    "nom", ["validateur", "contributeur", "lecteur", "analyste", "admin", "autre"]
)
def test_la_liste_et_l_acteur_disent_la_meme_chose(monde, acteurs, nom):
    user = monde.users[nom]
    tous = Acteur.objects.all()
    assert tous.count() > 3
    attendus = {a.pk for a in tous if peut_approuver(user, a)}
    assert {a.pk for a in approuvables(user, tous)} == attendus
    assert approuve_des_acteurs(user) == (nom in {"validateur", "admin", "autre"})


def test_un_validateur_approuve_son_territoire_seulement(monde, acteurs):
    paris = {a.pk for a in approuvables(monde.users["validateur"], Acteur.objects.all())}
    lyon = {a.pk for a in approuvables(monde.users["autre"], Acteur.objects.all())}
    assert paris and lyon and not paris & lyon


def test_seul_l_administrateur_national_importe(monde):
    assert peut_importer(monde.users["admin"])
    assert not any(peut_importer(monde.users[n]) for n in ("validateur", "analyste"))
