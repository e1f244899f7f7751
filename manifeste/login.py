"""Throttling of the admin's doors: login lockout (django-axes) and password reset e-mails,
which a task sends (manifeste.courriels): a slow mail server neither holds the request nor
tells, by its delay, that the account exists."""

import hashlib
import logging

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from wagtail.admin.forms.auth import PasswordResetForm
from wagtail.admin.views.account import PasswordResetView

from manifeste import courriels
from manifeste.throttling import UNE_HEURE, adresse_client, compter

logger = logging.getLogger(__name__)


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


class FormulaireReinitialisation(PasswordResetForm):
    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        sujet = "".join(render_to_string(subject_template_name, context).splitlines())
        courriels.programmer(sujet, render_to_string(email_template_name, context), [to_email])


class ReinitialisationLimitee(PasswordResetView):
    """Wagtail's password reset, with so many e-mails an hour per address and per account.

    Over a limit nothing is sent, and the answer is the usual « check your inbox » page: it
    tells neither whether the account exists nor that a limit was hit (a 429 would say both)."""

    def get_form_class(self):
        return FormulaireReinitialisation

    def form_valid(self, form):
        if self._trop_de_demandes(form.cleaned_data["email"]):
            logger.warning("Password reset over the limit from %s", adresse_client(self.request))
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)

    def _trop_de_demandes(self, email):
        # Both counted on every request, so that neither limit can be dodged by hitting the other.
        par_adresse = compter(f"reinitialisation:adresse:{adresse_client(self.request)}", UNE_HEURE)
        par_compte = compter(f"reinitialisation:compte:{_empreinte(email)}", UNE_HEURE)
        return (
            par_adresse > settings.REINITIALISATIONS_PAR_ADRESSE
            or par_compte > settings.REINITIALISATIONS_PAR_COMPTE
        )


def _empreinte(email):
    # Hashed: no address in the cache's keys; case-folded as the form looks accounts up.
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()
