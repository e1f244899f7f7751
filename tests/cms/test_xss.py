"""Hostile text in every user-writable field shown publicly comes out escaped, and a user's
address becomes a link only when it is an http(s) one.

Fields are written straight to the database, as an import, the API or the shell could, except
rich text, which only editors write through Draftail (posted here through the admin form).
"""

from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.test import Client
from wagtail.models import Page

from cms.models import CollectivitesPage
from commitments.models import Evaluation, Preuve
from commitments.workflow import EtatPublication
from ecosysteme.models import Acteur, ActeurZone, AnnuairePage, RessourcePage, Terme
from ecosysteme.templatetags.ecosysteme import lien_web
from manifeste.models import Collectivite
from tests.security_helpers import contentstate, semer

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
SVG = '"><svg onload=alert(1)>'  # fits the 30 characters of a phone number
JS = "javascript:alert(1)"


class _Vivants(HTMLParser):
    """What a browser would run in a page: scripts calling alert, event-handler attributes,
    javascript: links — read from the parsed tags, so escaped text never counts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.trouves, self.dans_script = [], False

    def handle_starttag(self, tag, attrs):
        self.dans_script = tag == "script"
        for nom, valeur in attrs:
            if nom.startswith("on"):
                self.trouves.append(f"<{tag} {nom}=…>")
            adresse = "".join((valeur or "").split()).lower()
            if nom in ("href", "src", "action", "formaction") and adresse.startswith("javascript:"):
                self.trouves.append(f"<{tag} {nom}={valeur}>")

    def handle_endtag(self, tag):
        self.dans_script = False

    def handle_data(self, data):
        if self.dans_script and "alert" in data:
            self.trouves.append(f"<script>{data[:40]}")


def _semer_hostile(monde):
    a, b = monde.a.collectivite, monde.b.collectivite
    Collectivite.objects.filter(pk=a.pk).update(nom=f"Paris {SCRIPT}")
    Collectivite.objects.filter(pk=b.pk).update(nom=f"Lyon {IMG}")
    publiee = (
        Evaluation.objects.filter(collectivite=a, etat_publication=EtatPublication.PUBLIE)
        .select_related("engagement")
        .first()
    )
    Evaluation.objects.filter(pk=publiee.pk).update(
        narratif=f"<p>Fait {SCRIPT} {IMG}</p>", justification=SCRIPT
    )
    Preuve.objects.create(evaluation=publiee, libelle=SCRIPT, url=JS)
    acteur = Acteur.objects.publies().first()
    Acteur.objects.filter(pk=acteur.pk).update(
        nom=f"Acteur {SCRIPT}",
        description=IMG,
        adresse=SCRIPT,
        site_web=JS,
        labels=IMG,
        telephone=SVG,
        courriel='a"><b>@example.org',
    )
    ActeurZone.objects.get_or_create(acteur=acteur, collectivite=a)
    RessourcePage.objects.filter(pk=RessourcePage.objects.live().first().pk).update(
        title=f"Ressource {SCRIPT}", resume=IMG, lien_externe=JS
    )
    terme = Terme.objects.live().first()
    terme.engagements.add(publiee.engagement)
    terme.save()
    Terme.objects.filter(pk=terme.pk).update(synonymes=f"{IMG}, {SCRIPT}")
    return publiee, acteur, terme


def _publier_definition(terme, admin):
    """Rich text as an editor writes it: through the admin form and Draftail's converter."""
    client = Client()
    client.force_login(admin)
    response = client.post(
        f"/admin/pages/{terme.pk}/edit/",
        {
            "title": f"Terme {SCRIPT}",
            "slug": terme.slug,
            "definition": contentstate(f"Défini {SCRIPT} {IMG}", JS),
            "synonymes": f"{IMG}, {SCRIPT}",
            "engagements": list(terme.engagements.values_list("pk", flat=True)),
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Terme.objects.get(pk=terme.pk).title == f"Terme {SCRIPT}", response["Location"]


@pytest.fixture(scope="module")
def monde(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        monde = semer()
        monde.publiee, monde.acteur, monde.terme = _semer_hostile(monde)
        from django.contrib.auth import get_user_model

        from manifeste.demo import ADMIN_USERNAME

        _publier_definition(monde.terme, get_user_model().objects.get(username=ADMIN_USERNAME))
        yield monde
        transaction.set_rollback(True)


def _pages_publiques(monde):
    collectivites = CollectivitesPage.objects.live().get()
    annuaire = AnnuairePage.objects.live().get()
    a, b = (s.collectivite for s in monde.signataires)
    annee = monde.publiee.campagne.annee
    par_type = {
        modele: Page.objects.live().filter(content_type__model=modele).first()
        for modele in ("tableaudebordpage", "rapportpage", "lexiquepage", "boiteaoutilspage")
    }
    return {
        "annuaire": annuaire.url,
        "annuaire filtré": f"{annuaire.url}?q=Acteur&territoire={a.slug}",
        "fiche acteur": annuaire.url_acteur(monde.acteur),
        "ressource": RessourcePage.objects.live().first().url,
        "boîte à outils": par_type["boiteaoutilspage"].url,
        "lexique": par_type["lexiquepage"].url,
        "lexique cherché": par_type["lexiquepage"].url + "?q=Défini",
        "terme": Terme.objects.get(pk=monde.terme.pk).url,
        "engagement": monde.publiee.engagement.page.url,
        "profil A": collectivites.url_profil(a),
        "profil B": collectivites.url_profil(b),
        "recherche": f"{collectivites.url}?q=Paris",
        "comparaison": f"{collectivites.url}comparer/?c={a.slug}&c={b.slug}",
        "rapport imprimable": f"/rapport/{a.slug}/{annee}/",
        "rapport national": f"{par_type['rapportpage'].url}?annee={annee}",
        "tableau de bord national": f"{par_type['tableaudebordpage'].url}?annee={annee}",
        "accueil": "/",
    }


PAGES = [
    "annuaire",
    "annuaire filtré",
    "fiche acteur",
    "ressource",
    "boîte à outils",
    "lexique",
    "lexique cherché",
    "terme",
    "engagement",
    "profil A",
    "profil B",
    "recherche",
    "comparaison",
    "rapport imprimable",
    "rapport national",
    "tableau de bord national",
    "accueil",
]


def _vivants(html):
    lecteur = _Vivants()
    lecteur.feed(html)
    return lecteur.trouves


@pytest.mark.parametrize("page", PAGES)
def test_hostile_text_is_escaped_on_public_pages(page, monde, db):
    url = _pages_publiques(monde)[page]
    response = Client().get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert not _vivants(html), f"{url} : {_vivants(html)}"


def test_the_hostile_texts_do_reach_the_pages_escaped(monde, db):
    """The escaping test is not vacuous: the payloads are on the pages, as text."""
    pages = _pages_publiques(monde)
    client = Client()
    fiche = client.get(pages["fiche acteur"]).content.decode()
    assert "Acteur &lt;script&gt;alert(1)&lt;/script&gt;" in fiche
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in fiche
    assert JS in fiche  # shown as text, not as a link
    profil = client.get(pages["profil A"]).content.decode()
    assert "Paris &lt;script&gt;" in profil
    terme = client.get(pages["terme"]).content.decode()
    assert "Terme &lt;script&gt;" in terme
    # The definition: the text escaped, the javascript: link dropped by Wagtail's converter.
    assert "<a>Défini</a> &lt;script&gt;alert(1)&lt;/script&gt;" in terme
    assert "&quot;&gt;&lt;img src=x" in client.get(pages["comparaison"]).content.decode()


def test_a_suggestion_with_hostile_fields_is_refused_or_escaped(monde, db):
    annuaire = AnnuairePage.objects.live().get()
    url = annuaire.url + annuaire.reverse_subpage("proposer")
    proposition = {
        "nom": f"Propose {SCRIPT}",
        "type": "reconditionneur",
        "description": IMG,
        "adresse": SCRIPT,
        "commune_saisie": monde.a.collectivite.code_insee,
        "etendue": "commune",
        "telephone": SVG,
        "site_web": JS,
        "labels": IMG,
        "courriel_proposant": "moi@example.org",
    }
    client = Client()
    refus = client.post(url, proposition)
    assert refus.status_code == 200  # the form again: javascript: is no web address
    assert "site_web" in refus.context["form"].errors
    assert not _vivants(refus.content.decode())
    assert client.post(url, {**proposition, "site_web": "https://example.org"}).status_code == 302
    acteur = Acteur.objects.get(nom=f"Propose {SCRIPT}")
    acteur.publie = True
    acteur.save()
    fiche = client.get(annuaire.url_acteur(acteur)).content.decode()
    assert "Propose &lt;script&gt;" in fiche
    assert not _vivants(fiche)


def test_an_actors_import_refuses_a_javascript_address(monde, db):
    from ecosysteme.imports import importer, lire_fichier

    ligne = f"nom;type;commune;site_web\nImporté;recycleur;{monde.a.collectivite.code_insee};{JS}\n"
    _result, erreurs = importer(lire_fichier(ligne.encode(), "a.csv"), dry_run=False)
    assert [e.colonne for e in erreurs] == ["site_web"]
    assert not Acteur.objects.filter(nom="Importé").exists()


@pytest.mark.parametrize(
    ("adresse", "lien"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("http://example.org", "http://example.org"),
        (" HTTPS://example.org ", "HTTPS://example.org"),
        (JS, ""),
        ("JavaScript:alert(1)", ""),
        ("java\tscript:alert(1)", ""),
        ("\x01javascript:alert(1)", ""),
        ("data:text/html,<script>alert(1)</script>", ""),
        ("//evil.example/x", ""),
        ("/relatif", ""),
        ("https:alert(1)", ""),
        ("http://[::1", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_lien_web_keeps_only_http_addresses(adresse, lien):
    assert lien_web(adresse) == lien
