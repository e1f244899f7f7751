"""Demo values: the catalogue, and three years of values for every signatory collectivity
(the latest year in draft, the earlier ones published). Idempotent: existing values are kept."""

import datetime
import random

from commitments.models import Campagne, Signature
from commitments.workflow import EtatPublication

from .catalogue import charger_catalogue
from .models import Indicateur, Valeur
from .validation import champs_attendus

ANNEES = (2023, 2024, 2025)


def _donnees(indicateur, rng):
    champs = champs_attendus(indicateur)
    if champs == ("booleen",):
        return {"booleen": rng.random() < 0.5}
    if "numerateur" in champs:
        den = rng.randint(20, 400)
        if indicateur.minimum is not None:
            return {"numerateur": round(den * rng.uniform(1.2, 2.2)), "denominateur": den}
        return {"numerateur": rng.randint(0, den), "denominateur": den}
    if "poids" in champs:
        return {"valeur": round(rng.uniform(3, 8), 1), "poids": rng.randint(10, 300)}
    return {"valeur": rng.randint(0, 500)}


def seed(log):
    charger_catalogue()
    for annee in ANNEES:
        Campagne.objects.get_or_create(
            annee=annee,
            defaults={
                "date_ouverture": datetime.date(annee + 1, 1, 15),
                "date_cloture": datetime.date(annee + 1, 6, 30),
            },
        )
    rng = random.Random(2021)
    indicateurs = list(Indicateur.objects.partages())
    crees = 0
    for signature in Signature.objects.select_related("collectivite"):
        for annee in ANNEES:
            etat = EtatPublication.BROUILLON if annee == ANNEES[-1] else EtatPublication.PUBLIE
            for indicateur in indicateurs:
                donnees = _donnees(indicateur, rng)  # drawn even when kept: stable sequence
                _, cree = Valeur.objects.get_or_create(
                    collectivite=signature.collectivite,
                    indicateur=indicateur,
                    annee=annee,
                    synthetique=False,
                    defaults={**donnees, "etat": etat, "source": "démonstration"},
                )
                crees += cree
    log(f"Indicateurs : {len(indicateurs)} au catalogue, {crees} valeurs de démonstration créées.")
