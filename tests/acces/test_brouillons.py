"""Every URL of the project, as each role on its own and on another collectivity: no draft of a
collectivity reaches anyone who may not see it, in HTML, JSON, CSV, XLSX, zip or PDF.

Who may see drafts is the decision table of acces/roles.py: the members of the
collectivity (reader, contributor, validator) and the national roles (analyst, administrator).
"""

import time

import pytest
from django.db import transaction
from django.test import Client

from tests.security_helpers import (
    corps,
    genre_de,
    marqueurs_presents,
    semer,
    texte_de,
    urls_reelles,
)

# Visitor -> the collectivities ("A", "B") whose drafts it may see.
VISIBLES = {
    "anonyme": set(),
    "contributeur A": {"A"},
    "validateur A": {"A"},
    "lecteur A": {"A"},
    "contributeur B": {"B"},
    "analyste national": {"A", "B"},
    "administrateur national": {"A", "B"},
}
# Pages that take seconds each (WeasyPrint) and do not depend on who asks: walked once.
LENTES = (".pdf",)
# Wagtail's deliberate error page, to check error reporting.
EXCLUES = {"/admin/failwhale/"}


@pytest.fixture(scope="module")
def monde(django_db_setup, django_db_blocker):
    """One seed for the whole module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield semer()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def urls(monde, django_db_blocker):
    with django_db_blocker.unblock():
        return urls_reelles(monde)


def test_the_walk_reaches_the_drafts_screens_with_real_identifiers(monde, urls, db):
    a = monde.a.collectivite
    evaluation = monde.a.evaluations[0]
    attendues = {
        f"/admin/mes-collectivites/{a.pk}/{monde.campagne.annee}/{evaluation.engagement.code}/",
        f"/admin/indicateurs/{a.pk}/{monde.annee_valeurs}/",
        f"/admin/indicateurs/{a.pk}/export/?format=xlsx",
        f"/rapport/{a.slug}/{monde.annee_valeurs}.pdf",
        f"/donnees/{monde.annee_valeurs}.zip",
    }
    assert attendues <= set(urls)
    assert len(urls) > 500


def parcourir(visiteur, monde, urls):
    """GET every URL as `visiteur`: (server errors, leaks, markers seen)."""
    client = Client(raise_request_exception=False)
    user = monde.users[visiteur]
    if user is not None:
        client.force_login(user)
    fuites, erreurs, vus = [], [], set()
    for url in urls:
        if url in EXCLUES:
            continue
        if url.endswith(LENTES) and visiteur not in ("anonyme", "contributeur B"):
            continue
        response = client.get(url)
        if response.status_code >= 500:
            erreurs.append(f"{response.status_code} {url}")
            continue
        presents = marqueurs_presents(texte_de(corps(response), genre_de(response)), monde)
        vus |= presents
        interdits = presents - VISIBLES[visiteur]
        if interdits:
            fuites.append(f"{url}: brouillons de {', '.join(sorted(interdits))}")
    return erreurs, fuites, vus


@pytest.mark.parametrize("visiteur", VISIBLES)
def test_no_role_sees_drafts_it_may_not_see(visiteur, monde, urls, db):
    debut = time.monotonic()
    erreurs, fuites, vus = parcourir(visiteur, monde, urls)
    assert not erreurs, "\n".join(erreurs)
    assert not fuites, "\n".join(fuites)
    # The walk does reach the drafts each role may see: the markers are found where expected.
    assert vus == VISIBLES[visiteur]
    print(f"{visiteur}: {len(urls)} URL en {time.monotonic() - debut:.1f} s")


def test_what_a_national_admin_saw_is_not_served_to_others_from_the_cache(monde, urls, db):
    """Dashboards and profiles are cached: a page computed for someone who sees every draft
    must not be handed to the next visitor. Same cache, no clearing in between."""
    publiques = [u for u in urls if not u.startswith(("/admin/", "/django-admin/"))]
    parcourir("administrateur national", monde, publiques)
    for visiteur in ("anonyme", "contributeur B"):
        erreurs, fuites, _vus = parcourir(visiteur, monde, publiques)
        assert not erreurs and not fuites, "\n".join(erreurs + fuites)
