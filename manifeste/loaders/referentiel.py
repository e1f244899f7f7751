"""Load the referential from the project's JSON file; re-running updates texts, never codes."""

import json
from pathlib import Path

from django.db import transaction

from manifeste.models import Ambition, DescripteurNiveau, Engagement, NiveauMaturite, Referentiel

FICHIER_PAR_DEFAUT = Path(__file__).resolve().parent.parent / "data" / "referentiel-2021.json"


@transaction.atomic
def charger_referentiel(chemin=FICHIER_PAR_DEFAUT, courant=True):
    data = json.loads(Path(chemin).read_text(encoding="utf-8"))
    if courant:
        Referentiel.objects.exclude(version=data["version"]).update(est_courant=False)
    referentiel, _ = Referentiel.objects.update_or_create(
        version=data["version"], defaults={"titre": data["titre"], "est_courant": courant}
    )
    for niveau in data["niveaux"]:
        NiveauMaturite.objects.update_or_create(
            referentiel=referentiel,
            niveau=niveau["niveau"],
            defaults={
                "libelle_fr": niveau["fr"],
                "libelle_en": niveau["en"],
                "signification_fr": niveau["signification_fr"],
                "signification_en": niveau["signification_en"],
            },
        )
    for ordre_a, a in enumerate(data["ambitions"], start=1):
        ambition, _ = Ambition.objects.update_or_create(
            referentiel=referentiel,
            code=a["code"],
            defaults={"ordre": ordre_a, "titre_fr": a["fr"], "titre_en": a["en"]},
        )
        for ordre_e, e in enumerate(a["engagements"], start=1):
            engagement, _ = Engagement.objects.update_or_create(
                ambition=ambition,
                code=e["code"],
                defaults={
                    "ordre": ordre_e,
                    "titre_fr": e["fr"],
                    "titre_en": e["en"],
                    "description_fr": e.get("description_fr", ""),
                    "description_en": e.get("description_en", ""),
                },
            )
            for niveau, (texte_fr, texte_en) in enumerate(e["descripteurs"], start=1):
                DescripteurNiveau.objects.update_or_create(
                    engagement=engagement,
                    niveau=niveau,
                    defaults={"texte_fr": texte_fr, "texte_en": texte_en},
                )
    return referentiel
