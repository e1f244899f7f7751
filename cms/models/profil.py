"""Collectivity profiles, reachable by slug, INSEE code or SIREN, and their side-by-side comparison."""

from django import forms
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from manifeste.models import Collectivite, Engagement
from manifeste.models.collectivite import TypeCollectivite
from publication.cache import DUREE, cle_fragment, en_cache
from publication.filters import ChoixAnnee
from publication.profiles import (
    avec_dernieres_annees,
    comparer_profils,
    derniere_annee,
    profil_publie,
)

COMPARAISON_MIN, COMPARAISON_MAX = 2, 6
RESULTATS_MAX = 50


class RechercheCollectivite(forms.Form):
    q = forms.CharField(
        label=_("Nom, code INSEE ou SIREN"), max_length=100, strip=True, required=False
    )


def rechercher(texte, limite=RESULTATS_MAX):
    """Active collectivities by exact code (INSEE or SIREN) or by words of their name."""
    texte = (texte or "").strip()
    if not texte:
        return Collectivite.objects.none()
    qs = Collectivite.objects.actives().select_related("departement")
    if texte.isdigit() or (len(texte) <= 5 and texte[:2].upper() in {"2A", "2B"}):
        return qs.filter(Q(code_insee__iexact=texte) | Q(siren=texte)).order_by("type")[:limite]
    for mot in texte.split():
        qs = qs.filter(nom__icontains=mot)
    # Larger first: "Lyon" should find the city before Lyons-la-Forêt.
    return qs.order_by(models.F("population").desc(nulls_last=True), "nom")[:limite]


def slugs_demandes(request):
    """The `c` parameters, in order, without duplicates."""
    return list(dict.fromkeys(s for s in request.GET.getlist("c") if s))


def pages_engagements(request):
    """{engagement code: URL of its live page}, cached until a page changes (publication.signals).
    Through the reverse relation: engagement.py imports this module."""
    return en_cache(
        "pages_engagements",
        request.get_host(),
        get_language(),
        calculer=lambda: {
            e.code: e.page.get_url(request)
            for e in Engagement.objects.filter(page__live=True)
            .select_related("page")
            .defer("page__corps")
        },
    )


class CollectivitesPage(RoutablePageMixin, Page):
    """Search, profiles and comparison of collectivities (one instance, e.g. /collectivites/)."""

    show_in_menus_default = True

    chapo = models.TextField(_("chapô"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("chapo")]
    max_count = 1
    subpage_types = []
    template = "cms/collectivites_page.html"

    class Meta:
        verbose_name = _("collectivités (recherche, profils, comparaison)")

    def url_profil(self, collectivite):
        return self.url + self.reverse_subpage("profil", args=[collectivite.slug])

    # Routes are tried in this order; slugs always end with a code, so never clash with these.
    @path("")
    def recherche(self, request):
        formulaire = RechercheCollectivite(request.GET or None)
        resultats = rechercher(formulaire.cleaned_data["q"]) if formulaire.is_valid() else None
        return self.render(
            request,
            context_overrides={"formulaire": formulaire, "resultats": resultats},
        )

    @path("insee/<str:code>/", name="par_insee")
    def par_insee(self, request, code):
        type_ = request.GET.get("type") or None
        candidats = list(Collectivite.objects.actives().par_identifiant(code, type_))
        if len(candidats) == 1:
            return redirect(self.url_profil(candidats[0]))
        if not candidats:
            raise Http404(_t("Aucune collectivité n'a ce code INSEE."))
        # A code shared by levels (75 = Paris département and Nouvelle-Aquitaine région): ask.
        return self.render(
            request,
            context_overrides={"candidats": candidats, "code": code},
            template="cms/collectivite_choix.html",
        )

    @path("siren/<str:siren>/", name="par_siren")
    def par_siren(self, request, siren):
        if not (len(siren) == 9 and siren.isdigit()):
            raise Http404(_t("Un SIREN compte 9 chiffres."))
        collectivite = Collectivite.objects.actives().filter(siren=siren).first()
        if collectivite is None:
            raise Http404(_t("Aucune collectivité n'a ce SIREN."))
        return redirect(self.url_profil(collectivite))

    @path("comparer/", name="comparer")
    def comparer(self, request):
        slugs = slugs_demandes(request)
        formulaire = ChoixAnnee.depuis_requete(request)
        annee_choisie = formulaire.filtres().get("annee")
        ajout = RechercheCollectivite({"q": request.GET.get("ajouter", "")})
        if ajout.is_valid() and ajout.cleaned_data["q"] and len(slugs) < COMPARAISON_MAX:
            trouvee = rechercher(ajout.cleaned_data["q"], limite=1)
            if trouvee:
                query = "&".join(f"c={s}" for s in [*slugs, trouvee[0].slug])
                if annee_choisie:
                    query += f"&annee={annee_choisie}"
                return redirect(f"{self.url}{self.reverse_subpage('comparer')}?{query}")
        collectivites = {
            c.slug: c
            for c in avec_dernieres_annees(Collectivite.objects.actives())
            .filter(slug__in=slugs)
            .select_related("region", "departement", "epci", "signature")
        }
        inconnues = [s for s in slugs if s not in collectivites]
        choisies = [collectivites[s] for s in slugs if s in collectivites]
        erreur = ""
        if inconnues:
            erreur = _t("Collectivités introuvables : %(s)s.") % {"s": ", ".join(inconnues)}
        elif not COMPARAISON_MIN <= len(choisies) <= COMPARAISON_MAX:
            erreur = _t("Choisissez de %(min)s à %(max)s collectivités à comparer.") % {
                "min": COMPARAISON_MIN,
                "max": COMPARAISON_MAX,
            }
        comparaison = comparer_profils(choisies, annee_choisie)
        reponse = self.render(
            request,
            context_overrides={
                "collectivites": choisies,
                "erreur": erreur,
                "ajout": ajout,
                "peut_ajouter": len(choisies) < COMPARAISON_MAX,
                "comparaison": comparaison,
                "formulaire": formulaire,
                "annee": comparaison.annee,
                "annee_choisie": annee_choisie,
                # The year form keeps the compared collectivities.
                "champs_caches": [("c", c.slug) for c in choisies],
                "pages_engagements": pages_engagements(request),
                "comparaison_min": COMPARAISON_MIN,
                "comparaison_max": COMPARAISON_MAX,
            },
            template="cms/collectivites_comparer.html",
        )
        if erreur and slugs:
            reponse.status_code = 400 if not inconnues else 404
        return reponse

    @path("<slug:slug>/", name="profil")
    def profil(self, request, slug):
        collectivite = (
            avec_dernieres_annees(Collectivite.objects.actives())
            .select_related("region", "departement", "epci", "signature")
            .filter(slug=slug)
            .first()
        )
        if collectivite is None:
            raise Http404(_t("Aucune collectivité à cette adresse."))
        communes = (
            collectivite.communes.filter(active=True).count()
            if collectivite.type == TypeCollectivite.EPCI
            else None
        )
        formulaire = ChoixAnnee.depuis_requete(request)
        annee = formulaire.filtres().get("annee") or derniere_annee(collectivite)
        return self.render(
            request,
            context_overrides={
                "collectivite": collectivite,
                "signature": getattr(collectivite, "signature", None),
                "nb_communes": communes,
                "a_des_donnees": derniere_annee(collectivite) is not None,
                "formulaire": formulaire,
                "annee": annee,
                # Rendered from the cache, the fragment that shows them needs neither.
                "cle_fragment": cle_fragment(
                    "profil", collectivite.pk, hasattr(collectivite, "signature"), annee
                ),
                "duree_cache": DUREE,
                "profil": SimpleLazyObject(lambda: profil_publie(collectivite, annee)),
                "pages_engagements": SimpleLazyObject(lambda: pages_engagements(request)),
                "has_charts": False,  # trends and peers are tables: no plotly on this page
            },
            template="cms/collectivite_profil.html",
        )
