"""An invitation by email to join a collectivity with a role (the links: ../invitations.py)."""

from django.conf import settings
from django.core import signing
from django.db import models
from django.utils.translation import gettext_lazy

from acces.roles import Role
from manifeste.models import Collectivite

SALT = "commitments.invitation"


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
