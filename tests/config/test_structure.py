"""The layout tells the architecture: apps import only the apps below them, and no module
imports itself back through others, even lazily inside a function.

The layers, from the foundation up (docs/adr/structure-layers.md):
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

COUCHES = ["acces", "manifeste", "commitments", "indicators", "publication", "ecosysteme", "cms"]
PROJET = "config"  # settings, URLs, the API's assembly: may import every app
RACINE = Path(settings.BASE_DIR)


def modules():
    """{dotted name: path} of the product's code (not its migrations, tests or benchmarks)."""
    trouves = {}
    for paquet in [*COUCHES, PROJET]:
        for chemin in (RACINE / paquet).rglob("*.py"):
            if "migrations" in chemin.parts:
                continue
            nom = ".".join(chemin.relative_to(RACINE).with_suffix("").parts)
            trouves[nom.removesuffix(".__init__")] = chemin
    return trouves


def imports(nom, chemin, connus):
    """The product modules `nom` imports, wherever the import stands (top or function)."""
    paquet = nom if chemin.name == "__init__.py" else nom.rpartition(".")[0]
    for noeud in ast.walk(ast.parse(chemin.read_text(), str(chemin))):
        if isinstance(noeud, ast.Import):
            cibles = [alias.name for alias in noeud.names]
        elif isinstance(noeud, ast.ImportFrom):
            base = noeud.module or ""
            if noeud.level:
                parent = paquet.split(".")[: len(paquet.split(".")) - noeud.level + 1]
                base = ".".join([*parent, base] if base else parent)
            # `from a import b` names the module a.b when there is one, else a name of a
            cibles = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in connus else base for a in noeud.names
            ]
        else:
            continue
        for cible in cibles:
            while cible and cible not in connus:
                cible = cible.rpartition(".")[0]  # `import a.b.c` also imports a.b and a
            if cible and cible != nom:
                yield cible


@pytest.fixture(scope="module")
def graphe():
    connus = modules()
    return {nom: set(imports(nom, chemin, connus)) for nom, chemin in connus.items()}


def couche(module):
    app = module.split(".")[0]
    return len(COUCHES) if app == PROJET else COUCHES.index(app)


def test_les_imports_ne_font_que_descendre(graphe):
    montants = sorted(
        f"{source} → {cible}"
        for source, cibles in graphe.items()
        for cible in cibles
        if couche(cible) > couche(source)
    )
    assert montants == []


def test_aucun_cycle_entre_modules(graphe):
    assert composantes_circulaires(graphe) == []


def composantes_circulaires(graphe):
    """Strongly connected components of more than one module (Tarjan), sorted."""
    index, bas, pile, sur_pile, resultat = {}, {}, [], set(), []

    def visiter(v):
        index[v] = bas[v] = len(index)
        pile.append(v)
        sur_pile.add(v)
        for w in graphe.get(v, ()):
            if w not in index:
                visiter(w)
                bas[v] = min(bas[v], bas[w])
            elif w in sur_pile:
                bas[v] = min(bas[v], index[w])
        if bas[v] == index[v]:
            composante = set()
            while True:
                w = pile.pop()
                sur_pile.discard(w)
                composante.add(w)
                if w == v:
                    break
            if len(composante) > 1:
                resultat.append(sorted(composante))

    for v in sorted(graphe):
        if v not in index:
            visiter(v)
    return sorted(resultat)


def test_la_verification_voit_un_import_montant_et_un_cycle():
    """The checks above would fail on the faults they look for."""
    graphe = {"manifeste.a": {"cms.b"}, "cms.b": {"cms.c"}, "cms.c": {"cms.b"}}
    assert couche("cms.b") > couche("manifeste.a")
    assert composantes_circulaires(graphe) == [["cms.b", "cms.c"]]


def test_chaque_application_du_projet_a_sa_couche():
    projet = {
        a.split(".")[0] for a in settings.INSTALLED_APPS if (RACINE / a.split(".")[0]).is_dir()
    }
    assert projet <= set(COUCHES)
