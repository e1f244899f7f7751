"""From a publication to the stored figures: marks, then only the touched groups rewritten.

A publication writes marks (`marquer`) in its own transaction; the diffusion task (or the
`diffuser_chiffres` command) reads them, computes again every group the marked collectivities
belong to for the marked subjects and years, and writes them under a lock: two workers never
write the same figures at once. Marks naming too many collectivities, or all of them, recompute
every group of their subjects. A mark is deleted with the figures it asked for: the marks of
a worker killed while computing are taken again by a run DUREE_MAX later.
"""

import datetime
import json
import math
from collections import defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from commitments.models import Campagne
from indicators.models import Indicateur, Valeur
from indicators.queries import charger_valeurs, par_indicateur
from indicators.writes import inserer
from manifeste.models import Collectivite, Engagement
from manifeste.planner import rafraichir_statistiques
from publication import computation, grouping_sets
from publication.models import DECLARANTES, TOUS, AFaire, Chiffre
from publication.publiees import declarantes

# Beyond this many collectivities, every group of the subject is computed again: it costs
# about as much as finding theirs.
PLAFOND = 200
COLONNES = [
    "sujet",
    "annee",
    *computation.CLES,
    "n",
    "n_groupe",
    "n_chiffres",
    "population",
    "population_groupe",
    "s_valeur",
    "s_num",
    "s_den",
    "s_vp",
    "s_poids",
    "n_oui",
    "valeur",
    *computation.QUARTILES,
    "niveaux",
    "calcule_le",
]
_VERROU = 18_2026  # pg_advisory_xact_lock's key for the figures
# A computation taking longer died with its worker: its marks are taken again.
DUREE_MAX = datetime.timedelta(minutes=15)


def marquer(sujet, annee, collectivite_id):
    """A mark made again moves its time and is free again: a computation that took it before
    keeps it for the next run."""
    AFaire.objects.bulk_create(
        [AFaire(sujet=sujet, annee=annee, collectivite_id=collectivite_id, le=timezone.now())],
        update_conflicts=True,
        unique_fields=["sujet", "annee", "collectivite_id"],
        update_fields=["le", "pris_le"],
    )


def tout_marquer():
    """Every figure to be computed again (the territories changed, a bulk write)."""
    marquer(TOUS, 0, 0)


def a_la_lecture():
    """Tests publish row by row, thousands of times: there the figures are computed when next
    read (as a worker would have done by then) rather than after each write."""
    return getattr(settings, "CHIFFRES_A_LA_LECTURE", False)


def sujets():
    """Every subject: the shared indicators' codes, the engagements' and DECLARANTES."""
    return [
        *Indicateur.objects.filter(collectivite__isnull=True).values_list("code", flat=True),
        *Engagement.objects.values_list("code", flat=True),
        DECLARANTES,
    ]


def annees():
    """Every year with a campaign or a published value, and 0 (DECLARANTES of any year)."""
    valeurs = Valeur.objects.publiees().values_list("annee", flat=True).distinct()
    return sorted({0, *Campagne.objects.values_list("annee", flat=True), *valeurs})


def plan(marques):
    """{year: (subjects, collectivity ids or None for all)} from (sujet, annee, id) marks."""
    tous_sujets, toutes_annees = None, None
    travail = defaultdict(lambda: [set(), set()])
    for sujet, annee, collectivite_id in marques:
        if annee == 0:
            toutes_annees = toutes_annees or annees()
        for a in toutes_annees if annee == 0 else (annee, 0):
            s, ids = travail[a]
            if sujet == TOUS:
                tous_sujets = tous_sujets or sujets()
                s.update(tous_sujets if a else (DECLARANTES,))
            else:
                s.update((sujet, DECLARANTES) if a else (DECLARANTES,))
            ids.add(collectivite_id)
    return {
        a: (s, None if 0 in ids or len(ids) > PLAFOND else ids) for a, (s, ids) in travail.items()
    }


def chiffres_indicateurs(annee, g, indicateurs):
    """The indicators' rows of `annee`: by PostgreSQL where it runs (millions of values stay
    there), else by pandas; the same figures (tests/publication/test_grouping_sets.py)."""
    if connection.vendor == "postgresql":
        return grouping_sets.chiffres_indicateurs(annee, g, indicateurs)
    valeurs = par_indicateur(charger_valeurs(indicateurs, [annee]))
    return computation.chiffres_indicateurs(valeurs, g, indicateurs)


def calculer_annee(annee, sujets_, g):
    """The rows of `sujets_` for `annee` in the groups of `g` (computation.Groupes), as a list
    of frames."""
    frames = []
    if DECLARANTES in sujets_:
        frames.append(
            computation.chiffres_declarantes(
                declarantes(Collectivite.objects.all(), annee).values_list("pk", flat=True),
                g,
                DECLARANTES,
            )
        )
    if not annee:
        return frames
    indicateurs = list(Indicateur.objects.filter(collectivite__isnull=True, code__in=sujets_))
    frames.append(chiffres_indicateurs(annee, g, indicateurs))
    evaluations = computation.evaluations_publiees(annee)
    evaluations = evaluations[evaluations["engagement"].isin(sujets_)]
    return [*frames, computation.chiffres_engagements(evaluations, g)]


def rangs(frames, annee, quand):
    """The rows to insert, in COLONNES order: NaN and infinities are no figure (None)."""
    for t in frames:
        if t.empty:
            continue
        t = t.assign(annee=annee, calcule_le=quand)
        if "niveaux" not in t:
            t["niveaux"] = None
        t = t.reindex(columns=COLONNES, fill_value=0)
        # Sums come as floats; COPY wants integers.
        entiers = ["n", "n_groupe", "n_chiffres", "n_oui"]
        t[entiers] = t[entiers].fillna(0).round().astype(int)
        nombres = t.select_dtypes("number").columns
        t[nombres] = t[nombres].replace([math.inf, -math.inf], math.nan)
        t = t.astype(object).where(t.notna(), None)
        t["niveaux"] = [None if n is None else json.dumps(n) for n in t["niveaux"]]
        yield from t.itertuples(index=False, name=None)


def _conditions(groupes):
    """Conditions naming `groupes` (dicts of keys), by batches (SQLite nests each OR)."""
    groupes = list(groupes)
    for debut in range(0, len(groupes), 100):
        condition = Q(pk__in=[])
        for groupe in groupes[debut : debut + 100]:
            condition |= Q(**groupe)
        yield condition


def _ecrire(frames, annee, sujets_, g):
    """Replace the stored rows of the groups of `g` (all if no publication is named) by the
    computed ones."""
    quand = connection.ops.adapt_datetimefield_value(timezone.now())
    nouveaux = list(rangs(frames, annee, quand))
    stored = Chiffre.objects.filter(annee=annee, sujet__in=sujets_, edition=0)
    if g.touches is None:
        stored._raw_delete(stored.db)
    else:  # a group that lost its last figure loses its row: every touched group is cleared
        for condition in _conditions(g.groupes_touches()):
            stored.filter(condition)._raw_delete(stored.db)
    with connection.cursor() as cursor:
        inserer(cursor, Chiffre._meta.db_table, COLONNES, nouveaux)
    return len(nouveaux)


def verrouiller():
    """One writer of the stored figures at a time (PostgreSQL; SQLite has one writer)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_VERROU])


def _prendre_marques():
    """(when, marks) of the marks this computation takes: the free ones, and those a worker
    that died took more than DUREE_MAX ago. A publication committed meanwhile frees its mark
    again (marquer): it waits for the next run."""
    maintenant = timezone.now()
    with transaction.atomic():
        verrouiller()
        AFaire.objects.filter(
            Q(pris_le__isnull=True) | Q(pris_le__lt=maintenant - DUREE_MAX)
        ).update(pris_le=maintenant)
        prises = AFaire.objects.filter(pris_le=maintenant)
        return maintenant, list(prises.values_list("sujet", "annee", "collectivite_id"))


def _rendre(prises, **filtres):
    AFaire.objects.filter(pris_le=prises, **filtres)._raw_delete(AFaire.objects.db)


def calculer_a_faire(progression=None):
    """Compute what the marks ask for; returns the number of rows written and calls
    `progression(year, number of years)` after each year. Each year is read and written in its
    own short transaction under the lock (two workers never write older figures over newer
    ones; SQLite has one writer: officers keep saving meanwhile), with the marks it fulfils
    deleted: a worker killed midway leaves the others to the next run. A failure frees them
    for the task's next try."""
    prises, marques = _prendre_marques()
    if not marques:
        return 0
    try:
        groupes = computation.Groupes.de(computation.membres())
        ecrits = 0
        travail = sorted(plan(marques).items())  # year 0 first: every mark needs it
        for annee, (sujets_, garder) in travail:
            g = groupes.touchant(garder)
            with transaction.atomic():
                verrouiller()
                ecrits += _ecrire(calculer_annee(annee, sujets_, g), annee, sujets_, g)
                if annee:
                    _rendre(prises, annee=annee)
            if progression:
                progression(annee, len(travail))
        _rendre(prises)  # the marks of every year
        if any(garder is None for _annee, (_sujets, garder) in travail):
            # Whole subjects rewritten: until autovacuum passes (if it runs at all), the
            # planner reads the table through the wrong index, 100× slower (national bench).
            rafraichir_statistiques(Chiffre)
    except BaseException:
        AFaire.objects.filter(pris_le=prises).update(pris_le=None)
        raise
    return ecrits
