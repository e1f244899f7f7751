"""Frozen editions: a year's stored figures copied as they are when its campaign closed.

`figer` first computes every publication waiting (the edition holds all of them), then, under
the figures' lock, copies the year's live rows into the edition, with the signatories of each
group at that moment, the referential's versions and the catalogue the figures come from, and
the list of who had published. Live rows (edition 0) are the only ones the diffusion rewrites:
later corrections never reach an edition.
"""

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import Evaluation, Signature
from indicators.models import Indicateur
from indicators.writes import inserer
from manifeste.models import Collectivite
from publication import computation, diffusion
from publication.cache import invalider_tableaux
from publication.models import SIGNATAIRES, Chiffre, Edition
from publication.publiees import declarantes

# What an edition keeps of each shared indicator: enough to read and recompute its figures.
DEFINITION = ("code", "nom_fr", "nature", "agregation", "portee", "echelle", "unite", "cibles")


class EditionExistante(ValueError):
    pass


def editions():
    """Every edition, latest first."""
    return list(Edition.objects.all())


def _copier(annee):
    table = Chiffre._meta.db_table
    colonnes = ", ".join(diffusion.COLONNES)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({colonnes}, edition) "
            f"SELECT {colonnes}, %s FROM {table} WHERE edition = 0 AND annee = %s",
            [annee, annee],
        )


def _signataires(annee):
    """Each group's signatories now: the « non publié » of the edition's level counts."""
    ids = Signature.objects.filter(collectivite__active=True).values_list(
        "collectivite_id", flat=True
    )
    g = computation.Groupes.de(computation.membres())
    frames = [computation.chiffres_declarantes(ids, g, SIGNATAIRES)]
    quand = connection.ops.adapt_datetimefield_value(timezone.now())
    rangs = [(*r, annee) for r in diffusion.rangs(frames, annee, quand)]
    with connection.cursor() as cursor:
        inserer(cursor, Chiffre._meta.db_table, [*diffusion.COLONNES, "edition"], rangs)


def _contributeurs(annee):
    return list(
        declarantes(Collectivite.objects.all(), annee)
        .order_by("type", "nom")
        .values("code_insee", "type", "nom")
    )


def figer(annee, par=""):
    """The edition of `annee`, frozen now (`par`: who asked); EditionExistante if it is."""
    if Edition.objects.filter(annee=annee).exists():
        raise EditionExistante(_("L'édition %(annee)s est déjà figée.") % {"annee": annee})
    diffusion.calculer_a_faire()
    with transaction.atomic():
        diffusion.verrouiller()
        if Edition.objects.filter(annee=annee).exists():  # frozen meanwhile
            raise EditionExistante(_("L'édition %(annee)s est déjà figée.") % {"annee": annee})
        referentiels = (
            Evaluation.objects.filter(campagne__annee=annee)
            .values_list("engagement__ambition__referentiel__version", flat=True)
            .distinct()
            .order_by("engagement__ambition__referentiel__version")
        )
        edition = Edition.objects.create(
            annee=annee,
            figee_le=timezone.now(),
            figee_par=par,
            referentiels=list(referentiels),
            catalogue=list(
                Indicateur.objects.filter(collectivite__isnull=True)
                .order_by("code")
                .values(*DEFINITION)
            ),
            contributeurs=_contributeurs(annee),
        )
        _copier(annee)
        _signataires(annee)
    invalider_tableaux()  # the pages offer it
    return edition
