"""Inviting people (admin side) and accepting an invitation (public link)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import invitations
from ..forms import InvitationForm
from ..permissions import collectivites_pour
from ..roles import Action, Role


def inviter(request):
    collectivites = (
        collectivites_pour(request.user, Action.INVITER)
        .filter(signature__isnull=False)
        .order_by("nom")
    )
    if not collectivites.exists():
        raise PermissionDenied
    form = InvitationForm(
        request.POST or None,
        collectivites=collectivites,
        roles=Role.choices,
        initial={"collectivite": request.GET.get("collectivite")},
    )
    if request.method == "POST" and form.is_valid():
        invitation = invitations.inviter(
            request.user,
            form.cleaned_data["collectivite"],
            form.cleaned_data["email"],
            form.cleaned_data["role"],
            base_url=request.build_absolute_uri("/"),
        )
        messages.success(
            request, _("Invitation envoyée à %(email)s.") % {"email": invitation.email}
        )
        return redirect("commitments_inviter")
    return TemplateResponse(request, "commitments/inviter.html", {"form": form})


class CompteForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "first_name", "last_name"]


def accepter_invitation(request, jeton):
    try:
        invitation = invitations.invitation_valide(jeton)
    except invitations.InvitationRefusee as exc:
        return TemplateResponse(
            request, "commitments/invitation_refusee.html", {"raison": str(exc)}, status=400
        )
    form = None
    if request.method == "POST":
        if request.user.is_authenticated:
            user = request.user
        else:
            form = CompteForm(request.POST)
            if not form.is_valid():
                return _page(request, invitation, form)
            user = form.save(commit=False)
            user.email = invitation.email
            user.save()
        try:
            invitations.accepter(jeton, user)
        except invitations.InvitationRefusee as exc:
            return TemplateResponse(
                request, "commitments/invitation_refusee.html", {"raison": str(exc)}, status=400
            )
        if not request.user.is_authenticated:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Bienvenue ! Vous êtes membre de %(c)s.") % {"c": invitation.collectivite.nom},
        )
        return redirect(reverse("commitments_mes_collectivites"))
    if not request.user.is_authenticated:
        form = CompteForm()
    return _page(request, invitation, form)


def _page(request, invitation, form: forms.Form | None):
    return TemplateResponse(
        request, "commitments/invitation.html", {"invitation": invitation, "form": form}
    )
