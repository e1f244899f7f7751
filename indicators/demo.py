"""Demo values: the catalogue, and for every signatory of the national picture its assessments
and values of 2021–2026 (written in bulk), drawn by `demo_lois` from its population, type, staff and maturity, in the state its
year's data are in. Idempotent: existing values are kept, only missing ones are written."""

from types import SimpleNamespace

from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from acces.signals import publication_modifiee
from commitments import demo_national
from commitments.models import Evaluation
from commitments.workflow import EtatPublication

from .catalogue import charger_catalogue
from .demo_distributions import LOIS, Contexte, repond
from .models import CHAMPS_VALEUR, Indicateur, Plausibilite, Valeur
from .validation import controler_plausibilite
from .writes import ecrire_valeurs, inserer

SOURCE = "démonstration"
JUSTIFICATION = "Valeur inhabituelle de la démonstration, confirmée par la collectivité."
VIDE = dict.fromkeys(CHAMPS_VALEUR)


def _plausibilite(indicateur, donnees, population, etat):
    """A draw outside its plausible range is kept as a real outlier would be: justified, and
    checked by a validator once its year is published (else « à vérifier »), so the
    validators' screens have something to show and `verifier_donnees` finds nothing."""
    erreurs, _etat = controler_plausibilite(indicateur, donnees, population, "")
    if not erreurs:
        return {"justification": "", "plausibilite": Plausibilite.PLAUSIBLE}
    publiee = etat == EtatPublication.PUBLIE
    return {
        "justification": JUSTIFICATION,
        "plausibilite": Plausibilite.VERIFIEE if publiee else Plausibilite.A_VERIFIER,
    }


def valeurs(portraits, indicateurs, deja=frozenset()):
    """The rows to write, as plain objects with Valeur's attributes."""
    for portrait in tqdm(portraits, desc="Valeurs", unit=" signataires", leave=False):
        for annee, etat in portrait.etats.items():
            contexte = Contexte(portrait, annee)
            for indicateur in indicateurs:
                loi = LOIS[indicateur.code]
                if (portrait.collectivite_id, indicateur.pk, annee) in deja or not repond(
                    loi, contexte, indicateur.code
                ):
                    continue
                donnees = {**VIDE, **loi.tirer(contexte)}
                yield SimpleNamespace(
                    collectivite_id=portrait.collectivite_id,
                    indicateur_id=indicateur.pk,
                    annee=annee,
                    **donnees,
                    **_plausibilite(indicateur, donnees, portrait.population, etat),
                    source=SOURCE,
                    commentaire="",
                    etat=etat.value,
                    saisi_par_id=None,
                    synthetique=False,
                )


def _evaluations(portraits):
    quand = connection.ops.adapt_datetimefield_value(timezone.now())
    lignes = list(demo_national.lignes_evaluations(portraits, quand))
    with connection.cursor() as cursor:
        inserer(cursor, Evaluation._meta.db_table, demo_national.COLONNES_EVALUATION, lignes)
    return len(lignes)


def seed(log):
    charger_catalogue()
    portraits = demo_national.portraits(signees=True)
    log(f"Évaluations du tableau national : {_evaluations(portraits)} créées.")
    indicateurs = [i for i in Indicateur.objects.partages() if i.code in LOIS]
    deja = set(Valeur.objects.reelles().values_list("collectivite_id", "indicateur_id", "annee"))
    nouvelles = list(valeurs(portraits, indicateurs, deja))
    with transaction.atomic():
        ecrire_valeurs(nouvelles, timezone.now(), None, SOURCE)
        if nouvelles:  # in the transaction: its task commits with the values
            publication_modifiee.send(sender=Valeur)
    log(f"Indicateurs : {len(indicateurs)} au catalogue, {len(nouvelles)} valeurs créées.")
