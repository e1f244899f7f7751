from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.models.engagement import EngagementPage
from manifeste.models import Ambition


class HomePage(Page):
    """The site's root: the manifesto at a glance, its 3 ambitions and 9 engagements."""

    chapo = models.TextField(_("chapô"), blank=True)
    corps = RichTextField(_("texte"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("chapo"), FieldPanel("corps")]
    max_count = 1

    class Meta:
        verbose_name = _("page d'accueil")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["ambitions"] = Ambition.objects.filter(
            referentiel__est_courant=True
        ).prefetch_related("engagements")
        context["pages_engagements"] = {
            p.engagement_id: p.get_url(request) for p in EngagementPage.objects.live()
        }
        return context
