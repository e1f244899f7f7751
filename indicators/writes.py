"""Fast, race-free writes of values and their history rows: the batch is staged in a temporary
table (COPY on PostgreSQL, executemany elsewhere), then upserted on the natural key
(collectivité, indicateur, année, synthetique) by set-based SQL, no per-field ORM work.

Django's bulk_create prepares every field of every row through the ORM (≈ 30 µs a field);
for 100,000 rows and their 100,000 history rows that alone exceeds the 20 s budget of an
import. Here rows are tuples adapted once per column type. Same columns as the models; the
import tests and the round trip check what is read back.

Two batches writing the same keys at once never collide (docs/adr/writes-race-free.md): on
PostgreSQL `INSERT … ON CONFLICT DO UPDATE` waits for the other transaction's rows and tells,
row by row, whether it created or changed one; SQLite serialises writers (transactions begin
IMMEDIATE, see the settings) and the same statements run under its write lock. Either way a row
whose stored value already equals the batch's is left alone and gets no history row, so the
result and the history are those of the two batches run one after the other.
"""

from operator import attrgetter

from django.db import connection

from commitments.workflow import EtatPublication

from .models import CHAMPS_VALEUR, CONTENU, Valeur

COLONNES = [
    "collectivite_id",
    "indicateur_id",
    "annee",
    *CHAMPS_VALEUR,
    "source",
    "commentaire",
    "justification",
    "plausibilite",
    "etat",
    "saisi_par_id",
    "modifie_le",
    "synthetique",
]
# Kept by the stored row, copied to its history: the version and the pending correction.
CORRECTION = [f"correction_{c}" for c in CONTENU]
STOCKEES = [*COLONNES, "version", *CORRECTION, "correction_etat", "correction_par_id"]
HISTOIRE = [
    "id",
    *STOCKEES,
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user_id",
]
CLE = ["collectivite_id", "indicateur_id", "annee", "synthetique"]
# What a value is: a row whose content (its pending correction, if any) equals these is
# unchanged.
COMPARES = [*CHAMPS_VALEUR, "commentaire"]
LOT = 5000
TEMPORAIRE = "ecriture_lot"
PUBLIE = f"'{EtatPublication.PUBLIE.value}'"


# A value's attributes in COLONNES order, up to the write's own timestamp.
_LUES = attrgetter(*COLONNES[: COLONNES.index("modifie_le")])


def _rang(v, quand):
    return (*_LUES(v), quand, v.synthetique)


def _executer(cursor, sql, rangs):
    for debut in range(0, len(rangs), LOT):
        cursor.executemany(sql, rangs[debut : debut + LOT])


def inserer(cursor, table, colonnes, rangs):
    """COPY on PostgreSQL (a stream, several times faster than INSERTs for a big import),
    batched INSERTs elsewhere."""
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({', '.join(colonnes)}) FROM STDIN") as copie:
            for rang in rangs:
                copie.write_row(rang)
        return
    marques = ", ".join(["%s"] * len(colonnes))
    _executer(cursor, f"INSERT INTO {table} ({', '.join(colonnes)}) VALUES ({marques})", rangs)


def _liste(prefixe, colonnes):
    return ", ".join(f"{prefixe}{c}" for c in colonnes)


def _travail(v, c):
    """A stored row's field as worked on: its pending correction's, if any."""
    return f"CASE WHEN {v}.correction_etat IS NULL THEN {v}.{c} ELSE {v}.correction_{c} END"


def _differe(v, lot):
    """The batch's row differs from the stored row's content (its correction, if pending)."""
    return " OR ".join(f"({_travail(v, c)}) IS DISTINCT FROM {lot}.{c}" for c in COMPARES)


def _affectations():
    """What a write sets on a stored row. A draft (or submitted, validated) value takes the new
    content and goes back to draft; a published one keeps what the public sees and holds the
    new content as its pending correction, cleared if the batch gives the published content
    back. Decided on the row as stored when writing, whatever the dry run saw."""
    publiee = f"v.etat = {PUBLIE}"
    differe_publiee = " OR ".join(f"v.{c} IS DISTINCT FROM excluded.{c}" for c in COMPARES)
    corrige = f"{publiee} AND ({differe_publiee})"
    sets = [f"{c} = CASE WHEN {publiee} THEN v.{c} ELSE excluded.{c} END" for c in CONTENU]
    sets += [
        f"correction_{c} = CASE WHEN {corrige} THEN excluded.{c} ELSE {vide} END"
        for c, vide in zip(CONTENU, _VIDES, strict=True)
    ]
    sets += [
        f"etat = CASE WHEN {publiee} THEN v.etat ELSE excluded.etat END",
        f"correction_etat = CASE WHEN {corrige} THEN excluded.etat ELSE NULL END",
        f"saisi_par_id = CASE WHEN {publiee} THEN v.saisi_par_id ELSE excluded.saisi_par_id END",
        f"correction_par_id = CASE WHEN {corrige} THEN excluded.saisi_par_id ELSE NULL END",
        "modifie_le = excluded.modifie_le",
        "version = v.version + 1",
    ]
    return ", ".join(sets)


# The empty correction, field by field of CONTENU (NOT NULL text columns hold '').
_VIDES = ["NULL"] * len(CHAMPS_VALEUR) + ["''"] * (len(CONTENU) - len(CHAMPS_VALEUR))


def _upsert(table):
    """Insert the staged rows, or change the stored ones that differ (ordered by key, so two
    PostgreSQL batches wait for each other instead of deadlocking)."""
    return (
        f"INSERT INTO {table} AS v ({', '.join(COLONNES)}) "
        f"SELECT {', '.join(COLONNES)} FROM {TEMPORAIRE} WHERE true ORDER BY {', '.join(CLE)} "
        f"ON CONFLICT ({', '.join(CLE)}) DO UPDATE SET {_affectations()} "
        f"WHERE {_differe('v', 'excluded')}"
    )


def _historique(histoire, source, type_):
    """The INSERT of one history row per written value, copied from the value as stored."""
    return (
        f"INSERT INTO {histoire} ({', '.join(HISTOIRE)}) "
        f"SELECT {_liste('e.', ['id', *STOCKEES])}, %s, %s, {type_}, %s FROM {source}"
    )


def _meme_cle(a, b):
    return " AND ".join(f"{a}.{c} = {b}.{c}" for c in CLE)


def _ecrire_postgresql(cursor, table, histoire, rangs, parametres):
    # Several writes may share a transaction (savepoints): each drops its table when done.
    cursor.execute(
        f"CREATE TEMPORARY TABLE {TEMPORAIRE} AS "
        f"SELECT {', '.join(COLONNES)} FROM {table} WITH NO DATA"
    )
    inserer(cursor, TEMPORAIRE, COLONNES, rangs)
    # xmax = 0: the row was inserted by this statement, not updated.
    cursor.execute(
        f"WITH ecrites AS ({_upsert(table)} RETURNING v.id, {_liste('v.', STOCKEES)}, "
        f"v.xmax = 0 AS creee), "
        f"historique AS ("
        + _historique(histoire, "ecrites e", "CASE WHEN e.creee THEN '+' ELSE '~' END")
        + ") SELECT collectivite_id, indicateur_id, annee, creee FROM ecrites",
        parametres,
    )
    ecrites = cursor.fetchall()
    cursor.execute(f"DROP TABLE pg_temp.{TEMPORAIRE}")
    return ecrites


def _ecrire_sqlite(cursor, table, histoire, rangs, parametres):
    # Run under the write lock (BEGIN IMMEDIATE): nobody writes between these statements.
    cursor.execute(
        f"CREATE TEMPORARY TABLE {TEMPORAIRE} AS "
        f"SELECT {', '.join(COLONNES)}, 0 AS existante FROM {table} WHERE 0"
    )
    inserer(cursor, TEMPORAIRE, COLONNES, rangs)
    existe = f"FROM {table} v WHERE {_meme_cle('v', TEMPORAIRE)}"
    cursor.execute(
        f"DELETE FROM {TEMPORAIRE} WHERE EXISTS "
        f"(SELECT 1 {existe} AND NOT ({_differe('v', TEMPORAIRE)}))"
    )
    cursor.execute(f"UPDATE {TEMPORAIRE} SET existante = EXISTS (SELECT 1 {existe})")
    cursor.execute(_upsert(table))
    cursor.execute(
        _historique(
            histoire,
            f"{table} e JOIN {TEMPORAIRE} l ON {_meme_cle('e', 'l')}",
            "CASE WHEN l.existante THEN '~' ELSE '+' END",
        ),
        parametres,
    )
    cursor.execute(f"SELECT collectivite_id, indicateur_id, annee, NOT existante FROM {TEMPORAIRE}")
    ecrites = cursor.fetchall()
    cursor.execute(f"DROP TABLE temp.{TEMPORAIRE}")
    return ecrites


def ecrire_valeurs(valeurs, quand, user_id, raison):
    """Upsert `valeurs` (objects with .collectivite_id… attributes) on their natural key and
    write one history row per value created ('+') or changed ('~'); a value already stored
    as given is left alone, a published one only gets a pending correction (what the public
    sees never moves here). Call inside a transaction. Returns {key: created?} for the values
    written."""
    table, histoire = Valeur._meta.db_table, Valeur.history.model._meta.db_table
    date = connection.ops.adapt_datetimefield_value(quand)
    ecrire = _ecrire_postgresql if connection.vendor == "postgresql" else _ecrire_sqlite
    with connection.cursor() as cursor:
        ecrites = ecrire(
            cursor, table, histoire, [_rang(v, date) for v in valeurs], [date, raison, user_id]
        )
    return {(c, i, a): bool(creee) for c, i, a, creee in ecrites}
