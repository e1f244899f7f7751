"""Invitations: a signed link that expires, works once, and creates the membership."""

from datetime import timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse

from commitments import invitations
from commitments.invitations import Invitation, InvitationRefusee
from commitments.models import Membre


@pytest.fixture
def invitation(monde):
    return invitations.inviter(
        monde.users["validateur"], monde.paris, "nouvelle@example.org", "contributeur"
    )


def lien(invitation):
    return reverse("commitments:accepter_invitation", args=[invitation.jeton])


def test_l_invitation_envoie_un_lien(invitation):
    assert mail.outbox[0].to == ["nouvelle@example.org"]
    assert lien(invitation) in mail.outbox[0].body


def test_seuls_validateurs_et_admins_invitent(monde):
    for role in ("lecteur", "contributeur", "analyste", "autre"):
        with pytest.raises(InvitationRefusee):
            invitations.inviter(monde.users[role], monde.paris, "x@example.org", "lecteur")
    invitations.inviter(monde.users["admin"], monde.paris, "x@example.org", "validateur")
    assert Invitation.objects.count() == 1


def test_accepter_cree_le_compte_et_le_membre(client, invitation, monde):
    reponse = client.post(
        lien(invitation),
        {"username": "nouvelle", "password1": "Tr3s-l0ng-secret", "password2": "Tr3s-l0ng-secret"},
    )
    assert reponse.status_code == 302
    membre = Membre.objects.get(user__username="nouvelle")
    assert (membre.collectivite, membre.role) == (monde.paris, "contributeur")
    assert membre.user.email == "nouvelle@example.org"
    # Logged in, the new member reaches the workspace.
    assert client.get(reverse("commitments_mes_collectivites")).status_code == 200


def test_un_utilisateur_connecte_accepte_sans_nouveau_compte(client, invitation, monde):
    client.force_login(monde.users["autre"])
    client.post(lien(invitation))
    assert Membre.objects.get(user=monde.users["autre"], collectivite=monde.paris).role == (
        "contributeur"
    )


def test_un_lien_ne_sert_qu_une_fois(client, invitation, monde):
    client.force_login(monde.users["autre"])
    client.post(lien(invitation))
    client.force_login(monde.users["analyste"])
    reponse = client.post(lien(invitation))
    assert reponse.status_code == 400
    assert "déjà été acceptée" in reponse.content.decode()
    assert not Membre.objects.filter(user=monde.users["analyste"]).exists()


def test_un_lien_expire_est_refuse(client, invitation, monde, monkeypatch):
    monkeypatch.setattr(invitations, "DUREE", timedelta(seconds=-1))
    client.force_login(monde.users["autre"])
    reponse = client.post(lien(invitation))
    assert reponse.status_code == 400
    assert "expiré" in reponse.content.decode()
    assert not Membre.objects.filter(user=monde.users["autre"], collectivite=monde.paris).exists()


@pytest.mark.parametrize("alteration", ["changer_id", "signature", "autre_sel"])
def test_un_lien_altere_est_refuse(client, invitation, monde, alteration):
    autre = Invitation.objects.create(
        email="y@example.org", collectivite=monde.lyon, role="validateur"
    )
    if alteration == "changer_id":
        # Swap the id but keep the signature of the first invitation.
        jeton = f"{autre.pk}:" + invitation.jeton.split(":", 1)[1]
    elif alteration == "signature":
        jeton = invitation.jeton[:-2] + ("aa" if not invitation.jeton.endswith("aa") else "bb")
    else:
        jeton = signing.TimestampSigner(salt="autre").sign(str(autre.pk))
    client.force_login(monde.users["contributeur"])
    reponse = client.post(reverse("commitments:accepter_invitation", args=[jeton]))
    assert reponse.status_code == 400
    assert "pas valide" in reponse.content.decode()
    assert not Membre.objects.filter(
        collectivite=monde.lyon, user=monde.users["contributeur"]
    ).exists()


def test_inviter_par_l_admin_wagtail(client, monde):
    client.force_login(monde.users["validateur"])
    reponse = client.post(
        reverse("commitments_inviter"),
        {"collectivite": monde.paris.pk, "email": "z@example.org", "role": "lecteur"},
    )
    assert reponse.status_code == 302
    assert Invitation.objects.get().email == "z@example.org"
    # Editing the collectivity id in the form: Lyon is not among the validator's choices.
    reponse = client.post(
        reverse("commitments_inviter"),
        {"collectivite": monde.lyon.pk, "email": "w@example.org", "role": "lecteur"},
    )
    assert reponse.status_code == 200
    assert not Invitation.objects.filter(collectivite=monde.lyon).exists()
