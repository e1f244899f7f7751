"""Wagtail's admin asks the roles table: every model the access policy names answers from it."""

import pytest
from django.apps import apps
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import policy_registry

from acces import policies
from acces.roles import Action


def politique(label):
    return policy_registry.get_by_type(apps.get_model(label))


@pytest.mark.parametrize("label", sorted(policies.POLITIQUES))
def test_chaque_modele_nomme_suit_la_table(label):
    classe, action = policies.POLITIQUES[label]
    p = politique(label)
    assert isinstance(p, classe)
    assert p.action == action
    assert not isinstance(p, ModelPermissionPolicy)  # not Django's model permissions


@pytest.mark.parametrize("label", ["commitments.Campagne", "commitments.Membre"])
def test_seuls_les_administrateurs_nationaux_gerent(monde, label, admin_user):
    p = politique(label)
    assert p.user_has_permission(monde.users["admin"], "change")
    for nom in ("analyste", "validateur", "lecteur"):
        assert not p.user_has_any_permission(monde.users[nom], ["add", "change", "delete"])
    assert set(p.users_with_any_permission(["change"])) == {monde.users["admin"], admin_user}


def test_les_valeurs_se_listent_la_ou_l_on_peut_voir_et_ne_se_modifient_pas(
    monde, django_user_model
):
    p = politique("indicators.Valeur")
    assert p.action == Action.VOIR
    assert p.user_has_permission(monde.users["lecteur"], "view")
    assert not p.user_has_permission(monde.users["validateur"], "change")
    sans_role = django_user_model.objects.create_user("personne", "p@example.org", "pw")
    assert not p.user_has_permission(sans_role, "view")
