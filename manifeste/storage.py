"""Where uploaded files live: a private folder that no web server serves.

Documents (evidence of assessments, toolbox attachments) are read only through the documents'
view, which asks the permission layer (`before_serve_document`); nothing links to the folder, so
`url()` has no answer. Each file gets a random folder of its own: its path cannot be guessed
from its name, and the download keeps the name the officer gave it.
"""

import secrets
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property

ALEA_OCTETS = 16  # 128 bits: a path nobody guesses


class StockagePrive(FileSystemStorage):
    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.DOCUMENTS_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "DOCUMENTS_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise NotImplementedError("Private files are served by a view that checks permissions.")

    def generate_filename(self, filename):
        chemin = PurePosixPath(super().generate_filename(filename))
        return str(chemin.parent / secrets.token_urlsafe(ALEA_OCTETS) / chemin.name)


def privatiser(documents, ancien_dossier, stockage):
    """Move the files of `documents` (a Document queryset) found under `ancien_dossier` (the
    former public media folder) into `stockage`, under a random folder. Returns how many moved.

    A file already in `stockage` or missing from the old folder is left as it is."""
    deplaces = 0
    for document in documents.exclude(file=""):
        source = Path(ancien_dossier) / document.file.name
        if not source.is_file() or stockage.exists(document.file.name):
            continue
        with source.open("rb") as contenu:
            nom = stockage.save(stockage.generate_filename(document.file.name), File(contenu))
        documents.filter(pk=document.pk).update(file=nom)
        source.unlink()
        deplaces += 1
    return deplaces
