"""Frozen editions: a year's stored figures copied as they are when its campaign closed.

`figer` first computes every publication waiting (the edition holds all of them), then, under
the figures' lock, copies the year's live rows into the edition, with the signatories of each
group at that moment, the referential's versions and the catalogue the figures come from, and
the list of who had published. Live rows (edition 0) are the only ones the diffusion rewrites:
later corrections never reach an edition. Its open-data zip is built right after, under a
name of its own that no publication rebuilds, and its SHA-256 published.
"""

import hashlib

from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from commitments.models import Campagne, Evaluation, Signature
from indicators.models import Indicateur
from indicators.writes import inserer
from manifeste.exports import files
from manifeste.models import Collectivite
from manifeste.planner import rafraichir_statistiques
from publication import computation, diffusion
from publication.cache import invalider_tableaux
from publication.models import SIGNATAIRES, Chiffre, Edition
from publication.publiees import declarantes

ARCHIVES = "editions"  # in the default storage, beside the live files (manifeste.exports.files)
# What an edition keeps of each shared indicator: enough to read and recompute its figures.
DEFINITION = ("code", "nom_fr", "nature", "agregation", "portee", "echelle", "unite", "cibles")


class EditionRefusee(ValueError):
    """Frozen already, a campaign still open, or nothing published: said in French."""


def avec_archive():
    """The editions whose archive is built, latest first."""
    return list(Edition.objects.exclude(sha256=""))


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


def _verifier(annee, jour, attendus=False):
    """Refuse in French a frozen edition, an open campaign or, unless figures wait to be
    computed (`attendus`), a year without any."""
    if Edition.objects.filter(annee=annee).exists():
        raise EditionRefusee(_("L'édition %(annee)s est déjà figée.") % {"annee": annee})
    campagne = Campagne.objects.filter(annee=annee).first()
    if campagne and campagne.date_cloture >= jour:
        raise EditionRefusee(
            _("La campagne %(annee)s est ouverte jusqu'au %(date)s : figez-la une fois close.")
            % {"annee": annee, "date": date_format(campagne.date_cloture)}
        )
    if not attendus and not Chiffre.objects.filter(edition=0, annee=annee).exists():
        raise EditionRefusee(_("Aucun chiffre publié pour %(annee)s.") % {"annee": annee})


def refus(annee, en_cours=False):
    """Why `annee` may not be frozen now, in French, or None (an edition still waiting for its
    archive may: freezing builds it). While publications are being computed (`en_cours`), a
    year without figures yet may get some."""
    if Edition.objects.filter(annee=annee, sha256="").exists():
        return None
    try:
        _verifier(annee, timezone.localdate(), en_cours)
    except EditionRefusee as refuse:
        return str(refuse)
    return None


def nom_archive(annee):
    return f"{ARCHIVES}/territoires-numeriques-responsables-edition-{annee}.zip"


def _archiver(edition):
    """The edition's open-data zip (every dataset of its year), built once, and its SHA-256."""
    nom = files.construire_sous(nom_archive(edition.annee), "archive", edition.annee, "zip")
    empreinte = hashlib.sha256()
    with default_storage.open(nom, "rb") as fichier:
        while morceau := fichier.read(2**20):
            empreinte.update(morceau)
    edition.archive, edition.sha256 = nom, empreinte.hexdigest()
    edition.save(update_fields=["archive", "sha256"])
    return edition


def figer(annee, par=""):
    """The edition of `annee`, frozen now (`par`: who asked), then its archive built;
    EditionRefusee when it may not be (frozen already, its campaign still open, nothing
    published). An edition whose archive failed gets it now."""
    if sans_archive := Edition.objects.filter(annee=annee, sha256="").first():
        return _archiver(sans_archive)
    jour = timezone.localdate()
    diffusion.calculer_a_faire()
    with transaction.atomic():
        diffusion.verrouiller()
        _verifier(annee, jour)  # under the lock: two administrators freeze it once
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
        rafraichir_statistiques(Chiffre)  # the table grew by a year's figures at once
    invalider_tableaux()  # the pages offer it
    return _archiver(edition)
