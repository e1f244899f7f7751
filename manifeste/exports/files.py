"""Heavy public files (every dataset's XLSX, the yearly zip) built once per version of the
published data and served from Django's storage (shared by the app servers in production).

Rebuilding the collectivities' XLSX took 5–8 s on every request. The version is the public
figures' namespace (publication.cache, registered by the publication app: `definir_version`): it
changes at each publication, so a file is never older than what the pages show. A request never
builds one: it enqueues `construire_fichier` (manifeste.sorties), and after a publication the
`construire_fichiers` task calls `preconstruire`, so visitors seldom wait for a file.
"""

import re

from django.core.files.storage import default_storage
from django_tasks import task

from manifeste.sorties import enregistrer, fichiers, garder

from . import datasets
from .formats import xlsx_fichier, zip_morceaux

DOSSIER = "donnees"
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


def construire_sous(cible, slug, annee=None, extension="xlsx"):
    """The file stored under the name `cible`, built if missing; returns that name."""
    if default_storage.exists(cible):
        return cible
    return enregistrer(cible, lambda sortie: _ecrire(slug, annee, extension, sortie))


def construire(slug, annee=None, extension="xlsx", version_=None):
    """The file in storage for this version, built if missing; returns its storage name."""
    return construire_sous(
        nom(slug, annee, extension, version_ or version()), slug, annee, extension
    )


@task()
def construire_fichier(slug, annee, extension, version_):
    """What a request for a missing file enqueues (manifeste.sorties)."""
    return construire(slug, annee, extension, version_)


def preconstruire(precedente, version_=None):
    """Build for `version_` (default: the current one) the files built for `precedente`, i.e.
    those visitors downloaded; then drop the versions older than `precedente`."""
    version_ = version_ or version()
    n = 0
    for fichier in fichiers(f"{DOSSIER}/{precedente}"):
        if trouve := _NOM.fullmatch(fichier):
            annee = None if trouve["annee"] == "tout" else int(trouve["annee"])
            if trouve["slug"] == "archive" or trouve["slug"] in datasets():
                construire(trouve["slug"], annee, trouve["extension"], version_)
                n += 1
    garder(DOSSIER, {str(precedente), str(version_)})
    return n
