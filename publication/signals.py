"""The dashboards' cache is renewed whenever what they show may have changed: published
assessments and indicator values (by a task enqueued in the write's transaction,
publication.tasks), the referential, pages and, through `invalider_a_chaque_ecriture`, the
models of apps above this one (dropped at once: the menu and the links between pages are cached too).

Drafts never drop it: during a campaign thousands of officers save drafts, and each drop makes
the next visitor of the national dashboard wait for figures computed over millions of values.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from publication import diffusion
from publication.cache import invalider_tableaux
from publication.models import TOUS
from publication.tasks import programmer


def _invalider(sender, **kwargs):
    invalider_tableaux()


def _diffuser(sender, **kwargs):
    diffusion.tout_marquer()
    programmer()


def _sujet(instance):
    """(subject, year) of a published assessment or value; None for a collectivity's own
    indicator, which no group figure includes."""
    if hasattr(instance, "engagement_id"):
        return instance.engagement.code, instance.campagne.annee
    indicateur = instance.indicateur
    return None if indicateur.collectivite_id else (indicateur.code, instance.annee)


def _diffuser_si_public(sender, instance, **kwargs):
    """Only when the instance was published when loaded, or is now (commitments.workflow)."""
    if instance.touche_le_public:
        if sujet := _sujet(instance):
            diffusion.marquer(*sujet, instance.collectivite_id)
        programmer()
    instance.publication_enregistree()


def _regrouper(sender, instance, **kwargs):
    """A collectivity's type, size or territory places it in its groups: theirs are computed
    again (the groups it left wait for the next full computation: territories change by the
    yearly load, which computes everything)."""
    diffusion.marquer(TOUS, 0, instance.pk)
    programmer()


def _a_chaque_ecriture(receveur, modeles):
    for nom, signal in (("save", post_save), ("delete", post_delete)):
        for modele in modeles:
            signal.connect(
                receveur, sender=modele, dispatch_uid=f"tableaux-{nom}-{modele._meta.label}"
            )


def invalider_a_chaque_ecriture(*modeles):
    """The public cache is dropped whenever a row of one of `modeles` is saved or deleted."""
    _a_chaque_ecriture(_invalider, modeles)


def connecter():
    from acces.signals import publication_modifiee
    from commitments.models import Evaluation
    from indicators.models import Valeur
    from manifeste.models import (
        Ambition,
        Collectivite,
        DescripteurNiveau,
        Engagement,
        NiveauMaturite,
        Referentiel,
    )

    post_save.connect(_regrouper, sender=Collectivite, dispatch_uid="chiffres-collectivite")

    _a_chaque_ecriture(_diffuser_si_public, (Evaluation, Valeur))
    # A page deletion reaches the base Page model too.
    referentiel = (Referentiel, Ambition, Engagement, NiveauMaturite, DescripteurNiveau)
    invalider_a_chaque_ecriture(*referentiel, Page)
    # Page signals are sent for every page type; bulk writes send publication_modifiee.
    for nom, signal in (
        ("publie", page_published),
        ("depublie", page_unpublished),
        ("deplace", post_page_move),
    ):
        signal.connect(_invalider, dispatch_uid=f"tableaux-{nom}")
    publication_modifiee.connect(_diffuser, dispatch_uid="tableaux-ecriture")
