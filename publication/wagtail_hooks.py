"""The admin says when publications are on their way to the public pages (static/js/diffusion.js)."""

from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def bandeau_diffusion():
    return format_html(
        '<script src="{}" defer data-url="{}" data-en-cours="{}" data-a-jour="{}"></script>',
        static("js/diffusion.js"),
        reverse("diffusion-etat"),
        _("Publication en cours de diffusion sur les pages publiques…"),
        _("Pages publiques à jour à %s."),
    )
