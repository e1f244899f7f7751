"""The indicators' stored figures computed by PostgreSQL: one GROUPING SETS query per year.

The same figures as publication.computation.chiffres_indicateurs (tests/publication prove them
equal): the database adds up the parts and takes the quartiles (`percentile_cont`, the linear
interpolation pandas uses too) for every set of computation.ENSEMBLES at once, so millions of
values never travel to Python; the rules turning parts into a figure stay in
indicators.aggregation. The members' effective keys come from computation.membres, copied into
a temporary table: the group a collectivity belongs to is defined once.
"""

import pandas as pd
from django.db import connection, transaction

from indicators import aggregation
from indicators.models import Valeur
from indicators.validation import champs_attendus
from publication import computation
from publication.computation import CLES, ENSEMBLES, QUARTILES

_MEMBRES = "chiffres_membres"


def _chiffre(indicateur):
    """A member's own figure (aggregation.par_collectivite), in SQL."""
    if indicateur.nature == "ratio":
        return f"v.numerateur / NULLIF(v.denominateur, 0) * {int(indicateur.echelle)}"
    if indicateur.nature == "bool":
        return "v.booleen::int * 100.0"
    return "v.valeur"


def _par_indicateur(indicateurs, expression):
    cas = " ".join(f"WHEN {int(i.pk)} THEN {expression(i)}" for i in indicateurs)
    return f"CASE v.indicateur_id {cas} END"


def _complete(indicateur):
    """The fields the indicator needs are all there (aggregation.completes)."""
    return " AND ".join(f"v.{champ} IS NOT NULL" for champ in champs_attendus(indicateur))


def _copier_membres(cursor, membres):
    cursor.execute(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {_MEMBRES} (collectivite_id integer PRIMARY KEY, "
        "type text, taille text, region text, departement text, epci text, population float8) "
        "ON COMMIT DROP"
    )
    cursor.execute(f"TRUNCATE {_MEMBRES}")
    colonnes = ["collectivite_id", *CLES, "population"]
    with cursor.cursor.copy(f"COPY {_MEMBRES} ({', '.join(colonnes)}) FROM STDIN") as copie:
        for rang in membres[colonnes].astype(object).itertuples(index=False, name=None):
            copie.write_row([None if pd.isna(x) else x for x in rang])


def _requete(indicateurs, annee):
    valeurs = (
        Valeur.objects.publiees()
        .conformes()
        .filter(indicateur__in=indicateurs, annee=annee)
        .values(
            "collectivite_id",
            "indicateur_id",
            "valeur",
            "numerateur",
            "denominateur",
            "poids",
            "booleen",
        )
        .order_by()
    )
    sql_valeurs, parametres = valeurs.query.sql_with_params()
    codes = _par_indicateur(indicateurs, lambda i: "%s")
    complete = " OR ".join(
        f"(v.indicateur_id = {int(i.pk)} AND {_complete(i)})" for i in indicateurs
    )
    ensembles = ", ".join(f"({', '.join(e)})" for e in ENSEMBLES)
    quartiles = ", ".join(
        f"percentile_cont({q}) WITHIN GROUP (ORDER BY chiffre) AS {nom}"
        for q, nom in zip((0.25, 0.5, 0.75), QUARTILES, strict=True)
    )
    sql = f"""
        WITH v AS (
            SELECT collectivite_id, indicateur_id, valeur::float8 AS valeur,
                   numerateur::float8 AS numerateur, denominateur::float8 AS denominateur,
                   poids::float8 AS poids, booleen
            FROM ({sql_valeurs}) brutes
        ), p AS (
            SELECT {codes} AS sujet, m.type, m.taille, m.region, m.departement, m.epci,
                   v.valeur, v.numerateur, v.denominateur, v.poids, v.booleen,
                   COALESCE(m.population, 0) AS population,
                   {_par_indicateur(indicateurs, _chiffre)} AS chiffre
            FROM v JOIN {_MEMBRES} m ON m.collectivite_id = v.collectivite_id
            WHERE {complete}
        )
        SELECT sujet, {", ".join(CLES)}, GROUPING({", ".join(CLES)}) AS ensemble,
               count(*) AS n, COALESCE(sum(valeur), 0) AS s_valeur,
               COALESCE(sum(numerateur), 0) AS s_num, COALESCE(sum(denominateur), 0) AS s_den,
               COALESCE(sum(valeur * poids), 0) AS s_vp, COALESCE(sum(poids), 0) AS s_poids,
               count(*) FILTER (WHERE booleen) AS n_oui, sum(population) AS population,
               count(chiffre) AS n_chiffres, {quartiles}
        FROM p
        GROUP BY sujet, GROUPING SETS ({ensembles})
    """
    return sql, [*parametres, *(i.code for i in indicateurs)]


def _masque(cles):
    """GROUPING()'s value for a set: a bit for each key not grouped on, the first one highest."""
    return sum(1 << (len(CLES) - 1 - k) for k, c in enumerate(CLES) if c not in cles)


def chiffres_indicateurs(annee, g, indicateurs):
    """computation.chiffres_indicateurs' rows for `annee`, computed by PostgreSQL."""
    if not indicateurs:
        return computation.aucune_ligne()
    sql, parametres = _requete(indicateurs, annee)
    with transaction.atomic(), connection.cursor() as cursor:  # the members' table lives in it
        _copier_membres(cursor, g.membres)
        cursor.execute(sql, parametres)
        colonnes = [c.name for c in cursor.description]
        t = pd.DataFrame.from_records(cursor.fetchall(), columns=colonnes)
    regles = pd.DataFrame(
        [(i.code, i.agregation, i.echelle, i.portee == "terr") for i in indicateurs],
        columns=["sujet", "regle", "echelle", "terr"],
    )
    t = t.merge(regles, on="sujet")
    lignes = []
    for cles in ENSEMBLES:
        du = t[(t["ensemble"] == _masque(cles)) & ("type" in cles or ~t["terr"])]
        du = du.drop(columns=["ensemble", "terr", *(c for c in CLES if c not in cles)])
        du = du.assign(valeur=aggregation.valeurs_selon_regles(du, du["regle"], du["echelle"]))
        lignes.append(g.lignes(du.drop(columns=["regle", "echelle"]), cles))
    return computation.finir(lignes)
