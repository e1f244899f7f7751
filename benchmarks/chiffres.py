"""Stored figures: computing them all, one publication's groups, and pages with an empty cache.

Runs on a throw-away test database of the configured backend (DATABASE_URL: PostgreSQL takes
its GROUPING SETS path) with the realistic demo over every French collectivity. Prints, in one
run: the time to compute every figure; the delay from one publication to its figures; the p95
of 50 random filter combinations of the dashboard and of the engagement pages, and of profiles,
each read with an empty cache, against the same pages read again from the cache (the baseline).
"""

import random
import statistics
import time

from benchmarks.jetable import base_jetable

GRAINE = 18
COMBINAISONS = 50
PROFILS = 20
OBJECTIF_MS = {"tableau": 300, "engagement": 300, "profil": 200}


def _p95(durees):
    return statistics.quantiles(durees, n=20)[-1] * 1000 if len(durees) > 1 else durees[0] * 1000


def _chrono(fonction, *args):
    debut = time.perf_counter()
    resultat = fonction(*args)
    return time.perf_counter() - debut, resultat


def _filtres(tirage):
    """A random choice among the dashboard's filters, as its query string."""
    from manifeste.models.collectivite import ClasseTaille, TypeCollectivite
    from publication.maps import departements

    choix = {
        "type": [c for c, _l in TypeCollectivite.choices if c != "autre"],
        "taille": [c for c, _l in ClasseTaille.choices],
        "annee": [2024, 2025],
    }
    filtres = {k: tirage.choice(v) for k, v in choix.items() if tirage.random() < 0.5}
    if tirage.random() < 0.6:
        departement = tirage.choice(departements())
        cle = "departement" if tirage.random() < 0.5 else "region"
        filtres[cle] = departement["code" if cle == "departement" else "region"]
    return "&".join(f"{k}={v}" for k, v in filtres.items())


def _lire(client, urls, vider):
    """The time of each page: with an empty cache (`vider`), or read again once cached."""
    from django.core.cache import cache

    durees = []
    for url in urls:
        if vider:
            cache.clear()
        else:
            client.get(url)
        duree, reponse = _chrono(client.get, url)
        assert reponse.status_code == 200, (url, reponse.status_code)
        durees.append(duree)
    return durees


def _pages(client):
    from benchmarks.scale import echantillon_profils
    from manifeste.models import Engagement

    tirage = random.Random(GRAINE)
    codes = list(Engagement.objects.courants().values_list("code", flat=True))
    return {
        "tableau": [f"/tableau-de-bord/?{_filtres(tirage)}" for _ in range(COMBINAISONS)],
        "engagement": [
            f"/engagements/{tirage.choice(codes).lower()}/?{_filtres(tirage)}"
            for _ in range(COMBINAISONS)
        ],
        "profil": [f"/collectivites/{slug}/" for slug in echantillon_profils(PROFILS)],
    }


def publier():
    """« Publier » as the web request does it (the write, its marks, the task in the queue of
    the database backend, no worker), then what the worker does."""
    from django.test import override_settings

    from commitments.models import Evaluation
    from commitments.workflow import EtatPublication
    from publication import diffusion

    evaluation = Evaluation.objects.filter(etat_publication=EtatPublication.VALIDE).first()
    evaluation.etat_publication = EtatPublication.PUBLIE
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        duree, _ = _chrono(evaluation.save)
    print(f"« Publier » une évaluation : {duree * 1000:.0f} ms (objectif ≤ 1 s)")
    duree, lignes = _chrono(diffusion.calculer_a_faire)
    print(
        f"Sa diffusion ({evaluation.engagement.code} {evaluation.campagne.annee}) : {lignes} "
        f"lignes en {duree:.2f} s (objectif de bout en bout ≤ 10 s)"
    )


def mesurer():
    from django.conf import settings
    from django.test import Client

    from publication import diffusion
    from publication.models import Chiffre

    diffusion.tout_marquer()
    duree, lignes = _chrono(diffusion.calculer_a_faire)
    print(f"Tous les chiffres : {lignes:,} lignes en {duree:.1f} s")
    publier()
    settings.CHIFFRES_A_LA_LECTURE = False  # computed above, as a worker would have
    client = Client()
    print(f"{Chiffre.objects.count():,} chiffres stockés ; p95 sur cache vide / depuis le cache :")
    for nom, urls in _pages(client).items():
        froid = _p95(_lire(client, urls, vider=True))
        chaud = _p95(_lire(client, urls, vider=False))
        print(
            f"  {nom:<10} {len(urls)} pages : {froid:.0f} ms / {chaud:.0f} ms "
            f"(rapport {froid / chaud:.1f}×, objectif à froid ≤ {OBJECTIF_MS[nom]} ms)"
        )


def run():
    with base_jetable("load_referential", "load_territories", "seed_demo"):
        mesurer()
