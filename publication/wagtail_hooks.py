"""The admin says when publications are on their way to the public pages (static/js/diffusion.js),
and offers the national administrator the editions."""

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks

from acces.permissions import a_action_nationale
from acces.roles import Action
from manifeste.menus import MenuSiPermis
from publication import admin_urls


@hooks.register("insert_global_admin_js")
def bandeau_diffusion():
    return format_html(
        '<script src="{}" defer data-url="{}" data-en-cours="{}" data-a-jour="{}"></script>',
        static("js/diffusion.js"),
        reverse("diffusion-etat"),
        _("Publication en cours de diffusion sur les pages publiques…"),
        _("Pages publiques à jour à %s."),
    )


@hooks.register("register_admin_urls")
def urls_editions():
    return [path("", include(admin_urls))]


@hooks.register("register_admin_menu_item")
def menu_editions():
    return MenuSiPermis(
        gettext_lazy("Éditions"),
        reverse("publication_editions"),
        icon_name="lock",
        order=115,
        condition=lambda user: a_action_nationale(user, Action.ADMINISTRER),
    )
