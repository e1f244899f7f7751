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

from acces.permissions import collectivites_pour
from acces.roles import Action, Role

from .. import invitations
from ..forms import ChoixRoleForm, InvitationForm


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
    """Only the invited address may accept: an account holding it, or one created for it."""
    try:
        invitation = invitations.invitation_valide(jeton)
    except invitations.InvitationRefusee as exc:
        return _refus(request, exc)
    user = request.user if request.user.is_authenticated else None
    if user is not None and not invitations.meme_adresse(user.email, invitation):
        return _refus(request, invitations.InvitationRefusee(_autre_compte(invitation)), True)
    if user is None and invitations.compte_existant(invitation):
        return _page(request, invitation, None, compte_existant=True)
    donnees = request.POST if request.method == "POST" else None
    form = CompteForm(donnees) if user is None else None
    choix = ChoixRoleForm(donnees)
    role_actuel = invitations.role_abaisse(user, invitation) if user is not None else None
    if request.method == "POST":
        try:
            if user is None:
                if not form.is_valid():
                    return _page(request, invitation, form)
                user = invitations.creer_compte(jeton, form)
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                membre = user.adhesions.get(collectivite=invitation.collectivite)
            else:
                choix.is_valid()
                abaisser = choix.cleaned_data.get("abaisser", False)
                membre = invitations.accepter(jeton, user, abaisser=abaisser)
        except invitations.NomUtilisateurPris as exc:
            form.add_error("username", str(exc))
            return _page(request, invitation, form)
        except invitations.InvitationRefusee as exc:
            return _refus(request, exc)
        messages.success(
            request,
            _("Bienvenue ! Vous êtes %(role)s de %(c)s.")
            % {"role": membre.get_role_display().lower(), "c": invitation.collectivite.nom},
        )
        return redirect(reverse("commitments_mes_collectivites"))
    return _page(request, invitation, form, role_actuel=role_actuel, choix=choix)


def _autre_compte(invitation):
    return _(
        "Cette invitation est adressée à %(email)s ; vous êtes connecté avec un autre compte. "
        "Déconnectez-vous, puis rouvrez ce lien."
    ) % {"email": invitation.email}


def _refus(request, exc, deconnexion=False):
    return TemplateResponse(
        request,
        "commitments/invitation_refusee.html",
        {"raison": str(exc), "deconnexion": deconnexion},
        status=400,
    )


def _page(request, invitation, form: forms.Form | None, **contexte):
    return TemplateResponse(
        request,
        "commitments/invitation.html",
        {"invitation": invitation, "form": form, **contexte},
    )
