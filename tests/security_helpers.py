"""Seed of the permission walk: two signatories whose drafts carry unique markers, and every URL
of the project reversed with their real identifiers.

Collectivity A is Paris (commune), B the Métropole de Lyon (EPCI), as in the demo data. Every
unpublished assessment and indicator value of each gets a marker word in its text fields and a
marker number in its figures; a response leaks a draft if it contains one of them.
"""

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import NoReverseMatch, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from wagtail.models import Page

from commitments.models import (
    ActionEvaluation,
    Campagne,
    Evaluation,
    Membre,
    Preuve,
    Signature,
    TransitionEvaluation,
)
from commitments.workflow import EtatPublication
from indicators.models import Valeur
from manifeste.exports import datasets
from manifeste.loaders.referentiel import charger_referentiel
from manifeste.loaders.territoires import charger_territoires
from manifeste.models import Collectivite
from tests.url_walker import _named_patterns, _samples

# Long enough never to occur by chance in a token, a hash or compressed bytes.
MARQUEURS = {"A": "ZqxaBrouillonSecret", "B": "ZqxbBrouillonSecret"}
NOMBRES = {"A": 8642097, "B": 7531864}


@dataclass
class Signataire:
    cle: str  # "A" or "B"
    collectivite: Collectivite
    evaluations: list = field(default_factory=list)  # unpublished ones
    valeurs: list = field(default_factory=list)  # unpublished ones

    @property
    def marqueur(self):
        return MARQUEURS[self.cle]

    @property
    def nombre(self):
        return NOMBRES[self.cle]


@dataclass
class Monde:
    a: Signataire
    b: Signataire
    campagne: Campagne  # the open campaign, with drafts
    annee_valeurs: int  # the year of draft indicator values
    users: dict  # visitor name -> user (None for anonymous)

    @property
    def signataires(self):
        return (self.a, self.b)


def _marquer(signataire, contributeur):
    m, n = signataire.marqueur, signataire.nombre
    brouillons = Evaluation.objects.filter(collectivite=signataire.collectivite).exclude(
        etat_publication=EtatPublication.PUBLIE
    )
    for evaluation in brouillons:
        evaluation.narratif = f"<p>{m} narratif {evaluation.pk}</p>"
        evaluation.justification = f"{m} justification"
        evaluation.revu_commentaire = f"{m} revue"
        evaluation.save()
        ActionEvaluation.objects.create(evaluation=evaluation, titre=f"{m} action")
        Preuve.objects.create(
            evaluation=evaluation, libelle=f"{m} preuve", url=f"https://example.org/{m}/preuve"
        )
        TransitionEvaluation.objects.create(
            evaluation=evaluation,
            de=EtatPublication.BROUILLON,
            vers=evaluation.etat_publication,
            par=contributeur,
            commentaire=f"{m} commentaire de transition",
        )
        signataire.evaluations.append(evaluation)
    valeurs = Valeur.objects.reelles().filter(collectivite=signataire.collectivite)
    for valeur in valeurs.exclude(etat=EtatPublication.PUBLIE).select_related("indicateur"):
        valeur.commentaire = f"{m} commentaire"
        valeur.source = f"{m} source"
        for champ in ("valeur", "numerateur", "poids"):
            if getattr(valeur, champ) is not None:
                setattr(valeur, champ, n)
        valeur.save()
        signataire.valeurs.append(valeur)
    assert signataire.evaluations and signataire.valeurs, "the demo data changed: no drafts"


def semer():
    """The demo data, with A's and B's drafts marked. Returns the `Monde`."""
    charger_referentiel()
    charger_territoires(Path(__file__).parent / "data" / "territoires-mini.csv")
    call_command("seed_demo", stdout=io.StringIO())
    paris = Collectivite.objects.par_identifiant("75056", "commune").get()
    lyon = Collectivite.objects.par_identifiant("200046977").get()
    comptes = {u.username: u for u in get_user_model().objects.all()}
    a, b = Signataire("A", paris), Signataire("B", lyon)
    _marquer(a, comptes["contrib-paris"])
    _marquer(b, comptes["contrib-lyon"])
    brouillon = a.valeurs[0]
    return Monde(
        a=a,
        b=b,
        campagne=a.evaluations[0].campagne,
        annee_valeurs=brouillon.annee,
        users={
            "anonyme": None,
            "contributeur A": comptes["contrib-paris"],
            "validateur A": comptes["valid-paris"],
            "lecteur A": comptes["lecteur-paris"],
            "contributeur B": comptes["contrib-lyon"],
            "analyste national": comptes["analyste"],
            "administrateur national": comptes["admin-national"],
        },
    )


# --- Every URL, with the seeded objects' identifiers ---------------------------------------


def _pks_par_espace(monde):
    """Primary keys to try for `pk`-like parameters, by the namespace of the URL name."""
    cs = [s.collectivite for s in monde.signataires]
    evaluations = [s.evaluations[0].pk for s in monde.signataires]
    return {
        "wagtailsnippets_manifeste_collectivite": [c.pk for c in cs],
        "wagtailsnippets_commitments_signature": list(
            Signature.objects.filter(collectivite__in=cs).values_list("pk", flat=True)
        ),
        "wagtailsnippets_commitments_membre": list(
            Membre.objects.filter(collectivite__in=cs).values_list("pk", flat=True)[:4]
        ),
        "wagtailsnippets_indicators_indicateur": [monde.a.valeurs[0].indicateur_id],
        "wagtailsnippets_manifeste_engagement": [monde.a.evaluations[0].engagement_id],
        "commitments_transition": evaluations,
        "commitments_revue": evaluations,
    }


def pages_de_donnees():
    """The pages that show collectivities' figures (their admin screens are walked by id)."""
    types = ("collectivitespage", "tableaudebordpage", "rapportpage", "engagementpage")
    return list(Page.objects.filter(content_type__model__in=types).values_list("pk", flat=True)[:6])


def _valeurs_de_parametre(nom_url, parametre, monde, pks):
    cs = [s.collectivite for s in monde.signataires]
    annees = sorted({monde.campagne.annee, monde.annee_valeurs})
    espace = nom_url.rsplit(":", 1)[0] if ":" in nom_url else nom_url
    espace = espace.replace("wagtailsnippetchoosers_", "wagtailsnippets_")
    if parametre in ("pk", "object_id") and espace in pks:
        return pks[espace]
    if parametre in ("page_id", "parent_page_id", "page_pk") or (
        parametre == "pk" and espace.startswith("wagtailadmin_pages")
    ):
        return pages_de_donnees()
    if parametre == "pk" and nom_url.endswith(":chosen"):
        return [1]  # Wagtail's choosers fail on a non-numeric id (its own bug, admin only)
    table = {
        "collectivite_id": [c.pk for c in cs],
        "annee": annees,
        "identifiant": [c.siren or c.code_insee for c in cs],
        "extension": ["csv", "xlsx"],
        "format": ["csv", "xlsx"],
        "format_": ["csv", "xlsx"],
    }
    if parametre in table:
        return table[parametre]
    if parametre == "code":
        engagement = monde.a.evaluations[0].engagement.code
        return (
            [engagement]
            if nom_url.startswith("commitments")
            else [
                engagement,
                monde.a.valeurs[0].indicateur.code,
            ]
        )
    if parametre == "slug":
        if nom_url.startswith("rapport"):
            return [c.slug for c in cs]
        if nom_url.startswith("donnees"):
            return list(datasets())
    return None


def _parametres(pattern):
    if isinstance(pattern.pattern, RoutePattern):
        return list(pattern.pattern.converters)
    return list(pattern.pattern.regex.groupindex)


def urls_reelles(monde):
    """Every named URL, reversed with A's and B's real identifiers where a parameter names one
    (the walker's samples otherwise), plus public pages, routable subpages and query strings."""
    pks = _pks_par_espace(monde)
    urls = set()
    for nom, pattern in _named_patterns(get_resolver().url_patterns):
        parametres = _parametres(pattern)
        choix = {p: _valeurs_de_parametre(nom, p, monde, pks) for p in parametres}
        if parametres and all(v is not None for v in choix.values()):
            for combo in product(*choix.values()):
                try:
                    urls.add(reverse(nom, kwargs=dict(zip(choix, combo, strict=True))))
                except NoReverseMatch:
                    continue
            continue
        for extra, kwargs in _samples(pattern):
            if any(choix.get(p) for p in kwargs):
                kwargs = {p: (choix[p] or [v])[0] for p, v in kwargs.items()}
            try:
                urls.add(reverse(nom, args=extra.get("args"), kwargs=kwargs or None))
                break
            except NoReverseMatch:
                continue
    return sorted(urls | _urls_publiques(monde) | _urls_avec_requete(monde))


def _urls_publiques(monde):
    urls = {"/", "/en/"}
    for page in Page.objects.live().specific():
        url = page.get_url()
        if url:
            urls.add(url)
    from cms.models import CollectivitesPage
    from ecosysteme.models import AnnuairePage

    collectivites = CollectivitesPage.objects.live().first()
    if collectivites:
        for s in monde.signataires:
            c = s.collectivite
            urls.add(collectivites.url_profil(c))
            urls.add("/en" + collectivites.url_profil(c))
            urls.add(
                collectivites.url + collectivites.reverse_subpage("par_insee", args=[c.code_insee])
            )
            if c.siren:
                urls.add(
                    collectivites.url + collectivites.reverse_subpage("par_siren", args=[c.siren])
                )
        comparer = collectivites.url + collectivites.reverse_subpage("comparer")
        urls.add(f"{comparer}?c={monde.a.collectivite.slug}&c={monde.b.collectivite.slug}")
    annuaire = AnnuairePage.objects.live().first()
    if annuaire:
        from ecosysteme.models import Acteur

        for acteur in Acteur.objects.all()[:3]:
            urls.add(annuaire.url_acteur(acteur))
    return urls


def _urls_avec_requete(monde):
    cs = [s.collectivite for s in monde.signataires]
    annees = sorted({monde.campagne.annee, monde.annee_valeurs})
    code = monde.a.valeurs[0].indicateur.code
    # Three API lists share the name "api-v1:liste": reverse() reaches only one of them.
    urls = {"/api/v1/collectivites", "/api/v1/evaluations", "/api/v1/indicateurs"}
    for c in cs:
        identifiant = c.siren or c.code_insee
        urls |= {
            reverse("commitments_mes_collectivites") + f"?collectivite={c.pk}",
            reverse("indicateurs_export", args=[c.pk]) + "?format=xlsx",
            reverse("indicateurs_modele", args=[c.pk]) + "?format=xlsx",
            f"/api/v1/evaluations?collectivite={identifiant}",
            f"/api/v1/indicateurs/valeurs?collectivite={identifiant}",
        }
        for annee in annees:
            urls |= {
                reverse("commitments_mes_collectivites") + f"?collectivite={c.pk}&annee={annee}",
                f"/api/v1/evaluations?collectivite={identifiant}&annee={annee}",
                f"/api/v1/indicateurs/valeurs?collectivite={identifiant}&annee={annee}",
                f"/api/v1/indicateurs/{code}/agregats?annee={annee}",
            }
    for annee in annees:
        urls |= {
            reverse("commitments_signataires") + f"?annee={annee}",
            reverse("commitments_export", args=["csv"]) + f"?annee={annee}",
            reverse("commitments_mes_collectivites") + f"?annee={annee}",
            reverse("chart_csv", args=["serie"]) + f"?indicateur={code}",
            reverse("chart_csv", args=["repartition"])
            + f"?engagement={monde.a.evaluations[0].engagement.code}&annee={annee}",
            reverse("chart_csv", args=["carte"])
            + f"?code={monde.a.evaluations[0].engagement.code}&annee={annee}",
            reverse("chart_csv", args=["carte"]) + f"?code={code}&annee={annee}",
            reverse("chart_csv", args=["carte"]) + f"?code={code}&annee={annee}&niveau=region",
        }
        for slug in datasets():
            for extension in ("csv", "xlsx"):
                urls.add(reverse("donnees-fichier", args=[slug, extension]) + f"?annee={annee}")
        for page in Page.objects.live().filter(
            content_type__model__in=("tableaudebordpage", "rapportpage")
        ):
            urls.add(f"{page.url}?annee={annee}")
    return urls


# --- Reading every kind of response -----------------------------------------------------------


def _texte_xlsx(contenu):
    from openpyxl import load_workbook

    classeur = load_workbook(io.BytesIO(contenu), read_only=True)
    cellules = [
        str(cellule)
        for feuille in classeur.worksheets
        for ligne in feuille.iter_rows(values_only=True)
        for cellule in ligne
        if cellule is not None
    ]
    return "\n".join(cellules)


def _texte_zip(contenu):
    with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
        return "\n".join(
            texte_de(archive.read(nom), nom.rsplit(".", 1)[-1]) for nom in archive.namelist()
        )


def _texte_pdf(contenu):
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(contenu)).pages)


def texte_de(contenu, genre):
    """Everything readable in a response body, whatever its format."""
    if genre == "xlsx" or contenu[:2] == b"PK" and genre != "zip":
        try:
            return _texte_xlsx(contenu)
        except Exception:  # a zip that is not a workbook
            return _texte_zip(contenu)
    if genre == "zip":
        return _texte_zip(contenu)
    if genre == "pdf":
        return _texte_pdf(contenu)
    return contenu.decode("utf-8", errors="replace")


def genre_de(response):
    type_ = response.get("Content-Type", "")
    if "spreadsheetml" in type_:
        return "xlsx"
    if "zip" in type_:
        return "zip"
    if "pdf" in type_:
        return "pdf"
    return "texte"


def corps(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


_SEPARATEURS = re.compile(r"[\s\u00a0\u202f\u2009.,']+")


def marqueurs_presents(texte, monde):
    """The keys ("A", "B") whose draft marker word or number appears in `texte`."""
    plat = texte.casefold()
    chiffres = _SEPARATEURS.sub("", texte)  # "8 642 097,0" and "8642097.000000" alike
    return {
        s.cle
        for s in monde.signataires
        if s.marqueur.casefold() in plat or str(s.nombre) in chiffres
    }


def contentstate(texte, url):
    """Rich text as Wagtail's admin form posts it (Draftail's contentstate): `texte` whose first
    six characters link to `url`."""
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "type": "unstyled",
                    "depth": 0,
                    "text": texte,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 0, "length": 6, "key": 0}],
                }
            ],
            "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}}},
        }
    )
