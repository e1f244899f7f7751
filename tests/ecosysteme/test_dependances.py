"""Imports go downward: the pages (cms) may use ecosysteme, never the other way round; the
directory page's views never import back the page's module."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "ecosysteme"
# The public pages' cache, shared by every app (it is to move out of cms, with the figures).
PERMIS_DANS_CMS = {"cms.cache"}


def modules_importes(fichier):
    for noeud in ast.walk(ast.parse(fichier.read_text())):
        if isinstance(noeud, ast.Import):
            yield from (alias.name for alias in noeud.names)
        elif isinstance(noeud, ast.ImportFrom) and noeud.level == 0:
            yield noeud.module


def test_the_app_imports_nothing_of_cms_but_the_cache():
    importes = {
        (str(fichier.relative_to(APP)), module)
        for fichier in APP.rglob("*.py")
        for module in modules_importes(fichier)
        if module.split(".")[0] == "cms" and module not in PERMIS_DANS_CMS
    }
    assert importes == set()


def test_the_directory_views_and_forms_know_the_actors_not_the_page():
    for nom in ("views.py", "forms.py"):
        modeles = {m for m in modules_importes(APP / nom) if m.startswith("ecosysteme.models")}
        assert modeles == {"ecosysteme.models.acteurs"}, nom
