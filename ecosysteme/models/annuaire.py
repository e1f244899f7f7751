"""The public directory page: the filtered list of actors, one page per actor and the
suggestion form, as routes of one page. The list and the form are served by views.py, which gets
the page as an argument and never imports this module (it knows the actors, models/acteurs.py)."""

from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from .acteurs import Acteur


class AnnuairePage(RoutablePageMixin, Page):
    """The public directory: filtered list, one page per actor, the suggestion form."""

    show_in_menus_default = True

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("annuaire des acteurs")
        db_table = "cms_annuairepage"

    @path("")
    def liste(self, request):
        from ecosysteme import views  # when serving: the forms' querysets need the apps loaded

        return views.liste(self, request)

    @path("acteur/<slug:slug>/", name="acteur")
    def acteur(self, request, slug):
        acteur = Acteur.objects.publies().filter(slug=slug).first()
        if acteur is None:
            raise Http404
        return self.render(
            request,
            context_overrides={"acteur": acteur},
            template="ecosysteme/acteur.html",
        )

    @path("proposer/", name="proposer")
    def proposer(self, request):
        from ecosysteme import views

        return views.proposer(self, request)

    @path("proposer/merci/", name="merci")
    def merci(self, request):
        return self.render(request, template="ecosysteme/acteur_merci.html")

    def url_acteur(self, acteur):
        return self.url + self.reverse_subpage("acteur", args=[acteur.slug])

    def url_proposer(self):
        return self.url + self.reverse_subpage("proposer")

    def redirection_merci(self):
        return redirect(self.url + self.reverse_subpage("merci"))


def url_acteur(acteur, annuaire=None):
    """The actor's page in the directory; pass the directory page when listing many actors."""
    annuaire = annuaire or AnnuairePage.objects.live().first()
    return annuaire.url_acteur(acteur) if annuaire else None
