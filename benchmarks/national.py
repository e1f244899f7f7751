"""National scale on PostgreSQL: seed_national time, dashboard and profile p95, and the load test
with concurrent imports that must lose nothing.

Builds once, then reuses, the database `tnr_bench_national` on the PostgreSQL of BENCH_PG_URL
(default postgres://postgres@127.0.0.1:5432): reference data, demo, `seed_national --years
2021-2026` (goal ≤ 10 min; BENCH_NATIONAL_YEARS=2025 for a quick try), then
benchmarks/scale.py publishes that data so the public pages have national-scale figures to
show. BENCH_REBUILD=1 builds it again. Skipped without PostgreSQL.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import psycopg

from benchmarks import load, server

PG = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
BASE = "tnr_bench_national"
DATABASE_URL = f"{PG}/{BASE}"
PROFILS = 100
IMPORTS = 6  # files per import thread during the load test
GOAL_SEED_S = 600
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
ANNEES = os.environ.get("BENCH_NATIONAL_YEARS", "2021-2026")  # a single year for a quick try


def _django(code, env):
    """Run `code` in a Django process on the bench database; returns its stdout."""
    prologue = "import django; django.setup(); "
    return subprocess.run(
        [sys.executable, "-c", prologue + code],
        cwd=server.ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _pret():
    """The seed time recorded when the bench database was built for ANNEES; None: build it."""
    try:
        with psycopg.connect(DATABASE_URL, connect_timeout=3) as conn:
            ligne = conn.execute("SELECT value FROM bench_etat WHERE key = 'pret'").fetchone()
    except psycopg.Error:
        return None
    duree, _, annees = ligne[0].partition(" ") if ligne else ("", "", "")
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
        conn.execute("INSERT INTO bench_etat VALUES ('pret', %s)", [f"{duree:.0f} {ANNEES}"])
    return duree


def _get(url):
    debut = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        assert response.status == 200, (url, response.status)
    return (time.perf_counter() - debut) * 1000


def p95(base_url, paths):
    durees = sorted(_get(base_url + path) for path in paths)
    return statistics.quantiles(durees, n=20)[18] if len(durees) > 1 else durees[0]


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
    return mesure, len(confirmes), refuses, perdues


def _redis():
    """The Redis of these machines, shared by the server's workers as in production, if any;
    its bench database starts empty (figures of an earlier build must not be served)."""
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).flushdb()
    except Exception:  # no server: each worker keeps its own local-memory cache
        return {}
    return {"REDIS_URL": REDIS_URL}


def run():
    env = server.production_env(DATABASE_URL) | _redis()
    try:
        with psycopg.connect(f"{PG}/postgres", connect_timeout=3):
            pass
    except psycopg.Error:
        print(f"PostgreSQL ne répond pas sur {PG} : bench national ignoré.")
        return
    duree = None if os.environ.get("BENCH_REBUILD") else _pret()
    if duree is None:
        print(f"Construction de {BASE} (une fois ; BENCH_REBUILD=1 pour refaire)")
        duree = construire(env)
    print(
        f"seed_national {ANNEES} sur PostgreSQL : {duree:.0f} s "
        f"(objectif ≤ {GOAL_SEED_S} s, {'ok' if duree <= GOAL_SEED_S else 'DÉPASSÉ'})"
    )
    profils = [
        f"/collectivites/{slug}/"
        for slug in json.loads(
            _django(
                f"import json; from benchmarks.scale import echantillon_profils; "
                f"print(json.dumps(echantillon_profils({PROFILS})))",
                env,
            )
        )
    ]
    tableaux = [
        "/tableau-de-bord/",
        "/tableau-de-bord/?type=commune",
        "/tableau-de-bord/?annee=2024",
    ]
    print(f"Cache : {'Redis' if 'REDIS_URL' in env else 'mémoire locale'}")
    with server.production_server(
        database_url=DATABASE_URL, prepare=False, extra_env=_redis()
    ) as base_url:
        froid = p95(base_url, profils)
        chaud = p95(base_url, profils)
        p95(base_url, tableaux)
        tableau = p95(base_url, tableaux * 10)
        print(f"Tableau de bord national, p95 à chaud : {tableau:.0f} ms (objectif ≤ 300 ms)")
        print(
            f"Profil ({len(profils)} collectivités), p95 à chaud : {chaud:.0f} ms (objectif ≤ 200 ms)"
            f" ; premier affichage (cache vide) : {froid:.0f} ms"
        )
        mesure, confirmes, refuses, perdues = charge_avec_imports(
            base_url, tableaux + profils[:20], env
        )
        debut = time.perf_counter()
        bilan_diffusion = _django(
            "from django.core.management import call_command; call_command('diffuser_chiffres')",
            env,
        ).strip()
        diffusion = time.perf_counter() - debut
    print(
        f"Charge 60 s ({load.RATE} req/s visés) : {mesure['requests']} requêtes, "
        f"{mesure['rps']:.0f} req/s, p50 {mesure['p50_ms']:.0f} ms, p95 {mesure['p95_ms']:.0f} ms, "
        f"erreurs {len(mesure['errors'])}"
    )
    print(f"Imports pendant la charge : {confirmes} confirmés, {len(refuses)} refusés ; {perdues}")
    print(
        f"Publication → bascule (tâche diffuser, hors file) : {diffusion:.0f} s ; {bilan_diffusion}"
    )
    for nom, code, sortie in refuses:
        print(f"  {nom} (code {code}) : {sortie}")
