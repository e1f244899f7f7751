"""Invitations by email: a signed link that expires, accepted once, creating the membership."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from manifeste.models import Collectivite

from .models import Membre
from .permissions import peut
from .roles import Action, Role

SALT = "commitments.invitation"
# How long a link stays valid; a setting so a deployment may shorten it.
DUREE = getattr(settings, "COMMITMENTS_INVITATION_DUREE", timedelta(days=7))


class InvitationRefusee(Exception):
    pass


class Invitation(models.Model):
    email = models.EmailField(gettext_lazy("adresse électronique"))
    collectivite = models.ForeignKey(
        Collectivite,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=gettext_lazy("collectivité"),
    )
    role = models.CharField(gettext_lazy("rôle"), max_length=20, choices=Role.choices)
    invite_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=gettext_lazy("invité par"),
    )
    cree_le = models.DateTimeField(gettext_lazy("créée le"), auto_now_add=True)
    acceptee_le = models.DateTimeField(gettext_lazy("acceptée le"), null=True, blank=True)
    acceptee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("acceptée par"),
    )

    class Meta:
        verbose_name = gettext_lazy("invitation")
        verbose_name_plural = gettext_lazy("invitations")
        ordering = ["-cree_le"]

    def __str__(self):
        return f"{self.email} → {self.collectivite} ({self.get_role_display()})"

    @property
    def jeton(self):
        # Stable for a given invitation; its age is measured from `cree_le`, not from signing.
        return signing.Signer(salt=SALT).sign(str(self.pk))


def inviter(par, collectivite, email, role, base_url=None):
    """Record the invitation and email the link; only those who may invite on `collectivite`."""
    if not peut(par, collectivite, Action.INVITER):
        raise InvitationRefusee(_("Vous ne pouvez pas inviter dans cette collectivité."))
    invitation = Invitation.objects.create(
        email=email, collectivite=collectivite, role=Role(role), invite_par=par
    )
    lien = (base_url or settings.WAGTAILADMIN_BASE_URL).rstrip("/") + reverse(
        "commitments:accepter_invitation", args=[invitation.jeton]
    )
    send_mail(
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
        None,
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


@transaction.atomic
def accepter(jeton, user):
    """Create (or upgrade) the membership; the link cannot serve twice."""
    invitation = invitation_valide(jeton)
    # Lock the row so two simultaneous clicks cannot both accept.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.acceptee_le is not None:
        raise InvitationRefusee(_("Cette invitation a déjà été acceptée."))
    membre, _created = Membre.objects.update_or_create(
        user=user, collectivite=invitation.collectivite, defaults={"role": invitation.role}
    )
    invitation.acceptee_le = timezone.now()
    invitation.acceptee_par = user
    invitation.save(update_fields=["acceptee_le", "acceptee_par"])
    donner_acces_admin(user)
    return membre


def donner_acces_admin(user):
    """Members work in the Wagtail admin: give them the access permission through a group."""
    from django.contrib.auth.models import Group, Permission

    groupe, created = Group.objects.get_or_create(name="Membres des collectivités")
    if created:
        groupe.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
    user.groups.add(groupe)
