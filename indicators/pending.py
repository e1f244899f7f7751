"""Files between their dry run and their confirmation: kept in the private storage
`televersements` (shared by the app servers in production), consumed once, removed on
confirmation or after a day (`manage.py purger_televersements`). See
docs/adr/writes-race-free.md."""

import uuid
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone

from .imports import ecrire, importer
from .models import ImportEnAttente

DUREE = timedelta(hours=24)


def stockage():
    return storages["televersements"]


def deposer(contenu, nom, user):
    """Keep a checked file aside; returns its one-time token."""
    jeton = uuid.uuid4().hex
    chemin = stockage().save(f"indicateurs/{jeton}", ContentFile(contenu))
    ImportEnAttente.objects.create(jeton=jeton, user=user, nom=nom[:255], fichier=chemin)
    return jeton


def _resultat(rapport):
    return {
        "ecrit": rapport.ecrit,
        "resume": rapport.resume(),
        "erreurs": [str(e) for e in rapport.erreurs],
    }


def confirmer(attente, user):
    """Write the file of `attente` once, whoever clicks how many times: the row is claimed in
    the write's transaction, so a second confirmation waits for the first and finds it done
    (or, if the first died, nothing written and the file still pending). Returns the result."""
    # Checked again (the data or the user's rights may have changed since the dry run), before
    # taking the write lock: a long check never holds other writers.
    with stockage().open(attente.fichier, "rb") as entree:
        rapport = importer(entree.read(), attente.nom, user, essai=True)
    with transaction.atomic():
        pris = ImportEnAttente.objects.filter(pk=attente.pk, confirme_le__isnull=True).update(
            confirme_le=timezone.now()
        )
        if not pris:
            return ImportEnAttente.objects.get(pk=attente.pk).resultat
        ecrire(rapport, user, raison=f"import {attente.nom}")
        ImportEnAttente.objects.filter(pk=attente.pk).update(resultat=_resultat(rapport))
        transaction.on_commit(lambda: stockage().delete(attente.fichier))
    return _resultat(rapport)


def purger(progression=None, maintenant=None):
    """Remove the pending files and rows older than a day; returns how many."""
    limite = (maintenant or timezone.now()) - DUREE
    anciennes = list(ImportEnAttente.objects.filter(cree_le__lt=limite))
    for attente in anciennes:
        stockage().delete(attente.fichier)  # no error if the confirmation removed it already
        attente.delete()
        if progression:
            progression(1)
    return len(anciennes)
