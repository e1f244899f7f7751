"""Django side of the national-scale bench (benchmarks/national.py), run in its own process
against the bench database only.

Public pages only ever show published real data, and `seed_national` writes synthetic values
that no page shows. To measure pages at national scale, this throw-away database turns its
synthetic values into published ones and gives 1,000 signatories published assessments for
every campaign. The publication measures then take published assessments back to « validé »
without a signal, to publish them again. Never run against a real database: `national.py`
builds its own.
"""

import datetime
import json
import random
import time
from pathlib import Path

from django.db import connection, transaction

from commitments.models import Campagne, Evaluation, Signature
from commitments.workflow import EtatPublication
from indicators.models import Indicateur, Valeur
from indicators.queries import agreger_sql_plusieurs
from manifeste.maturite import Etat
from manifeste.models import Collectivite, Engagement
from publication import diffusion, stored
from publication.models import TOUS, Chiffre
from publication.tasks import programmer

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


def tout_calculer():
    """Every stored figure computed again, as `diffuser_chiffres --tout` does without a worker.
    Prints [seconds, stored rows]."""
    diffusion.tout_marquer()
    debut = time.perf_counter()
    diffusion.calculer_a_faire()
    print(json.dumps([time.perf_counter() - debut, Chiffre.objects.filter(edition=0).count()]))


def _meilleur(fonction, *args, **kwargs):
    """The best of three times: the first one also fills PostgreSQL's buffers."""
    durees = []
    for _ in range(3):
        debut = time.perf_counter()
        fonction(*args, **kwargs)
        durees.append(time.perf_counter() - debut)
    return min(durees)


def sql_et_stockes(annee):
    """Seconds of the GROUP BY of every shared indicator over the published values of `annee`,
    and of reading the same figures stored, national and by région. Prints
    {name: [sql, stored]}."""
    indicateurs = list(Indicateur.objects.partages())
    codes = [i.code for i in indicateurs]
    mesures = {}
    for nom, par in (("national", ()), ("par région", ("region",))):
        sql = _meilleur(agreger_sql_plusieurs, indicateurs, annee, tuple(f"{c}_id" for c in par))
        mesures[nom] = [sql, _meilleur(stored.lignes, codes, {}, par, annee=annee)]
    print(json.dumps(mesures))


def sans_publication(annee):
    """A signatory commune has published nothing in `annee` any more (its values and
    assessments back to « validé »), and the worker is asked to compute its groups again.
    Prints [its département's dashboard of `annee`, the assessment that publishes it again]."""
    commune = (
        Collectivite.objects.filter(
            type="commune", signature__isnull=False, evaluations__campagne__annee=annee
        )
        .select_related("departement")
        .order_by("slug")
        .first()
    )
    evaluations = Evaluation.objects.filter(collectivite=commune, campagne__annee=annee)
    with transaction.atomic():
        Valeur.objects.filter(collectivite=commune, annee=annee).update(etat=EtatPublication.VALIDE)
        evaluations.update(etat_publication=EtatPublication.VALIDE)
        diffusion.marquer(TOUS, annee, commune.pk)
        programmer()
    page = f"/tableau-de-bord/?departement={commune.departement.code_insee}&annee={annee}"
    print(json.dumps([page, evaluations.order_by("pk").first().pk]))


def a_publier(n, annee):
    """`n` published assessments of `annee`, of communes of as many départements, back to
    « validé » without a signal: the figures still count them, so publishing them again only
    has the worker compute their groups. Prints their ids."""
    ids = list(
        Evaluation.objects.publiees()
        .filter(campagne__annee=annee, collectivite__type="commune")
        .order_by("collectivite__departement__code_insee", "collectivite__slug", "pk")
        .distinct("collectivite__departement__code_insee")
        .values_list("pk", flat=True)[:n]
    )
    Evaluation.objects.filter(pk__in=ids).update(etat_publication=EtatPublication.VALIDE)
    print(json.dumps(ids))


def publier(ids):
    """« Publier » each assessment in its own transaction, as the validator's request does: its
    marks and the `diffuser` task commit with it. Prints [[commit time, seconds], …]."""
    mesures = []
    for pk in ids:
        evaluation = Evaluation.objects.get(pk=pk)
        evaluation.etat_publication = EtatPublication.PUBLIE
        debut = time.perf_counter()
        with transaction.atomic():
            evaluation.save()
        mesures.append([time.time(), time.perf_counter() - debut])
    print(json.dumps(mesures))


def echantillon_profils(n, graine=GRAINE):
    """Slugs of `n` collectivities with published data, the same at every run."""
    slugs = sorted(
        Collectivite.objects.filter(signature__isnull=False).values_list("slug", flat=True)
    )
    return random.Random(graine).sample(slugs, min(n, len(slugs)))


LIGNES_PAR_FICHIER = 5000


def fichiers_import(dossier, par_fil):
    """2 × `par_fil` CSV files for the two import threads of the load test: each thread's first
    file writes values, the next ones edit the same keys. Counts are whole numbers, justified
    (many fall out of their plausible range). Prints {file: {key: value}}."""
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
            lignes = ["collectivite;type_collectivite;indicateur;annee;valeur;justification"] + [
                f"{cle.split('|')[0]};commune;{cle.split('|')[1]};2025;{v};Test de charge"
                for cle, v in valeurs.items()
            ]
            Path(dossier, nom).write_text("\n".join(lignes) + "\n", encoding="utf-8")
            attendu[nom] = valeurs
    print(json.dumps(attendu))


def verifier(chemin):
    """Compare the database with the last confirmed value of every imported key: a published
    value holds it as its pending correction."""
    confirmes = json.loads(Path(chemin).read_text())
    final = {}
    for nom in sorted(confirmes):  # a thread imports its files in name order
        final.update(confirmes[nom])
    indicateurs = dict(Indicateur.objects.partages().values_list("code", "id"))
    communes = dict(Collectivite.objects.filter(type="commune").values_list("code_insee", "id"))
    en_base = {
        (v.collectivite_id, v.indicateur_id): v.contenu()["valeur"]
        for v in Valeur.objects.filter(
            annee=2025,
            synthetique=False,
            collectivite_id__in={communes[k.split("|")[0]] for k in final},
            indicateur_id__in={indicateurs[k.split("|")[1]] for k in final},
        )
    }
    perdues = [
        cle
        for cle, v in final.items()
        if en_base.get((communes[cle.split("|")[0]], indicateurs[cle.split("|")[1]])) != v
    ]
    print(
        f"{len(final) - len(perdues):,}/{len(final):,} valeurs confirmées retrouvées, {len(perdues)} perdues"
    )
