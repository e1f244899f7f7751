"""Django side of the national-scale bench (benchmarks/national.py), run in its own process
against the bench database only.

Public pages only ever show published real data, and `seed_national` writes synthetic values
that no page shows. To measure pages at national scale, this throw-away database turns its
synthetic values into published ones and gives 1,000 signatories published assessments for
every campaign. Never run against a real database: `national.py` builds its own.
"""

import datetime
import json
import random
from pathlib import Path

from django.db import connection, transaction

from commitments.models import Campagne, Evaluation, Signature
from commitments.workflow import EtatPublication
from indicators.models import Indicateur, Valeur
from manifeste.maturite import Etat
from manifeste.models import Collectivite, Engagement

SIGNATAIRES = 1000
GRAINE = 2026


def publier_valeurs_synthetiques():
    """Synthetic values become the published dataset (real demo values give way first)."""
    table = Valeur._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Valeur.history.model._meta.db_table}")
        cursor.execute(f"DELETE FROM {table} WHERE NOT synthetique")
        cursor.execute(
            f"UPDATE {table} SET synthetique = false, etat = %s", [EtatPublication.PUBLIE]
        )
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {table}")


def publier_evaluations():
    """Published assessments of SIGNATAIRES collectivities (largest first) for every campaign."""
    rng = random.Random(GRAINE)
    collectivites = list(
        Collectivite.objects.actives()
        .order_by("-population")
        .values_list("id", flat=True)[:SIGNATAIRES]
    )
    Signature.objects.bulk_create(
        [
            Signature(collectivite_id=c, date_signature=datetime.date(2021, 6, 1))
            for c in collectivites
        ],
        ignore_conflicts=True,
    )
    engagements = list(Engagement.objects.courants().values_list("id", flat=True))
    campagnes = list(Campagne.objects.values_list("id", flat=True))
    Evaluation.objects.filter(collectivite_id__in=collectivites).delete()
    evaluations = []
    for c in collectivites:
        for campagne in campagnes:
            for e in engagements:
                etat = rng.choices([Etat.EVALUE, Etat.NON_CONCERNE, Etat.NON_RENSEIGNE], [8, 1, 1])[
                    0
                ]
                evaluations.append(
                    Evaluation(
                        collectivite_id=c,
                        engagement_id=e,
                        campagne_id=campagne,
                        etat=etat,
                        niveau=rng.randint(0, 4) if etat == Etat.EVALUE else None,
                        justification="Hors compétence" if etat == Etat.NON_CONCERNE else "",
                        etat_publication=EtatPublication.PUBLIE,
                    )
                )
    Evaluation.objects.bulk_create(evaluations, batch_size=5000)
    return len(evaluations)


def preparer():
    publier_valeurs_synthetiques()
    n = publier_evaluations()
    print(f"  {Valeur.objects.publiees().count():,} valeurs et {n:,} évaluations publiées")


def echantillon_profils(n, graine=GRAINE):
    """Slugs of `n` collectivities with published data, the same at every run."""
    slugs = sorted(
        Collectivite.objects.filter(signature__isnull=False).values_list("slug", flat=True)
    )
    return random.Random(graine).sample(slugs, min(n, len(slugs)))


LIGNES_PAR_FICHIER = 5000


def fichiers_import(dossier, par_fil):
    """2 × `par_fil` CSV files for the two import threads of the load test: each thread's first
    file writes values, the next ones edit the same keys. Prints {file: {key: value}}."""
    codes = list(
        Indicateur.objects.partages()
        .filter(nature="count", minimum__isnull=True)
        .order_by("code")
        .values_list("code", flat=True)
    )
    communes = list(
        Collectivite.objects.actives()
        .filter(type="commune")
        .order_by("code_insee")
        .values_list("code_insee", flat=True)
    )
    par_commune = len(codes)
    attendu = {}
    for fil in range(2):
        debut = fil * (LIGNES_PAR_FICHIER // par_commune + 1)
        cles = [
            (insee, code)
            for insee in communes[debut : debut + LIGNES_PAR_FICHIER // par_commune + 1]
            for code in codes
        ][:LIGNES_PAR_FICHIER]
        for passage in range(par_fil):
            nom = f"import-{passage:02d}-{fil}.csv"
            valeurs = {
                f"{insee}|{code}|2025": 1000 * passage + k for k, (insee, code) in enumerate(cles)
            }
            lignes = ["collectivite;type_collectivite;indicateur;annee;valeur"] + [
                f"{cle.split('|')[0]};commune;{cle.split('|')[1]};2025;{v},5"
                for cle, v in valeurs.items()
            ]
            Path(dossier, nom).write_text("\n".join(lignes) + "\n", encoding="utf-8")
            attendu[nom] = {cle: v + 0.5 for cle, v in valeurs.items()}
    print(json.dumps(attendu))


def verifier(chemin):
    """Compare the database with the last confirmed value of every imported key."""
    confirmes = json.loads(Path(chemin).read_text())
    final = {}
    for nom in sorted(confirmes):  # a thread imports its files in name order
        final.update(confirmes[nom])
    indicateurs = dict(Indicateur.objects.partages().values_list("code", "id"))
    communes = dict(Collectivite.objects.filter(type="commune").values_list("code_insee", "id"))
    en_base = {
        (c, i): v
        for c, i, v in Valeur.objects.filter(
            annee=2025,
            synthetique=False,
            collectivite_id__in={communes[k.split("|")[0]] for k in final},
            indicateur_id__in={indicateurs[k.split("|")[1]] for k in final},
        ).values_list("collectivite_id", "indicateur_id", "valeur")
    }
    perdues = [
        cle
        for cle, v in final.items()
        if en_base.get((communes[cle.split("|")[0]], indicateurs[cle.split("|")[1]])) != v
    ]
    print(
        f"{len(final) - len(perdues):,}/{len(final):,} valeurs confirmées retrouvées, {len(perdues)} perdues"
    )
