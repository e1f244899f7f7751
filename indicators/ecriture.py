"""Fast writes of values and their history rows: COPY on PostgreSQL, plain executemany elsewhere,
no per-field ORM work.

Django's bulk_create prepares every field of every row through the ORM (≈ 30 µs a field);
for 100,000 rows and their 100,000 history rows that alone exceeds the 20 s budget of an
import. Here rows are tuples adapted once per column type. Same columns as the models; the
import tests and the round trip check what is read back.
"""

from django.db import connection

from .models import Valeur

COLONNES = [
    "collectivite_id",
    "indicateur_id",
    "annee",
    "valeur",
    "numerateur",
    "denominateur",
    "poids",
    "booleen",
    "source",
    "commentaire",
    "justification",
    "plausibilite",
    "etat",
    "saisi_par_id",
    "modifie_le",
    "synthetique",
]
HISTOIRE = [
    "id",
    *COLONNES,
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user_id",
]
LOT = 5000


def _rang(v, quand):
    return (
        v.collectivite_id,
        v.indicateur_id,
        v.annee,
        v.valeur,
        v.numerateur,
        v.denominateur,
        v.poids,
        v.booleen,
        v.source,
        v.commentaire,
        v.justification,
        v.plausibilite,
        v.etat,
        v.saisi_par_id,
        quand,
        v.synthetique,
    )


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


def ecrire_valeurs(nouvelles, modifiees, quand, user_id, raison):
    """Insert `nouvelles`, update `modifiees` (both with .collectivite_id… attributes) and
    write one history row each ('+' created, '~' changed). Call inside a transaction."""
    table, histoire = Valeur._meta.db_table, Valeur.history.model._meta.db_table
    date = connection.ops.adapt_datetimefield_value(quand)
    with connection.cursor() as cursor:
        inserer(cursor, table, COLONNES, [_rang(v, date) for v in nouvelles])
        affectations = ", ".join(f"{c} = %s" for c in COLONNES)
        _executer(
            cursor,
            f"UPDATE {table} SET {affectations} WHERE id = %s",
            [(*_rang(v, date), v.pk) for v in modifiees],
        )
    ids = {}
    if nouvelles:
        # every row of this write carries the same timestamp: read the new ids back in one go
        ids = {
            (c, i, a): pk
            for pk, c, i, a in Valeur.objects.filter(modifie_le=quand, synthetique=False)
            .values_list("id", "collectivite_id", "indicateur_id", "annee")
            .order_by()
        }
    historique = [
        (
            ids[(v.collectivite_id, v.indicateur_id, v.annee)],
            *_rang(v, date),
            date,
            raison,
            "+",
            user_id,
        )
        for v in nouvelles
    ] + [(v.pk, *_rang(v, date), date, raison, "~", user_id) for v in modifiees]
    with connection.cursor() as cursor:
        inserer(cursor, histoire, HISTOIRE, historique)
