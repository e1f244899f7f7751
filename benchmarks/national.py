"""National scale on PostgreSQL, in one run: the seed time; every stored figure computed; the
raw GROUP BY of the published values against the stored figures; cold pages against warm ones;
« Publier », its delay to the public page and a worker's publications per minute; the load test
with concurrent imports that must lose nothing.

Builds once, then reuses, the database `tnr_bench_national` on the PostgreSQL of BENCH_PG_URL
(default postgres://postgres@127.0.0.1:5432): reference data, demo, `seed_national --years
2021-2026` (goal ≤ 10 min; BENCH_NATIONAL_YEARS=2025 for a quick try), then
benchmarks/scale.py publishes that data so the public pages have national-scale figures to
show. BENCH_REBUILD=1 builds it again. Every run applies new migrations, and computes every
stored figure again if any was applied since the last computation (or BENCH_RECALCULER=1);
otherwise it shows that computation's time.

Pages are read by gunicorn (production settings) sharing the Redis of BENCH_REDIS_URL with a
real `manage.py db_worker`: cold means Redis flushed before each request, warm the same page
read again (the baseline). The publication measures publish assessments again after taking
them back to « validé » (benchmarks/scale.py). Skipped without PostgreSQL or Redis.
"""

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import psycopg
import redis

from benchmarks import load, server
from benchmarks.chiffres import OBJECTIF_MS, _p95

PG = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
BASE = "tnr_bench_national"
DATABASE_URL = f"{PG}/{BASE}"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
ANNEES = os.environ.get("BENCH_NATIONAL_YEARS", "2021-2026")  # a single year for a quick try
ANNEE = 2025  # the year of the publication measures, in every build
IMPORTS = 6  # files per import thread during the load test
PUBLICATIONS = 40  # back to back, for the worker's rate
GOAL_SEED_S = 600
GOAL_PUBLIER_S = 1
GOAL_DELAI_S = 10
ATTENTE_MAX_S = 900  # a diffusion still running after this fails the bench


def _verdict(valeur, objectif):
    return "ok" if valeur <= objectif else "DÉPASSÉ"


def _django(code, env):
    """Run `code` in a Django process on the bench database; returns its stdout."""
    sortie = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=server.ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if sortie.returncode:
        raise RuntimeError(f"{code}\n{sortie.stderr[-3000:]}")
    return sortie.stdout


def _scale(env, fonction, *args):
    """What `fonction(*args)` of benchmarks/scale.py prints, as JSON."""
    return json.loads(_django(f"from benchmarks.scale import {fonction}; {fonction}{args!r}", env))


def _etat(cle):
    """A value noted in the bench database's table bench_etat; None without it."""
    try:
        with psycopg.connect(DATABASE_URL, connect_timeout=3) as conn:
            ligne = conn.execute("SELECT value FROM bench_etat WHERE key = %s", [cle]).fetchone()
    except psycopg.Error:
        return None
    return ligne[0] if ligne else None


def _noter(cle, valeur):
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO bench_etat VALUES (%s, %s) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [cle, valeur],
        )


def _pret():
    """The seed time recorded when the bench database was built for ANNEES; None: build it."""
    duree, _, annees = (_etat("pret") or "").partition(" ")
    return float(duree) if annees == ANNEES else None


def construire(env):
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BASE}")
        conn.execute(f"CREATE DATABASE {BASE}")
    for command in server.PREPARE:
        server.manage(env, *command)
    debut = time.perf_counter()
    server.manage(env, "seed_national", "--years", ANNEES)
    duree = time.perf_counter() - debut
    print(_django("from benchmarks.scale import preparer; preparer()", env), end="")
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        conn.execute("CREATE TABLE bench_etat (key text PRIMARY KEY, value text)")
    _noter("pret", f"{duree:.0f} {ANNEES}")
    return duree


def analyser():
    """The planner's statistics, as autovacuum keeps them (it may be off, as on these machines):
    without them it reads the stored figures through the wrong index, 70 ms a query instead of 1."""
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        conn.execute("ANALYZE")


def tous_les_chiffres(env):
    """(seconds, stored rows, measured now) of every stored figure: computed again when the
    schema changed since the last computation, which a database built before the stored
    figures never had."""
    with psycopg.connect(DATABASE_URL) as conn:
        schema = str(conn.execute("SELECT max(id) FROM django_migrations").fetchone()[0])
    duree, lignes, fait_pour = (_etat("chiffres") or "- - -").split()
    if fait_pour == schema and not os.environ.get("BENCH_RECALCULER"):
        return float(duree), int(lignes), False
    analyser()  # after the build's bulk loads
    duree, lignes = _scale(env, "tout_calculer")
    analyser()  # the figures, written in one go
    _noter("chiffres", f"{duree:.1f} {lignes} {schema}")
    return duree, lignes, True


def sql_et_stockes(env):
    mesures = _scale(env, "sql_et_stockes", ANNEE)
    print(f"GROUP BY SQL des valeurs publiées / chiffres stockés, indicateurs partagés {ANNEE} :")
    for nom, (sql, stocke) in mesures.items():
        print(
            f"  {nom:<10} {sql * 1000:.0f} ms / {stocke * 1000:.0f} ms "
            f"(rapport {sql / stocke:.0f}×)"
        )


def _lire(url):
    """(seconds, body) of a page that must answer 200."""
    debut = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        corps = response.read().decode()
        assert response.status == 200, (url, response.status)
    return time.perf_counter() - debut, corps


def _vider():
    redis.Redis.from_url(REDIS_URL).flushdb()


def _froid(base_url, chemin):
    _vider()
    return _lire(base_url + chemin)[0], chemin


def _chaud(base_url, chemin):
    _lire(base_url + chemin)
    return _lire(base_url + chemin)[0]


def pages_froides(base_url, pages):
    """Each page once with Redis empty, then read again once cached (the baseline); and the
    slowest cold one."""
    print("Pages, p95 à froid (Redis vidé avant chaque requête) / à chaud :")
    for nom, chemins in pages.items():
        froids = sorted(_froid(base_url, c) for c in chemins)
        froid = _p95([d for d, _ in froids])
        chaud = _p95([_chaud(base_url, c) for c in chemins])
        print(
            f"  {nom:<10} {len(chemins)} pages : {froid:.0f} ms / {chaud:.0f} ms "
            f"(rapport {froid / chaud:.0f}×, objectif à froid ≤ {OBJECTIF_MS[nom]} ms, "
            f"{_verdict(froid, OBJECTIF_MS[nom])}) ; la plus lente {froids[-1][0] * 1000:.0f} ms : "
            f"{froids[-1][1]}"
        )


@contextmanager
def worker(env):
    """A real `manage.py db_worker` beside the server, as production runs it."""
    processus = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay"],
        cwd=server.ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield
    finally:
        processus.terminate()
        processus.wait(timeout=60)


def _en_cours(base_url):
    return json.loads(_lire(base_url + "/donnees/diffusion.json")[1])["en_cours"]


def _attendre_diffusion(base_url):
    """When /donnees/diffusion.json says that no publication is on its way any more."""
    limite = time.time() + ATTENTE_MAX_S
    while _en_cours(base_url):
        if time.time() > limite:
            raise RuntimeError(f"Diffusion toujours en cours après {ATTENTE_MAX_S} s")
        time.sleep(0.1)
    return time.time()


def _declarantes(base_url, page):
    corps = _lire(base_url + page)[1]
    return int(re.sub(r"\D", "", re.search(r'id="nb-declarantes">([^<]*)<', corps)[1]))


def delai_publication(base_url, env):
    """A commune that had published nothing this year publishes an assessment: the count of
    collectivities that published, on its département's dashboard, goes up by one."""
    page, evaluation = _scale(env, "sans_publication", ANNEE)
    _attendre_diffusion(base_url)
    avant = _declarantes(base_url, page)
    [(commit, publier)] = _scale(env, "publier", [evaluation])
    vu = fini = None
    while not (vu and fini):
        if time.time() > commit + ATTENTE_MAX_S:
            raise RuntimeError(f"{page} montre toujours {avant} déclarantes")
        if not vu and (apres := _declarantes(base_url, page)) != avant:
            vu = time.time()
        if not fini and not _en_cours(base_url):
            fini = time.time()
        time.sleep(0.1)
    print(
        f"« Publier » une évaluation : {publier * 1000:.0f} ms "
        f"(objectif ≤ {GOAL_PUBLIER_S} s, {_verdict(publier, GOAL_PUBLIER_S)})"
    )
    print(
        f"Publication → page publique qui la montre : {vu - commit:.1f} s "
        f"(objectif ≤ {GOAL_DELAI_S} s, {_verdict(vu - commit, GOAL_DELAI_S)}) ; "
        f"diffusion.json en_cours false après {fini - commit:.1f} s "
        f"({page} : {avant} → {apres} déclarantes)"
    )


def debit(base_url, env):
    """PUBLICATIONS publications back to back, one transaction each, in as many départements:
    how many a worker shows per minute, from the first commit to the end of the diffusion."""
    ids = _scale(env, "a_publier", PUBLICATIONS, ANNEE)
    publications = _scale(env, "publier", ids)
    duree = _attendre_diffusion(base_url) - publications[0][0]
    ecritures = [s for _, s in publications]
    print(
        f"{len(ids)} publications à la suite ({len(ids)} départements) : écrites en "
        f"{publications[-1][0] - publications[0][0]:.1f} s (« Publier » médiane "
        f"{statistics.median(ecritures) * 1000:.0f} ms, max {max(ecritures) * 1000:.0f} ms), "
        f"diffusées {duree:.0f} s après la première : {len(ids) / duree * 60:.0f} "
        f"publications par minute de worker"
    )


def _importer(env, fichiers, resultats):
    """Import each file in turn with the command line, as a scheduled job would."""
    for fichier in fichiers:
        sortie = subprocess.run(
            [sys.executable, "manage.py", "import_values", str(fichier)],
            cwd=server.ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        resultats.append(
            (fichier.name, sortie.returncode, sortie.stdout[-300:] + sortie.stderr[-300:])
        )


def charge_avec_imports(base_url, paths, env):
    """The load test while two threads import (new values, then edits of them): every
    confirmed value must be in the database afterwards."""
    with tempfile.TemporaryDirectory(prefix="tnr-imports-") as dossier:
        attendu = json.loads(
            _django(
                f"from benchmarks.scale import fichiers_import; "
                f"fichiers_import({dossier!r}, {IMPORTS})",
                env,
            )
        )
        fichiers = sorted(Path(dossier).glob("*.csv"))
        for chemin in paths:  # cached, as visitors leave them: the load measures serving them
            _lire(base_url + chemin)
        resultats = []
        fils = [
            threading.Thread(target=_importer, args=(env, fichiers[i::2], resultats))
            for i in range(2)
        ]
        for fil in fils:
            fil.start()
        mesure = load.load(base_url, paths=paths, duration=60)
        for fil in fils:
            fil.join()
        refuses = [r for r in resultats if r[1] != 0]
        confirmes = {nom for nom, code, _ in resultats if code == 0}
        with open(Path(dossier) / "attendu.json", "w") as f:
            json.dump({k: v for k, v in attendu.items() if k in confirmes}, f)
        perdues = _django(
            f"from benchmarks.scale import verifier; verifier({str(Path(dossier) / 'attendu.json')!r})",
            env,
        ).strip()
    print(
        f"Charge 60 s ({load.RATE} req/s visés) : {mesure['requests']} requêtes, "
        f"{mesure['rps']:.0f} req/s, p50 {mesure['p50_ms']:.0f} ms, p95 {mesure['p95_ms']:.0f} ms, "
        f"erreurs {len(mesure['errors'])}"
    )
    print(
        f"Imports pendant la charge : {len(confirmes)} confirmés, {len(refuses)} refusés ; {perdues}"
    )
    for nom, code, sortie in refuses:
        print(f"  {nom} (code {code}) : {sortie}")


def _services():
    """Why the bench cannot run, if PostgreSQL or Redis does not answer."""
    try:
        with psycopg.connect(f"{PG}/postgres", connect_timeout=3):
            pass
    except psycopg.Error:
        return f"PostgreSQL ne répond pas sur {PG}"
    try:
        _vider()
    except redis.RedisError:
        return f"Redis ne répond pas sur {REDIS_URL}"
    return None


def run():
    if panne := _services():
        print(f"{panne} : bench national ignoré.")
        return
    env = server.production_env(DATABASE_URL) | {"REDIS_URL": REDIS_URL}
    duree = None if os.environ.get("BENCH_REBUILD") else _pret()
    if duree is None:
        print(f"Construction de {BASE} (une fois ; BENCH_REBUILD=1 pour refaire)")
        duree = construire(env)
    else:
        server.manage(env, "migrate", "--noinput")  # the database may predate the code
    print(
        f"seed_national {ANNEES} sur PostgreSQL : {duree:.0f} s "
        f"(objectif ≤ {GOAL_SEED_S} s, {_verdict(duree, GOAL_SEED_S)})",
        flush=True,
    )
    duree, lignes, maintenant = tous_les_chiffres(env)
    print(
        f"Tous les chiffres (tout_marquer + calculer_a_faire) : {lignes:,} lignes stockées en "
        f"{duree:.0f} s{'' if maintenant else ' (mesure précédente : ils sont à jour)'}",
        flush=True,
    )
    sql_et_stockes(env)
    pages = json.loads(
        _django(
            "import json; from benchmarks.chiffres import _pages; print(json.dumps(_pages(None)))",
            env,
        )
    )
    with server.production_server(
        database_url=DATABASE_URL, prepare=False, extra_env={"REDIS_URL": REDIS_URL}
    ) as base_url:
        pages_froides(base_url, pages)
        with worker(env):
            delai_publication(base_url, env)
            debit(base_url, env)
        chemins = pages["tableau"][:10] + pages["engagement"][:10] + pages["profil"]
        charge_avec_imports(base_url, chemins, env)
