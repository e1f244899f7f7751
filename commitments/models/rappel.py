"""A reminder sent: each (campaign, collectivity, person, delay) once (the sending: ../rappels.py)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from manifeste.models import Collectivite

from .participation import Campagne


class Rappel(models.Model):
    campagne = models.ForeignKey(
        Campagne, on_delete=models.CASCADE, related_name="+", verbose_name=gettext_lazy("campagne")
    )
    collectivite = models.ForeignKey(
        Collectivite,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=gettext_lazy("collectivité"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=gettext_lazy("destinataire"),
    )
    delai = models.PositiveSmallIntegerField(gettext_lazy("jours avant la clôture"))
    envoye_le = models.DateTimeField(gettext_lazy("envoyé le"), default=timezone.now)

    class Meta:
        verbose_name = gettext_lazy("rappel")
        verbose_name_plural = gettext_lazy("rappels")
        constraints = [
            models.UniqueConstraint(
                fields=["campagne", "collectivite", "user", "delai"], name="un_rappel_par_delai"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.collectivite} (J-{self.delai})"
