"""Heavy outputs (a report's PDF, the open-data XLSX and zip, admin exports) are built by a task
and kept in Django's storage; a request never builds one (docs/adr/publication-tasks.md).

A request for a stored file gets it at once. For a missing one, the first request enqueues its
build and every request meanwhile gets the « Préparation du fichier… » page (202), which asks
again until the file is there, or says in French that the build failed. Which task builds a
file is remembered in the cache by the file's name, so that a double click or two visitors
enqueue one build: the name holds what the file depends on (the published data's version, the
language, the user and query of an export), so a stored file is never older than the pages.
"""

import os
import re
import secrets
import tempfile
from datetime import timedelta
from enum import Enum
from pathlib import Path

from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

DUREE = 3600  # seconds the cache remembers a build; a newer version has other names anyway
APPEL = ""  # in the cache while the request that won the claim enqueues the task
APPEL_DUREE = 60  # seconds, should that request die before it says which task it enqueued
RAFRAICHISSEMENT = 3  # seconds between two looks of the waiting page
EXPORTS = "exports"
FRAICHEUR = 60  # seconds an export asked again is the same build
JETON = re.compile(r"[A-Za-z0-9_-]{22}")  # secrets.token_urlsafe(16)


class Etat(Enum):
    PRET = "pret"
    EN_COURS = "en_cours"
    ECHEC = "echec"


def enregistrer(cible, ecrire):
    """Store under `cible` what `ecrire(sortie)` writes: whole or not at all, so an interrupted
    build (an error, a killed process) never leaves a truncated file under the served name."""
    try:
        chemin = Path(default_storage.path(cible))
    except NotImplementedError:  # an object store shows an object only once it is uploaded
        with tempfile.TemporaryFile() as sortie:
            ecrire(sortie)
            sortie.seek(0)
            enregistre = default_storage.save(cible, File(sortie))
        if enregistre != cible:  # built meanwhile by another process: keep one
            default_storage.delete(enregistre)
        return cible
    chemin.parent.mkdir(parents=True, exist_ok=True)
    # Written beside its final name (hidden, never listed as a file), then renamed at once.
    with tempfile.NamedTemporaryFile(dir=chemin.parent, prefix=".", delete=False) as sortie:
        try:
            ecrire(sortie)
        except BaseException:
            os.unlink(sortie.name)
            raise
    os.chmod(sortie.name, 0o644)
    os.replace(sortie.name, chemin)
    return cible


def _contenu(dossier):
    """(folders, files) of a storage folder; none when it does not exist yet."""
    try:
        return default_storage.listdir(dossier)
    except FileNotFoundError:
        return [], []


def fichiers(dossier):
    return _contenu(dossier)[1]


def garder(dossier, versions):
    """Delete the files of `dossier`'s version folders but those of `versions` (str)."""
    for ancienne in set(_contenu(dossier)[0]) - set(versions):
        for fichier in fichiers(f"{dossier}/{ancienne}"):
            default_storage.delete(f"{dossier}/{ancienne}/{fichier}")


def _resultat(tache, identifiant):
    try:
        return tache.get_result(identifiant)
    except (TaskResultDoesNotExist, NotImplementedError):
        return None


def _suite(resultat, cle, nom):
    """The state of a build its task result says (None: forgotten by the backend)."""
    if resultat is None:
        cache.delete(cle)  # pruned, or another thread's: the next ask enqueues it again
        return Etat.EN_COURS
    if resultat.status == TaskResultStatus.FAILED:
        cache.delete(cle)  # shown once; asking again tries again
        return Etat.ECHEC
    if resultat.status == TaskResultStatus.SUCCESSFUL:
        if default_storage.exists(nom):
            return Etat.PRET
        cache.delete(cle)  # built then removed (an older version's cleanup): build it again
    return Etat.EN_COURS


def etat(tache, nom):
    """The state of the stored file `nom` that `tache` builds, without asking for it: None
    when nobody asked."""
    if default_storage.exists(nom):
        return Etat.PRET
    cle = f"sortie:{nom}"
    if (identifiant := cache.get(cle)) is None:
        return None
    if identifiant == APPEL:
        return Etat.EN_COURS
    return _suite(_resultat(tache, identifiant), cle, nom)


def demander(tache, nom, kwargs):
    """The state of the stored file `nom`; unless it is there or under way, `tache(**kwargs)`,
    which stores it under `nom`, is enqueued."""
    if (deja := etat(tache, nom)) is not None:
        return deja
    cle = f"sortie:{nom}"
    if not cache.add(cle, APPEL, APPEL_DUREE):
        return Etat.EN_COURS  # another request is enqueueing it now
    try:
        resultat = tache.enqueue(**kwargs)
    except BaseException:
        cache.delete(cle)  # the next request tries
        raise
    cache.set(cle, resultat.id, DUREE)
    return _suite(resultat, cle, nom)


def servir(request, tache, nom, kwargs, filename, content_type, as_attachment=True, **options):
    """The stored file, or the page that waits for it (202) or says its build failed (503).
    Options: `adresse`, what the page asks again (default: this request's); `dossier`, of
    the pages' templates (`sorties/admin/` in the admin's layout)."""
    etat = demander(tache, nom, kwargs)
    if etat is Etat.PRET:
        return FileResponse(
            default_storage.open(nom),
            as_attachment=as_attachment,
            filename=filename,
            content_type=content_type,
        )
    page = "preparation.html" if etat is Etat.EN_COURS else "echec.html"
    reponse = TemplateResponse(
        request,
        options.get("dossier", "sorties/") + page,
        {
            "fichier": filename,
            "delai": RAFRAICHISSEMENT,
            "adresse": options.get("adresse") or request.get_full_path(),
        },
        status=202 if etat is Etat.EN_COURS else 503,
    )
    add_never_cache_headers(reponse)  # the next look must reach the server
    return reponse


def servir_export(request, tache, kwargs, filename, content_type):
    """A private export (admin): built for this user and query when asked, so never older than
    the screen it comes from; asked again within FRAICHEUR seconds (a double click), the same
    build. The build is named by a random `jeton` under the user's folder, and the waiting
    page asks again with it (?jeton=); `tache(nom=…, **kwargs)` stores the file under `nom`
    (enregistrer_export).
    The view checks the user's rights first, at every request."""
    jeton = request.GET.get("jeton", "")
    if not JETON.fullmatch(jeton):
        cle = f"export:{request.user.pk}:{request.get_full_path()}"
        cache.add(cle, secrets.token_urlsafe(16), FRAICHEUR)
        jeton = cache.get(cle) or secrets.token_urlsafe(16)
    nom = f"{EXPORTS}/{request.user.pk}/{jeton}/{filename}"
    requete = request.GET.copy()
    requete["jeton"] = jeton
    return servir(
        request,
        tache,
        nom,
        {**kwargs, "nom": nom},
        filename,
        content_type,
        adresse=f"{request.path}?{requete.urlencode()}",
        dossier="sorties/admin/",
    )


def enregistrer_export(nom, contenu):
    """Store an export's bytes under the `nom` servir_export gave its task; its user's exports
    older than a day are deleted meanwhile (each is asked for once)."""
    dossier = nom.split("/")[1]
    limite = timezone.now() - timedelta(days=1)
    for jeton in _contenu(f"{EXPORTS}/{dossier}")[0]:
        for fichier in fichiers(f"{EXPORTS}/{dossier}/{jeton}"):
            ancien = f"{EXPORTS}/{dossier}/{jeton}/{fichier}"
            if default_storage.get_modified_time(ancien) < limite:
                default_storage.delete(ancien)
    return enregistrer(nom, lambda sortie: sortie.write(contenu))
