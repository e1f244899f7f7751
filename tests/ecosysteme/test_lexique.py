import io
import re

import pytest
from django.core.management import call_command
from wagtail.rich_text import expand_db_html

from ecosysteme.lettres import grouper_par_lettre, lettre_initiale
from ecosysteme.models import Acteur, RessourcePage, Terme

from .helpers import engagement


@pytest.mark.parametrize(
    ("texte", "lettre"),
    [("RGESN", "R"), ("écoconception", "E"), ("Œuvre", "#"), ("3R", "#"), ("", "#")],
)
def test_lettre_initiale(texte, lettre):
    assert lettre_initiale(texte) == lettre


def test_grouper_par_lettre_sorts_without_accents():
    groupes = grouper_par_lettre(["Réemploi", "RGAA", "Écoconception", "DEEE", "Recyclage"])
    assert groupes == [
        ("D", ["DEEE"]),
        ("E", ["Écoconception"]),
        ("R", ["Recyclage", "Réemploi", "RGAA"]),
    ]


@pytest.fixture
def termes(referentiel, lexique):
    def ajouter(titre, definition, synonymes="", codes=(), live=True):
        terme = Terme(
            title=titre, definition=f"<p>{definition}</p>", synonymes=synonymes, live=live
        )
        terme.engagements = [engagement(c) for c in codes]
        return lexique.add_child(instance=terme)

    return {
        "rgesn": ajouter("RGESN", "Référentiel d'écoconception.", "écoconception", ["A2E1"]),
        "rgaa": ajouter("RGAA", "Accessibilité des sites publics.", codes=["A1E1"]),
        "deee": ajouter("DEEE", "Déchets électriques."),
        "eco": ajouter("Écoconception", "Concevoir sobrement."),
        "brouillon": ajouter("Réemploi", "Pas encore publié.", live=False),
    }


def termes_affiches(response):
    assert response.status_code == 200
    return re.findall(r'<dt id="[^"]*"><a [^>]*>([^<]*)</a>', response.content.decode())


def test_lexicon_index_lists_live_terms_by_letter(client, termes):
    response = client.get("/lexique/")
    assert termes_affiches(response) == ["DEEE", "Écoconception", "RGAA", "RGESN"]
    html = response.content.decode()
    assert 'href="?lettre=R"' in html
    assert '<span aria-hidden="true">Z</span>' in html


def test_lexicon_one_letter(client, termes):
    assert termes_affiches(client.get("/lexique/", {"lettre": "r"})) == ["RGAA", "RGESN"]
    assert termes_affiches(client.get("/lexique/", {"lettre": "E"})) == ["Écoconception"]


@pytest.mark.parametrize(
    ("q", "attendus"),
    [
        ("rgaa", ["RGAA"]),
        ("écoconception", ["Écoconception", "RGESN"]),  # a synonym and a definition match
        ("déchets", ["DEEE"]),
        ("ECOCONCEPTION", ["Écoconception", "RGESN"]),
        ("publié", []),  # drafts are never found
    ],
)
def test_lexicon_search(client, termes, q, attendus):
    assert termes_affiches(client.get("/lexique/", {"q": q})) == attendus


def test_term_page_and_rich_text_link(client, termes):
    rgesn = termes["rgesn"]
    page = client.get("/lexique/rgesn/")
    assert page.status_code == 200
    assert "A2E1" in page.content.decode()
    # Editors link a term with the page chooser: the stored link follows the term.
    html = expand_db_html(f'<p>Voir <a linktype="page" id="{rgesn.pk}">RGESN</a></p>')
    assert 'href="/lexique/rgesn/"' in html
    assert client.get("/lexique/reemploi/").status_code == 404


def test_demo_content_is_idempotent(demo):
    call_command("seed_demo", stdout=io.StringIO())
    assert Acteur.objects.count() == 10
    assert Acteur.objects.publies().count() == 9
    assert Terme.objects.live().count() == 15
    assert RessourcePage.objects.live().count() == 6
    assert {a.type for a in Acteur.objects.all()} >= {
        "reconditionneur",
        "logiciel_libre",
        "recycleur",
        "aide_numerique",
        "formation",
        "ess",
        "prestataire_local",
    }
