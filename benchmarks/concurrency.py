"""Writers during a big import, on the embedded SQLite served by gunicorn: grid saves and API
batches while `import_values` writes BENCH_ROWS (default 100,000) rows. They must wait for the
import's write lock, never fail: prints their count, errors and p95."""

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from benchmarks import server

CSRF = "b" * 32  # an unmasked CSRF secret is a valid token
PREPARE = """
import django, json; django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import APIToken
from benchmarks import cases
from manifeste.models import Collectivite
cases.preparer()
open({fichier!r}, "wb").write(cases._fichier({n}))
user, _ = get_user_model().objects.get_or_create(username="bench-ecritures", is_superuser=True, is_staff=True)
client = Client(); client.force_login(user)
paris = Collectivite.objects.get(type="commune", code_insee="75056")
print(json.dumps({{"session": client.cookies["sessionid"].value, "paris": paris.pk,
    "jeton": APIToken.create_token(user=user, name="bench")[1]}}))
"""


def _envoyer(requete, mesures, erreurs):
    debut = time.perf_counter()
    try:
        with urllib.request.urlopen(requete, timeout=120) as reponse:
            reponse.read()
            statut = reponse.status
    except urllib.error.HTTPError as erreur:
        statut = erreur.code
    except OSError as erreur:
        statut = str(erreur)
    mesures.append((time.perf_counter() - debut) * 1000)
    if statut != 200:
        erreurs.append(statut)


_LIGNE = re.compile(r'<input type="hidden" name="(A1E2-01__[a-z_]+)" value="([^"]*)"')


def _grille(base_url, acces, k):
    """As an officer does: open the grid (its line's version and read values), type, save."""
    url = f"{base_url}/admin/indicateurs/{acces['paris']}/2025/"
    entetes = {"Cookie": f"sessionid={acces['session']}; csrftoken={CSRF}"}
    with urllib.request.urlopen(urllib.request.Request(url, headers=entetes), timeout=120) as r:
        lus = dict(_LIGNE.findall(r.read().decode()))
    donnees = {**lus, "A1E2-01__valeur": str(k), "csrfmiddlewaretoken": CSRF}
    return urllib.request.Request(
        url, data=urllib.parse.urlencode(donnees).encode(), headers=entetes
    )


def _api(base_url, acces, k):
    lot = {
        "valeurs": [{"collectivite": "75056", "indicateur": "A1E2-02", "annee": 2021, "valeur": k}]
    }
    return urllib.request.Request(
        f"{base_url}/api/v1/indicateurs/valeurs",
        data=json.dumps(lot).encode(),
        headers={"Authorization": f"Bearer {acces['jeton']}", "Content-Type": "application/json"},
    )


def _ecrire_tant_que(fini, requete, mesures, erreurs):
    k = 0
    while not fini.is_set():
        k += 1
        _envoyer(requete(k), mesures, erreurs)


def _p95(mesures):
    return statistics.quantiles(mesures, n=20)[18] if len(mesures) > 1 else sum(mesures)


def run():
    n = int(os.environ.get("BENCH_ROWS", "100000"))
    with tempfile.TemporaryDirectory(prefix="tnr-ecritures-") as dossier:
        url = f"sqlite:///{dossier}/bench.sqlite3"
        with server.production_server(database_url=url) as base_url:
            env = server.production_env(url)
            fichier = Path(dossier) / "gros.csv"
            acces = json.loads(
                subprocess.run(
                    [sys.executable, "-c", PREPARE.format(fichier=str(fichier), n=n)],
                    cwd=server.ROOT,
                    env=env,
                    check=True,
                    capture_output=True,
                    text=True,
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            fini = threading.Event()
            resultats = {"grille": ([], []), "api": ([], [])}
            fils = [
                threading.Thread(target=_ecrire_tant_que, args=(fini, requete, *resultats[nom]))
                for nom, requete in (
                    ("grille", lambda k: _grille(base_url, acces, k)),
                    ("api", lambda k: _api(base_url, acces, k)),
                )
                for _ in range(2)
            ]
            for fil in fils:
                fil.start()
            debut = time.perf_counter()
            import_ = subprocess.run(
                [sys.executable, "manage.py", "import_values", str(fichier)],
                cwd=server.ROOT,
                env=env,
                capture_output=True,
                text=True,
            )
            duree = time.perf_counter() - debut
            fini.set()
            for fil in fils:
                fil.join()
    print(
        f"Import de {n} lignes (SQLite, gunicorn en parallèle) : {duree:.0f} s, "
        f"code {import_.returncode}"
    )
    for nom, (mesures, erreurs) in resultats.items():
        print(
            f"Pendant l'import, {nom} : {len(mesures)} écritures, {len(erreurs)} erreurs "
            f"{sorted(set(map(str, erreurs)))[:5]}, p95 {_p95(mesures):.0f} ms"
        )
