"""The two measured cases of `make bench` (see __main__.py)."""

import datetime
import time

from django.db import connection

from commitments.models import Campagne
from indicators.catalogue import charger_catalogue
from indicators.imports import analyser, ecrire
from indicators.models import Indicateur, Valeur
from indicators.queries import agreger_sql
from indicators.resources import lire_fichier
from indicators.synthetic import generer
from manifeste.models import Collectivite


def chrono(fonction, *args, **kwargs):
    debut = time.perf_counter()
    resultat = fonction(*args, **kwargs)
    return time.perf_counter() - debut, resultat


def preparer():
    charger_catalogue()
    for annee in range(2021, 2027):
        Campagne.objects.get_or_create(
            annee=annee,
            defaults={
                "date_ouverture": datetime.date(annee + 1, 1, 1),
                "date_cloture": datetime.date(annee + 1, 6, 30),
            },
        )


def _fichier(n):
    """n rows of count / ratio values, French dialect (`;`, decimal comma)."""
    indicateurs = list(
        Indicateur.objects.filter(kind__in=["count", "ratio"], minimum__isnull=True).order_by(
            "code"
        )
    )
    communes = Collectivite.objects.filter(type="commune").values_list("code_insee", flat=True)
    lignes = ["collectivite;type_collectivite;indicateur;annee;valeur;numerateur;denominateur"]
    cles = ((c, i, a) for a in (2024, 2025) for c in communes.iterator() for i in indicateurs)
    for (insee, indicateur, annee), k in zip(cles, range(n), strict=False):
        if indicateur.nature == "count":
            lignes.append(f"{insee};commune;{indicateur.code};{annee};{k % 97},5;;")
        else:
            lignes.append(f"{insee};commune;{indicateur.code};{annee};;{k % 50};{50 + k % 7}")
    return ("\n".join(lignes) + "\n").encode("utf-8")


def import_contre_bulk(n):
    contenu = _fichier(n)
    duree_import, rapport = chrono(lambda: ecrire(analyser(*lire_fichier(contenu, "bench.csv"))))
    assert rapport.ecrit, rapport.texte()[:500]
    objets = [
        Valeur(
            collectivite_id=v.collectivite_id,
            indicateur_id=v.indicateur_id,
            annee=v.annee,
            valeur=v.valeur,
            numerateur=v.numerateur,
            denominateur=v.denominateur,
        )
        for v in rapport.nouvelles
    ]
    _vider()
    duree_bulk, _ = chrono(Valeur.objects.bulk_create, objets, batch_size=2000)
    _vider()
    print(
        f"Import de {n} lignes (lecture, contrôles, écriture + historique) : {duree_import:.1f} s, "
        f"{n / duree_import:,.0f} lignes/s"
    )
    print(
        f"bulk_create brut des mêmes lignes : {duree_bulk:.1f} s — rapport import/bulk : "
        f"{duree_import / duree_bulk:.1f}× (objectif ≤ 5×)"
    )


def _vider():
    """Raw DELETE: the ORM's would fetch each row to write a deletion history row."""
    with connection.cursor() as cursor:
        for table in (Valeur._meta.db_table, Valeur.history.model._meta.db_table):
            cursor.execute(f"DELETE FROM {table}")


def _sql_brut(indicateur_id, annee):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), SUM(v.numerateur), SUM(v.denominateur), SUM(c.population) "
            f"FROM {Valeur._meta.db_table} v JOIN {Collectivite._meta.db_table} c "
            f"ON c.id = v.collectivite_id WHERE v.indicateur_id = %s AND v.annee = %s "
            f"AND v.synthetique AND c.active AND v.numerateur IS NOT NULL "
            f"AND v.denominateur IS NOT NULL",
            [indicateur_id, annee],
        )
        sommes = cursor.fetchone()
        # the coverage needs the group's size: part of the equivalent work
        cursor.execute(
            f"SELECT COUNT(*), SUM(population) FROM {Collectivite._meta.db_table} WHERE active"
        )
        return sommes, cursor.fetchone()


def agregat_contre_sql(annees_texte):
    debut, _, fin = annees_texte.partition("-")
    annees = list(range(int(debut), int(fin or debut) + 1))
    duree_seed, total = chrono(generer, annees)
    print(f"seed_national {annees_texte} : {total:,} valeurs en {duree_seed:.0f} s")
    reemploi = Indicateur.objects.get(code="A2E3-01")
    annee = annees[-1]
    agreger_sql(reemploi, annee, synthetique=True)  # warm caches
    duree_sql, brut = chrono(_sql_brut, reemploi.pk, annee)
    duree_agregat, t = chrono(agreger_sql, reemploi, annee, synthetique=True)
    ligne = t.iloc[0]
    print(
        f"Agrégat national A2E3-01 {annee} : {ligne['valeur']:.2f} % "
        f"({int(ligne['n'])}/{int(ligne['n_groupe'])} collectivités) en {duree_agregat * 1000:.0f} ms"
    )
    print(
        f"SQL GROUP BY brut équivalent : {duree_sql * 1000:.0f} ms (n = {brut[0][0]}) — rapport "
        f"{duree_agregat / duree_sql:.1f}× (objectif ≤ 2×)"
    )
