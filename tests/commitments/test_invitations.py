"""Invitations: a signed link that expires, works once, and creates the membership."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.urls import reverse

from commitments import invitations
from commitments.invitations import InvitationRefusee
from commitments.models import Invitation, Membre
from commitments.views.invitations import CompteForm


@pytest.fixture
def invitation(monde, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # its e-mail goes once it commits
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


def inviter(monde, email, role, collectivite=None):
    return invitations.inviter(monde.users["validateur"], collectivite or monde.paris, email, role)


def test_un_utilisateur_connecte_accepte_sans_nouveau_compte(client, monde):
    # Lyon's validator, invited at its own address (the case differs: an address is not).
    invitation = inviter(monde, "Contrib-Lyon@Example.org", "contributeur")
    client.force_login(monde.users["autre"])
    client.post(lien(invitation))
    assert Membre.objects.get(user=monde.users["autre"], collectivite=monde.paris).role == (
        "contributeur"
    )


def test_un_autre_compte_que_le_destinataire_est_refuse(client, invitation, monde):
    # contrib-lyon holds a link sent to nouvelle@example.org.
    client.force_login(monde.users["autre"])
    for reponse in (client.get(lien(invitation)), client.post(lien(invitation))):
        assert reponse.status_code == 400
        assert "adressée à nouvelle@example.org" in reponse.content.decode()
    assert not Membre.objects.filter(user=monde.users["autre"], collectivite=monde.paris).exists()
    invitation.refresh_from_db()
    assert invitation.acceptee_le is None  # still usable by its addressee


def test_le_compte_cree_prend_l_adresse_invitee(client, invitation):
    client.post(
        lien(invitation),
        {
            "username": "nouvelle",
            "email": "pirate@example.org",
            "password1": "Tr3s-l0ng-secret",
            "password2": "Tr3s-l0ng-secret",
        },
    )
    assert Membre.objects.get(user__username="nouvelle").user.email == "nouvelle@example.org"


def test_une_adresse_qui_a_deja_un_compte_se_connecte(client, monde):
    invitation = inviter(monde, "contrib-lyon@example.org", "lecteur")
    reponse = client.get(lien(invitation))
    assert "Un compte existe déjà pour contrib-lyon@example.org" in reponse.content.decode()
    client.post(
        lien(invitation),
        {"username": "double", "password1": "Tr3s-l0ng-secret", "password2": "Tr3s-l0ng-secret"},
    )
    assert not Membre.objects.filter(user__username="double").exists()
    assert not get_user_model().objects.filter(username="double").exists()


@pytest.mark.parametrize(("abaisser", "role"), [(False, "validateur"), (True, "lecteur")])
def test_accepter_un_role_plus_bas_demande_un_choix(client, monde, abaisser, role):
    invitation = inviter(monde, "validateur@example.org", "lecteur")
    client.force_login(monde.users["validateur"])
    page = client.get(lien(invitation)).content.decode()
    assert "Vous êtes déjà validateur de cette collectivité" in page
    client.post(lien(invitation), {"abaisser": "on"} if abaisser else {})
    assert Membre.objects.get(user=monde.users["validateur"], collectivite=monde.paris).role == role


def test_accepter_un_role_plus_haut_ne_demande_rien(client, monde):
    invitation = inviter(monde, "lecteur@example.org", "contributeur")
    client.force_login(monde.users["lecteur"])
    assert "Vous êtes déjà" not in client.get(lien(invitation)).content.decode()
    client.post(lien(invitation))
    assert Membre.objects.get(user=monde.users["lecteur"]).role == "contributeur"


def test_deux_creations_simultanees_un_seul_compte(invitation, monkeypatch):
    # The second request read the invitation before the first one accepted it.
    lue_avant = Invitation.objects.get(pk=invitation.pk)
    jeton = invitation.jeton
    invitations.creer_compte(jeton, compte("nouvelle"))
    monkeypatch.setattr(invitations, "invitation_valide", lambda _jeton: lue_avant)
    with pytest.raises(InvitationRefusee, match="déjà été acceptée"):
        invitations.creer_compte(jeton, compte("nouvelle2"))
    (seul,) = get_user_model().objects.filter(username__startswith="nouvelle")
    assert seul.username == "nouvelle"
    assert list(seul.adhesions.values_list("collectivite", "role")) == [
        (invitation.collectivite_id, "contributeur")
    ]


def compte(nom):
    form = CompteForm(
        {"username": nom, "password1": "Tr3s-l0ng-secret", "password2": "Tr3s-l0ng-secret"}
    )
    assert form.is_valid(), form.errors
    return form


def test_un_lien_expire_est_refuse(client, monde, monkeypatch):
    invitation = inviter(monde, "contrib-lyon@example.org", "contributeur")
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
