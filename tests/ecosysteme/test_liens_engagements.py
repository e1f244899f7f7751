"""Toolbox resources and lexicon terms link to their engagements' pages, which list them back."""

import re

import pytest

from cms.models import EngagementIndexPage, EngagementPage
from ecosysteme.models import RessourcePage, Terme, TypeRessource

from .helpers import ajouter_page, engagement


@pytest.fixture
def site(referentiel, boite, lexique):
    """Pages for A2E1 and A2E2 only (A2E3 has none), a resource and a term on each side."""
    index = ajouter_page(EngagementIndexPage, title="Engagements", slug="engagements")
    pages = {
        code: index.add_child(
            instance=EngagementPage(title=code, slug=code.lower(), engagement=engagement(code))
        )
        for code in ("A2E1", "A2E2")
    }

    def ressource(titre, codes, live=True):
        page = RessourcePage(title=titre, type_ressource=TypeRessource.GUIDE, live=live)
        page.engagements = [engagement(c) for c in codes]
        return boite.add_child(instance=page)

    def terme(titre, codes, live=True):
        page = Terme(title=titre, definition="<p>Définition.</p>", live=live)
        page.engagements = [engagement(c) for c in codes]
        return lexique.add_child(instance=page)

    return {
        "pages": pages,
        "guide": ressource("Guide réemploi", ["A2E2", "A2E3"]),
        "ressource_brouillon": ressource("Guide en préparation", ["A2E2"], live=False),
        "rgesn": terme("RGESN", ["A2E1", "A2E2"]),
        "terme_brouillon": terme("Terme en préparation", ["A2E2"], live=False),
    }


def html(client, url):
    reponse = client.get(url)
    assert reponse.status_code == 200
    return reponse.content.decode()


def lien(url, code):
    return re.compile(rf'<a href="{re.escape(url)}"><span class="code">{code}</span> [^<]+</a>')


def test_une_ressource_renvoie_a_la_page_de_ses_engagements(client, site):
    page = html(client, site["guide"].url)
    assert lien(site["pages"]["A2E2"].url, "A2E2").search(page)
    # No live page for A2E3: its code and title, without a link.
    assert re.search(r'<li><span class="code">A2E3</span> [^<]+</li>', page)


def test_un_terme_renvoie_a_la_page_de_ses_engagements(client, site):
    page = html(client, site["rgesn"].url)
    for code in ("A2E1", "A2E2"):
        assert lien(site["pages"][code].url, code).search(page)


def test_les_cartes_de_la_boite_a_outils_lient_les_codes(client, site):
    page = html(client, "/boite-a-outils/")
    titre = engagement("A2E2").titre
    attendu = (
        f'<a class="code" href="{site["pages"]["A2E2"].url}">A2E2'
        f'<span class="visually-hidden"> {titre}</span></a>'
    )
    assert attendu.replace("'", "&#x27;") in page
    assert (
        f'<span class="code" title="{engagement("A2E3").titre}">A2E3</span>'.replace("'", "&#x27;")
        in page
    )


def test_la_page_d_un_engagement_liste_ses_ressources_et_ses_termes(client, site):
    page = html(client, site["pages"]["A2E2"].url)
    assert f'<a href="{site["guide"].url}">Guide réemploi</a>' in page
    assert f'<a href="{site["rgesn"].url}">RGESN</a>' in page
    assert "en préparation" not in page  # drafts are not listed
    autre = html(client, site["pages"]["A2E1"].url)
    assert "RGESN" in autre and "Guide réemploi" not in autre
    assert "Pas encore de ressource de la boîte à outils pour cet engagement." in autre


def test_en_anglais_les_liens_restent_dans_la_langue(client, site):
    guide, a2e2, rgesn = (site["guide"].url, site["pages"]["A2E2"].url, site["rgesn"].url)
    page = html(client, f"/en{guide}")
    assert f'href="/en{a2e2}"' in page
    engagement_en = html(client, f"/en{a2e2}")
    assert "Toolkit resources" in engagement_en and "Glossary terms" in engagement_en
    assert f'href="/en{rgesn}"' in engagement_en
