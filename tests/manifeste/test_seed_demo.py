"""The demo is loaded in bulk: the query planner must know its tables before the first visit."""

from django.db import connection


def tables_connues_du_planificateur():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        else:  # reltuples is -1 until the table is analysed (PostgreSQL 14+)
            cursor.execute("SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples >= 0")
        return {ligne[0] for ligne in cursor.fetchall()}


def test_le_planificateur_connait_les_tables_de_la_demo(demo):
    connues = tables_connues_du_planificateur()
    for table in ("commitments_evaluation", "commitments_campagne", "indicators_valeur"):
        assert table in connues
