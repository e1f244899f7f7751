import re

import pytest
from django.core.files.base import ContentFile
from django.template import Context, Template
from wagtail.documents.models import Document

from ecosysteme.models import RessourceDocument, RessourcePage, TypeRessource, ressources_pour

from .helpers import engagement


@pytest.fixture
def ressources(referentiel, boite):
    def ajouter(titre, type_, codes, live=True):
        page = RessourcePage(title=titre, type_ressource=type_, resume="…", live=live)
        page.engagements = [engagement(c) for c in codes]
        return boite.add_child(instance=page)

    return {
        "guide": ajouter("Guide réemploi", TypeRessource.GUIDE, ["A2E3", "A2E2"]),
        "clause": ajouter("Clause d'achat", TypeRessource.CLAUSE, ["A2E2"]),
        "formation": ajouter("Formation", TypeRessource.FORMATION, ["A1E2"]),
        "brouillon": ajouter("Brouillon", TypeRessource.OUTIL, ["A2E2"], live=False),
    }


def titres(response):
    assert response.status_code == 200
    return re.findall(r"<h2><a [^>]*>([^<]*)</a></h2>", response.content.decode())


@pytest.mark.parametrize(
    ("code", "attendus"),
    [("A2E2", {"guide", "clause"}), ("A2E3", {"guide"}), ("A3E1", set())],
)
def test_ressources_pour_engagement(ressources, code, attendus):
    assert set(ressources_pour(engagement(code))) == {ressources[k] for k in attendus}


def test_include_on_engagement_pages(ressources):
    html = Template("{% load ecosysteme %}{% ressources_engagement engagement %}").render(
        Context({"engagement": engagement("A2E2")})
    )
    assert "Guide réemploi" in html and "Clause d&#x27;achat" in html
    assert "Brouillon" not in html and "Formation" not in html
    assert f'href="{ressources["guide"].url}"' in html


@pytest.mark.parametrize(
    ("params", "attendus"),
    [
        ({}, ["Clause d&#x27;achat", "Formation", "Guide réemploi"]),
        ({"type": "guide"}, ["Guide réemploi"]),
        ({"engagement": "A2E2"}, ["Clause d&#x27;achat", "Guide réemploi"]),
        ({"engagement": "A2E2", "type": "formation"}, []),
    ],
)
def test_toolbox_filters(client, ressources, params, attendus):
    assert titres(client.get("/boite-a-outils/", params)) == attendus


def test_resource_page_lists_its_documents(client, ressources):
    document = Document.objects.create(
        title="Modèle de clause", file=ContentFile(b"clause", name="clause.txt")
    )
    guide = ressources["guide"]
    RessourceDocument.objects.create(page=guide, document=document)
    html = client.get(guide.url).content.decode()
    assert "Modèle de clause" in html and document.url in html
