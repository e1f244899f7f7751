"""A redirect after a POST goes to an address of this site only (no open redirect)."""

import re
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import reverse

from ecosysteme.models import TypeActeur
from manifeste.redirects import adresse_du_site
from tests.ecosysteme.helpers import coll, creer_acteur

HOSTILES = [
    "https://evil.example",
    "http://evil.example/admin/",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil",
    "\\/evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    " //evil.example",
    "\t//evil.example",
    "/\t/evil.example",
    "/ /evil.example",
    "\x00//evil.example",
    "/admin/\r\nSet-Cookie: x=1",
    "%2F%2Fevil.example",
    "https:evil.example",
    "https://testserver@evil.example",
    "https://testserver.evil.example",
    "http://testserver/admin/",  # this host, but not over HTTPS from an HTTPS page
    "admin/",  # relative: resolved against the form's address
]
SURES = ["/admin/snippets/ecosysteme/acteur/", "/admin/annuaire/suggestions/?page=2", "/"]

# Every view that reads `next` (the guard below fails if a new one reads it another way).
VUES = ["ecosysteme_publier", "ecosysteme_depublier"]


@pytest.mark.parametrize("url", HOSTILES)
def test_une_adresse_hostile_est_refusee(url):
    requete = RequestFactory().post("/", secure=True)
    assert adresse_du_site(requete, url) is None


@pytest.mark.parametrize("url", [*SURES, "https://testserver/admin/"])
def test_une_adresse_du_site_est_gardee(url):
    requete = RequestFactory().post("/", secure=True)
    assert adresse_du_site(requete, url) == url


@pytest.fixture
def acteur(referentiel, territoires, annuaire):
    lyon = coll("commune", "69123")
    return creer_acteur("Recond Lyon", TypeActeur.RECONDITIONNEUR, lyon, [lyon], publie=False)


@pytest.mark.parametrize("vue", VUES)
def test_chaque_vue_qui_lit_next_refuse_les_adresses_hostiles(client, admin_user, acteur, vue):
    client.force_login(admin_user)
    url = reverse(vue, args=[acteur.pk])
    defaut = reverse("ecosysteme_suggestions")
    for hostile in HOSTILES:
        for envoi in ({"data": {"next": hostile}}, {"path": f"{url}?next={hostile}"}):
            reponse = client.post(envoi.get("path", url), envoi.get("data", {}), secure=True)
            assert (reponse.status_code, reponse["Location"]) == (302, defaut), hostile
    for sure in SURES:
        reponse = client.post(url, {"next": sure}, secure=True)
        assert reponse["Location"] == sure


LECTURES = re.compile(
    r"""\.get\(\s*["']next["']|\[\s*["']next["']\s*\]|HTTP_REFERER|headers(\.get\(|\[)\s*["']referer""",
    re.IGNORECASE,
)


def test_seul_le_module_de_redirection_lit_next_ou_referer():
    racine = Path(__file__).resolve().parents[2]
    lecteurs = [
        str(fichier.relative_to(racine))
        for app in ("cms", "commitments", "ecosysteme", "indicators", "manifeste")
        for fichier in (racine / app).rglob("*.py")
        if "migrations" not in fichier.parts and LECTURES.search(fichier.read_text())
    ]
    assert lecteurs == ["manifeste/redirects.py"]
