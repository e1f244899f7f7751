"""Heavy public files (every dataset's XLSX, the yearly zip) built once per version of the
published data and served from Django's storage (shared by the app servers in production).

Rebuilding the collectivities' XLSX took 5–8 s on every request. The version is the public
figures' namespace (publication.cache, registered by the cms app: `definir_version`): it changes at
each publication, so a file is never older than what the pages show. `construire` is a plain
function (a request, a command or a task queue may call it); `publication.refresh` calls
`preconstruire` before switching to a new publication, so visitors never wait for a file.
"""

import os
import re
import tempfile
import time
from pathlib import Path

from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage

from . import datasets
from .formats import xlsx_fichier, zip_morceaux

DOSSIER = "donnees"
ATTENTE_MAX = 60  # seconds a request waits for the same file another one is building
_version = [lambda: "0"]
_NOM = re.compile(r"(?P<slug>[a-z0-9-]+)__(?P<annee>\d{4}|tout)\.(?P<extension>xlsx|zip)")


def definir_version(fonction):
    """`fonction()` → the current version of the published data (a str()-able value)."""
    _version[0] = fonction


def version():
    return str(_version[0]())


def nom(slug, annee, extension, version_):
    """Storage name; the zip's slug is `archive` (all datasets of a year)."""
    return f"{DOSSIER}/{version_}/{slug}__{annee or 'tout'}.{extension}"


def _ecrire(slug, annee, extension, sortie):
    if extension == "zip":
        for morceau in zip_morceaux(list(datasets().values()), annee):
            sortie.write(morceau)
        return
    with xlsx_fichier(datasets()[slug], annee) as fichier:
        while morceau := fichier.read(2**20):
            sortie.write(morceau)


def construire(slug, annee=None, extension="xlsx", version_=None):
    """The file in storage for this version, built if missing; returns its storage name.
    It appears whole or not at all: a build interrupted (an error, a killed process) never
    leaves a truncated file under the name visitors are served."""
    cible = nom(slug, annee, extension, version_ or version())
    if default_storage.exists(cible):
        return cible
    try:
        chemin = Path(default_storage.path(cible))
    except NotImplementedError:  # an object store shows an object only once it is uploaded
        with tempfile.TemporaryFile() as sortie:
            _ecrire(slug, annee, extension, sortie)
            sortie.seek(0)
            enregistre = default_storage.save(cible, File(sortie))
        if enregistre != cible:  # built meanwhile by another process: keep one
            default_storage.delete(enregistre)
        return cible
    chemin.parent.mkdir(parents=True, exist_ok=True)
    # Written beside its final name (hidden, never listed as a file), then renamed at once.
    with tempfile.NamedTemporaryFile(dir=chemin.parent, prefix=".", delete=False) as sortie:
        try:
            _ecrire(slug, annee, extension, sortie)
        except BaseException:
            os.unlink(sortie.name)
            raise
    os.chmod(sortie.name, 0o644)
    os.replace(sortie.name, chemin)
    return cible


def ouvrir(slug, annee, extension):
    """The file of the current version, opened; one process builds it, the others wait."""
    cible = nom(slug, annee, extension, version())
    verrou = f"fichier:{cible}"
    if not default_storage.exists(cible) and not cache.add(verrou, 1, ATTENTE_MAX):
        fin = time.monotonic() + ATTENTE_MAX
        while time.monotonic() < fin and not default_storage.exists(cible):
            time.sleep(0.2)
    try:
        return default_storage.open(construire(slug, annee, extension))
    finally:
        cache.delete(verrou)


def _fichiers(version_):
    try:
        return default_storage.listdir(f"{DOSSIER}/{version_}")[1]
    except FileNotFoundError:
        return []


def preconstruire(precedente, version_=None):
    """Build for `version_` (default: the current one) the files built for `precedente`, i.e.
    those visitors downloaded; then drop the versions older than `precedente`."""
    version_ = version_ or version()
    n = 0
    for fichier in _fichiers(precedente):
        if trouve := _NOM.fullmatch(fichier):
            annee = None if trouve["annee"] == "tout" else int(trouve["annee"])
            if trouve["slug"] == "archive" or trouve["slug"] in datasets():
                construire(trouve["slug"], annee, trouve["extension"], version_)
                n += 1
    try:
        versions = default_storage.listdir(DOSSIER)[0]
    except FileNotFoundError:
        versions = []
    for ancienne in set(versions) - {str(precedente), str(version_)}:
        for fichier in _fichiers(ancienne):
            default_storage.delete(f"{DOSSIER}/{ancienne}/{fichier}")
    return n
