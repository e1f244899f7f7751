"""Which uploaded documents a user may read: evidence follows its assessment's rights."""

from .models import Preuve


def documents_caches_a(user):
    """Ids of the documents `user` may not read: evidence none of whose assessments lets them.

    Evidence is read by those who may see its collectivity's drafts (acces.roles); once its
    assessment is published, by everyone if the collectivity chose to publish it. Documents
    attached to no evidence (the toolbox's) are public. Used by the documents' view, library
    and chooser (wagtail_hooks)."""
    preuves = Preuve.objects.filter(document__isnull=False)
    lisibles = preuves.lisibles_par(user).values("document")
    return preuves.exclude(document__in=lisibles).values("document")


def peut_lire_document(user, document):
    return not documents_caches_a(user).filter(document=document.pk).exists()
