"""Invitations by email: a signed link that expires, accepted once, creating the membership."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from acces.permissions import peut
from acces.roles import Action, Role, retire_des_droits
from manifeste import courriels

from .models import Invitation, Membre
from .models.invitation import SALT

# How long a link stays valid; a setting so a deployment may shorten it.
DUREE = getattr(settings, "COMMITMENTS_INVITATION_DUREE", timedelta(days=7))


class InvitationRefusee(Exception):
    pass


class NomUtilisateurPris(InvitationRefusee):
    pass


@transaction.atomic
def inviter(par, collectivite, email, role, base_url=None):
    """Record the invitation and email the link (by a task, if the record commits); only those
    who may invite on `collectivite`."""
    if not peut(par, collectivite, Action.INVITER):
        raise InvitationRefusee(_("Vous ne pouvez pas inviter dans cette collectivité."))
    invitation = Invitation.objects.create(
        email=email, collectivite=collectivite, role=Role(role), invite_par=par
    )
    lien = (base_url or settings.WAGTAILADMIN_BASE_URL).rstrip("/") + reverse(
        "commitments:accepter_invitation", args=[invitation.jeton]
    )
    courriels.programmer(
        _("Invitation : %(collectivite)s") % {"collectivite": collectivite.nom},
        _(
            "%(qui)s vous invite à rejoindre %(collectivite)s comme %(role)s sur Territoires numériques responsables.\n\n"
            "Ce lien est valable %(jours)s jours et ne sert qu'une fois :\n%(lien)s\n"
        )
        % {
            "qui": par.get_full_name() or par.get_username(),
            "collectivite": collectivite.nom,
            "role": invitation.get_role_display().lower(),
            "jours": DUREE.days,
            "lien": lien,
        },
        [email],
    )
    return invitation


def invitation_valide(jeton, maintenant=None):
    """The pending invitation behind `jeton`, or InvitationRefusee (expired, tampered, used)."""
    try:
        pk = signing.Signer(salt=SALT).unsign(jeton)
    except signing.BadSignature as exc:
        raise InvitationRefusee(_("Ce lien d'invitation n'est pas valide.")) from exc
    invitation = Invitation.objects.select_related("collectivite").filter(pk=pk).first()
    if invitation is None:
        raise InvitationRefusee(_("Ce lien d'invitation n'est pas valide."))
    if (maintenant or timezone.now()) - invitation.cree_le > DUREE:
        raise InvitationRefusee(
            _("Ce lien d'invitation a expiré ; demandez une nouvelle invitation.")
        )
    if invitation.acceptee_le is not None:
        raise InvitationRefusee(_("Cette invitation a déjà été acceptée."))
    return invitation


def meme_adresse(email, invitation):
    """The invitation is for the account holding its address.

    An address counts as verified because no one sets their own: an administrator gives it, or
    the account is created from the link sent to it (`creer_compte`), and the account settings
    do not let users change it (WAGTAIL_EMAIL_MANAGEMENT_ENABLED is off).
    """
    return bool(email) and email.strip().casefold() == invitation.email.strip().casefold()


def verifier_destinataire(user, invitation):
    if not meme_adresse(user.email, invitation):
        raise InvitationRefusee(
            _(
                "Cette invitation est adressée à %(email)s : connectez-vous avec le compte de "
                "cette adresse, ou déconnectez-vous pour en créer un."
            )
            % {"email": invitation.email}
        )


def compte_existant(invitation):
    User = get_user_model()
    return User.objects.filter(email__iexact=invitation.email.strip()).exists()


def role_abaisse(user, invitation):
    """The member's current role here when accepting would take rights away, else None."""
    membre = Membre.objects.filter(user=user, collectivite=invitation.collectivite).first()
    if membre is not None and retire_des_droits(membre.role, invitation.role):
        return Role(membre.role)
    return None


def _reserver(jeton):
    """Take the invitation for this transaction: of two simultaneous requests, one gets it.

    A conditional UPDATE is the first write, so the database serialises the two (a row lock on
    PostgreSQL, the write lock on SQLite) and the second finds it taken.
    """
    invitation = invitation_valide(jeton)
    pris = Invitation.objects.filter(pk=invitation.pk, acceptee_le__isnull=True).update(
        acceptee_le=timezone.now()
    )
    if not pris:
        raise InvitationRefusee(_("Cette invitation a déjà été acceptée."))
    return invitation


@transaction.atomic
def accepter(jeton, user, abaisser=False):
    """Create or change the membership of `user`, whose address must be the invited one.

    A role is never lowered unless `abaisser`: the member then keeps the higher one.
    """
    invitation = _reserver(jeton)
    verifier_destinataire(user, invitation)
    membre = Membre.objects.filter(user=user, collectivite=invitation.collectivite).first()
    if membre is None:
        membre = Membre.objects.create(
            user=user, collectivite=invitation.collectivite, role=invitation.role
        )
    elif abaisser or not retire_des_droits(membre.role, invitation.role):
        membre.role = invitation.role
        membre.save(update_fields=["role"])
    Invitation.objects.filter(pk=invitation.pk).update(acceptee_par=user)
    donner_acces_admin(user)
    return membre


@transaction.atomic
def creer_compte(jeton, form):
    """The account and its membership from the link, together or not at all.

    `form` is a valid account form; the address is the invited one, not typed.
    """
    invitation = _reserver(jeton)
    if compte_existant(invitation):
        raise InvitationRefusee(
            _("Un compte existe déjà pour %(email)s : connectez-vous pour accepter.")
            % {"email": invitation.email}
        )
    user = form.save(commit=False)
    user.email = invitation.email
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # the same user name, taken a moment ago
        raise NomUtilisateurPris(
            _("Le nom d'utilisateur « %(nom)s » vient d'être pris : choisissez-en un autre.")
            % {"nom": user.get_username()}
        ) from exc
    Membre.objects.create(user=user, collectivite=invitation.collectivite, role=invitation.role)
    Invitation.objects.filter(pk=invitation.pk).update(acceptee_par=user)
    donner_acces_admin(user)
    return user


def donner_acces_admin(user):
    """Members work in the Wagtail admin: give them the access permission through a group."""
    from django.contrib.auth.models import Group, Permission

    groupe, created = Group.objects.get_or_create(name="Membres des collectivités")
    if created:
        groupe.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
    user.groups.add(groupe)
