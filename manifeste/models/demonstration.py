from django.db import models
from django.utils.translation import gettext_lazy as _


class Demonstration(models.Model):
    """Present only in a database the demo command filled: its data are made up, and every
    public page says so. A row, not a setting, so a production database never shows it."""

    chargee_le = models.DateTimeField(_("chargée le"), auto_now=True)

    class Meta:
        verbose_name = _("données de démonstration")
        verbose_name_plural = _("données de démonstration")

    def __str__(self):
        return _("Données de démonstration chargées le %(date)s") % {"date": self.chargee_le}
