from django.http import Http404
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.documents import get_document_model
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from acces.permissions import a_action_nationale, collectivites_pour
from acces.roles import Action
from manifeste.menus import MenuSiPermis

from . import admin_urls
from .documents import documents_caches_a, peut_lire_document
from .models import Campagne, Invitation, Membre, ProfilNational, Reouverture, Signature
from .panels import panneaux


@hooks.register("register_admin_urls")
def urls_espace():
    return [path("", include(admin_urls))]


@hooks.register("before_serve_document")
def preuves_privees(document, request):
    """A document is served only to those the permission layer lets read it (else 404: its
    existence is not disclosed)."""
    if not peut_lire_document(request.user, document):
        raise Http404
    return None


class PolitiqueDocuments(CollectionOwnershipPermissionPolicy):
    """Wagtail's library and chooser list, and let edit, only documents the user may read."""

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        return instances.exclude(pk__in=documents_caches_a(user))

    def user_has_permission_for_instance(self, user, action, instance):
        return peut_lire_document(user, instance) and super().user_has_permission_for_instance(
            user, action, instance
        )


# For the exact class: it then wins over the policy wagtail.documents registers in its ready(),
# whichever runs first.
register_permission_policy(
    get_document_model(),
    PolitiqueDocuments(
        get_document_model(), auth_model="wagtaildocs.Document", owner_field_name="uploaded_by_user"
    ),
    exact_class=True,
)


@hooks.register("register_admin_menu_item")
def menu_mes_collectivites():
    return MenuSiPermis(
        _("Mes collectivités"),
        reverse("commitments_mes_collectivites"),
        icon_name="home",
        order=100,
        condition=lambda user: user.adhesions.exists(),
    )


@hooks.register("register_admin_menu_item")
def menu_signataires():
    return MenuSiPermis(
        _("Signataires"),
        reverse("commitments_signataires"),
        icon_name="table",
        order=110,
        condition=lambda user: a_action_nationale(user, Action.VOIR),
    )


@hooks.register("register_admin_menu_item")
def menu_inviter():
    return MenuSiPermis(
        _("Inviter"),
        reverse("commitments_inviter"),
        icon_name="user",
        order=120,
        condition=lambda user: collectivites_pour(user, Action.INVITER).exists(),
    )


class CampagneViewSet(SnippetViewSet):
    model = Campagne
    icon = "date"
    list_display = ["annee", "date_ouverture", "date_cloture"]


class SignatureViewSet(SnippetViewSet):
    model = Signature
    icon = "edit"
    list_display = ["collectivite", "date_signature", "elu_signataire"]


class MembreViewSet(SnippetViewSet):
    model = Membre
    icon = "group"
    list_display = ["user", "collectivite", "role"]
    list_filter = ["role"]


class ProfilNationalViewSet(SnippetViewSet):
    model = ProfilNational
    icon = "user"
    list_display = ["user", "role"]


class ReouvertureViewSet(SnippetViewSet):
    model = Reouverture
    icon = "lock-open"
    list_display = ["campagne", "collectivite", "jusqu_au", "par"]


class InvitationViewSet(SnippetViewSet):
    model = Invitation
    icon = "mail"
    list_display = ["email", "collectivite", "role", "cree_le", "acceptee_le"]


class ManifesteGroup(SnippetViewSetGroup):
    """Campaigns, signatures, members: managed by national administrators."""

    menu_label = _("Manifeste")
    menu_icon = "doc-full"
    menu_order = 250
    items = (
        CampagneViewSet,
        SignatureViewSet,
        MembreViewSet,
        ProfilNationalViewSet,
        ReouvertureViewSet,
        InvitationViewSet,
    )


register_snippet(ManifesteGroup)


@hooks.register("construct_homepage_panels")
def panneaux_accueil(request, panels):
    """The officer's, validator's and national home comes before Wagtail's page panels."""
    panels[:0] = panneaux(request.user)


# Wagtail's own help (release notes and editor guide, in English) gives way to the campaign's.
AIDE_WAGTAIL = ("editor-guide", "whats-new-in-wagtail-")


@hooks.register("register_help_menu_item")
def menu_aide():
    return MenuItem(
        _("Guide de la campagne"), reverse("commitments_aide"), icon_name="help", order=900
    )


@hooks.register("construct_help_menu")
def sans_aide_wagtail(request, menu_items):
    menu_items[:] = [item for item in menu_items if not item.name.startswith(AIDE_WAGTAIL)]
