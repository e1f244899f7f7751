"""Throttling of the admin's login (django-axes)."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class LimiteParParametre(AxesDatabaseHandler):
    """Axes with one limit per lockout parameter (LIMITES_CONNEXION): a user name and an address
    are each locked on their own count of failures."""

    def get_failures(self, request, credentials=None):
        # Axes locks when the largest count reaches AXES_FAILURE_LIMIT: each count is rescaled
        # so that it reaches that limit exactly when it reaches its own.
        plafond = settings.AXES_FAILURE_LIMIT
        comptes = zip(
            get_lockout_parameters(request, credentials),
            self.get_user_attempts(request, credentials),
            strict=True,
        )
        return max(
            (
                _echecs(tentatives) * plafond // settings.LIMITES_CONNEXION[parametre]
                for parametre, tentatives in comptes
            ),
            default=0,
        )

    def reset_user_attempts(self, request, credentials=None):
        # A success proves one user name's password: it must not wipe the failures the same
        # address made on other names, or one valid account would reset the per-address count.
        username = get_client_username(request, credentials)
        supprimees, _ = AccessAttempt.objects.filter(username=username).delete()
        return supprimees


def _echecs(tentatives):
    return tentatives.aggregate(n=Sum("failures_since_start"))["n"] or 0
