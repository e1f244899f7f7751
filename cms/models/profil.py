"""Collectivity profiles, reachable by slug, INSEE code or SIREN, and their side-by-side comparison."""

from dataclasses import dataclass

from django import forms
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from commitments.evaluation import Evaluation
from indicators.models import Valeur
from manifeste.models import Collectivite, Engagement
from manifeste.models.collectivite import TypeCollectivite
from publication import report
from publication.cache import DUREE, cle_fragment, en_cache
from publication.filters import ChoixAnnee

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


@dataclass
class Profil:
    """What a profile shows of the published data, cached until the next publication."""

    annee_evaluations: int | None
    engagements: list  # report.LigneEngagement
    annee_indicateurs: int | None
    indicateurs: list  # report.LigneIndicateur, with the peer comparison

    @property
    def ambitions(self):
        return report.par_ambition(self.engagements)

    @property
    def comparaisons(self):
        return report.avec_pairs(self.indicateurs)

    @property
    def annee_rapport(self):
        """The latest year with anything published: the printed report to offer."""
        return max(filter(None, (self.annee_evaluations, self.annee_indicateurs)), default=None)


def avec_dernieres_annees(collectivites):
    """Annotate each collectivity with its latest year of published assessments and values."""
    evaluations = Evaluation.objects.publiees().filter(collectivite=OuterRef("pk"))
    valeurs = Valeur.objects.publiees().filter(collectivite=OuterRef("pk"))
    return collectivites.annotate(
        annee_evaluations=Subquery(
            evaluations.order_by("-campagne__annee").values("campagne__annee")[:1]
        ),
        annee_indicateurs=Subquery(valeurs.order_by("-annee").values("annee")[:1]),
    )


def derniere_annee(collectivite):
    """The latest year the collectivity (annotated by `avec_dernieres_annees`) published
    anything for, or None."""
    return max(
        filter(None, (collectivite.annee_evaluations, collectivite.annee_indicateurs)), default=None
    )


def annee_comparaison(collectivites):
    """The year a comparison shows by default: the latest any of `collectivites` (annotated by
    `avec_dernieres_annees`) published anything for, or None."""
    return max(filter(None, map(derniere_annee, collectivites)), default=None)


def profil_publie(collectivite, annee=None):
    """The published data of a collectivity annotated by `avec_dernieres_annees`: every part
    of `annee`, or (no year) each part at its own latest year. Cached under
    the dashboards' version, which every publication bumps; keyed by language too, since
    labels are translated."""
    ans = (
        (annee, annee)
        if annee
        else (collectivite.annee_evaluations, collectivite.annee_indicateurs)
    )
    return en_cache(
        "profil",
        collectivite.pk,
        *ans,
        get_language(),
        calculer=lambda: Profil(
            ans[0],
            report.engagements_publies(collectivite, ans[0]),
            ans[1],
            [] if ans[1] is None else report.indicateurs_publies(collectivite, ans[1]),
        ),
    )


@dataclass
class Comparaison:
    """The side-by-side table: every collectivity's published data of one year."""

    annee: int | None
    profils: list  # Profil, one per collectivity, in the chosen order
    engagements: list  # [(LigneEngagement of the first, [LigneEngagement per collectivity])]
    indicateurs: list  # [(LigneIndicateur, [LigneIndicateur or None per collectivity])]


def comparer_profils(collectivites, annee=None):
    """`collectivites` (annotated by `avec_dernieres_annees`) side by side in `annee` (default:
    annee_comparaison), never a figure of another year; profiles come from the cache."""
    annee = annee or annee_comparaison(collectivites)
    profils = [profil_publie(c, annee) for c in collectivites] if annee else []
    par_code = [{ligne.code: ligne for ligne in p.indicateurs} for p in profils]
    codes = sorted(set().union(*par_code))
    return Comparaison(
        annee,
        profils,
        [
            (lignes[0], list(lignes))
            for lignes in zip(*(p.engagements for p in profils), strict=True)
        ],
        [
            (next(d[code] for d in par_code if code in d), [d.get(code) for d in par_code])
            for code in codes
        ],
    )


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
