"""Stored values that older versions let through, written behind the ORM's back."""

import math

from django.db import connection


def casser(valeur, champ, nombre):
    """Store `nombre` in `champ` of `valeur` as the database can hold it: PostgreSQL's
    numeric(20, 6) refuses an infinity but takes NaN, so an infinite number is stored as NaN
    there (the broken value the reader must survive); SQLite stores it as given."""
    if connection.vendor == "postgresql" and isinstance(nombre, float) and math.isinf(nombre):
        nombre = float("nan")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE indicators_valeur SET {champ} = %s WHERE id = %s", [nombre, valeur.pk]
        )
