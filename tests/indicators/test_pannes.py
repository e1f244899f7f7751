"""Faults: the server process is killed (SIGKILL) while it writes an import confirmation, and
right after a publication; after a restart nothing is half-written, the confirmation can be made
again, once, and the public figures catch up with what was published.

A real `manage.py runserver` serves the file test database; the test waits, by polling, until
the server holds SQLite's write lock (its confirmation transaction), then kills it."""

import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from commitments.models import ProfilNational
from indicators import pending
from indicators.models import ImportEnAttente, Indicateur, Valeur
from manifeste.models import Collectivite

# Flushed after each test, the database gets back what the migrations wrote (the site's pages):
# the tests that follow in this process need them.
pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.slow]
if connection.vendor != "sqlite":
    pytest.skip("the server shares the SQLite test file", allow_module_level=True)

ROOT = Path(__file__).resolve().parents[2]
CSRF = "a" * 32  # an unmasked secret is accepted as token


def environnement(**extra):
    return {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{settings.DATABASES['default']['NAME']}",
        "PRIVATE_ROOT": str(settings.PRIVATE_ROOT),
        **extra,
    }


def demarrer(port, **extra):
    env = environnement(**extra)
    serveur = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    limite = time.monotonic() + 120
    while time.monotonic() < limite:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return serveur
        except OSError:
            time.sleep(0.1)
    serveur.kill()
    raise RuntimeError("runserver ne répond pas")


def port_libre():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def confirmer(port, session, jeton):
    return poster(port, session, "/admin/indicateurs/import/confirmer/", {"jeton": jeton})


def poster(port, session, chemin, donnees):
    requete = urllib.request.Request(
        f"http://127.0.0.1:{port}{chemin}",
        data=urllib.parse.urlencode({**donnees, "csrfmiddlewaretoken": CSRF}).encode(),
        headers={"Cookie": f"sessionid={session}; csrftoken={CSRF}"},
    )

    class SansRedirection(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        return urllib.request.build_opener(SansRedirection).open(requete, timeout=300).status
    except urllib.error.HTTPError as erreur:
        return erreur.code
    except OSError:
        return None  # the server died


def ecrit_en_ce_moment(chemin):
    """Whether another process holds the write lock (our BEGIN IMMEDIATE would have to wait)."""
    conn = sqlite3.connect(chemin, timeout=0)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.rollback()
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        conn.close()


@pytest.fixture
def gros_import(territoires, catalogue, django_user_model):
    """~6,000 new values (300 extra communes), checked and pending; a logged-in admin."""
    Collectivite.objects.bulk_create(
        Collectivite(type="commune", nom=f"C{k}", code_insee=f"99{k:03d}", slug=f"c-{k}")
        for k in range(300)
    )
    codes = Indicateur.objects.partages().filter(nature="count").values_list("code", flat=True)
    lignes = ["collectivite;type_collectivite;indicateur;annee;valeur"] + [
        f"99{k:03d};commune;{code};{annee};{k % 50}"
        for k in range(300)
        for code in codes
        for annee in (2023, 2024, 2025)
    ]
    user = django_user_model.objects.create_superuser("admin", "a@example.org", "pw")
    ProfilNational.objects.create(user=user, role="administrateur")
    client = Client()
    client.force_login(user)
    jeton = pending.deposer("\n".join(lignes).encode(), "gros.csv", user)
    return client.cookies["sessionid"].value, jeton, len(lignes) - 1


def test_killed_during_an_import_confirmation_nothing_is_half_written(gros_import):
    session, jeton, n = gros_import
    chemin = settings.DATABASES["default"]["NAME"]
    port = port_libre()
    serveur = demarrer(port)
    try:
        requete = threading.Thread(target=confirmer, args=(port, session, jeton))
        requete.start()
        while requete.is_alive() and not ecrit_en_ce_moment(chemin):
            pass  # poll as fast as possible: the write lasts a fraction of a second
        assert requete.is_alive(), "the confirmation ended before the server could be killed"
        serveur.kill()
        serveur.wait()
        requete.join()
    finally:
        serveur.kill()

    en_attente = ImportEnAttente.objects.get(jeton=jeton)
    assert Valeur.objects.count() == 0 and Valeur.history.count() == 0
    assert en_attente.confirme_le is None and pending.stockage().exists(en_attente.fichier)

    serveur = demarrer(port)
    try:
        assert confirmer(port, session, jeton) == 302
        assert confirmer(port, session, jeton) == 302  # consumed once
    finally:
        serveur.kill()
        serveur.wait()
    assert Valeur.objects.count() == n == Valeur.history.count()
    en_attente.refresh_from_db()
    assert en_attente.resultat["ecrit"] and not pending.stockage().exists(en_attente.fichier)


# --- a publication -------------------------------------------------------------------------------
def lire(port, chemin):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{chemin}", timeout=120) as reponse:
        return reponse.read().decode()


@pytest.fixture
def valeurs_validees(demo, django_user_model):
    """Paris's values of one year of the demo, validated and not yet published; a logged-in
    validator of Paris."""
    from commitments.workflow import EtatPublication

    paris = Collectivite.objects.get(type="commune", code_insee="75056")
    annee = Valeur.objects.publiees().filter(collectivite=paris).order_by("-annee").first().annee
    Valeur.objects.filter(collectivite=paris, annee=annee).update(etat=EtatPublication.VALIDE)
    client = Client()
    client.force_login(django_user_model.objects.get(username="valid-paris"))
    return paris, annee, client.cookies["sessionid"].value


def test_a_publication_waits_for_a_worker_and_survives_the_server(valeurs_validees):
    """The server commits a publication and its task, answers, and is killed; no worker runs
    yet. The shared cache (Redis, as in production) still holds the former figures; a real
    `db_worker` started afterwards runs the task, and the public page shows the publication."""
    import uuid

    from commitments.workflow import EtatPublication

    paris, annee, session = valeurs_validees
    env = {
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "RELEASE": f"pannes-{uuid.uuid4().hex}",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    profil = f"/collectivites/{paris.slug}/?annee={annee}"
    port = port_libre()
    serveur = demarrer(port, **env)
    try:
        avant = lire(port, profil)  # a visitor reads it: cached, and noted to be refreshed
        assert f"Aucune valeur d'indicateur publiée pour {annee}." in avant
        chemin = f"/admin/indicateurs/{paris.pk}/{annee}/etat/"
        assert poster(port, session, chemin, {"transition": "valide:publie"}) == 302
    finally:
        serveur.kill()
        serveur.wait()

    valeurs = Valeur.objects.filter(collectivite=paris, annee=annee)
    assert valeurs.exists() and not valeurs.exclude(etat=EtatPublication.PUBLIE).exists()
    serveur = demarrer(port, **env)
    try:
        assert "Aucune valeur d'indicateur publiée" in lire(port, profil)  # not yet computed
    finally:
        serveur.kill()
        serveur.wait()
    commande = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=environnement(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert commande.returncode == 0, commande.stderr
    serveur = demarrer(port, **env)
    try:
        assert f"Indicateurs en {annee}" in lire(port, profil)
    finally:
        serveur.kill()
        serveur.wait()
