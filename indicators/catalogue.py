"""Load the shared catalogue from the project's copy of indicators.csv (idempotent).

Codes are the stable key: re-loading updates an indicator's labels and rules, never its code.
Everything is read and checked before anything is written.
"""

import csv
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from manifeste.models import Engagement

from .models import Agregation, BasePlausible, Indicateur, Nature, Portee, Sens
from .validation import champs_attendus

FICHIER_PAR_DEFAUT = Path(__file__).resolve().parent / "data" / "indicators.csv"


class CatalogueInvalide(Exception):
    pass


def lire_cibles(texte):
    """`2024:20;2027:25` → {"2024": 20, "2027": 25} (JSON keys are strings)."""
    cibles = {}
    for morceau in filter(None, (m.strip() for m in (texte or "").split(";"))):
        annee, sep, valeur = morceau.partition(":")
        if not sep or not annee.strip().isdigit():
            raise CatalogueInvalide(f"cible « {morceau} » : attendu année:valeur")
        nombre = Decimal(valeur.strip().replace(",", "."))
        cibles[annee.strip()] = int(nombre) if nombre == int(nombre) else float(nombre)
    return cibles


def lire_decimal(texte, colonne, ligne):
    """A bound of the catalogue: '' → None, else a plain decimal (« . » separator)."""
    if not (texte or "").strip():
        return None
    try:
        nombre = Decimal(texte.strip())
    except InvalidOperation:
        nombre = None
    if nombre is None or not nombre.is_finite():
        raise CatalogueInvalide(
            f"ligne {ligne}, colonne {colonne} : « {texte} » n'est pas un nombre"
        )
    return nombre


def lire_entiers(texte, nature, aggregation, ligne):
    """`numerateur;denominateur` → the fields that count units, each one a field of this nature."""
    champs = [c.strip() for c in (texte or "").split(";") if c.strip()]
    attendus = champs_attendus(Indicateur(nature=nature, agregation=aggregation))
    for champ in champs:
        if champ not in attendus:
            raise CatalogueInvalide(
                f"ligne {ligne}, colonne integers : « {champ} » n'est pas un champ de ce type"
            )
    return champs


def _choix(valeur, choices, colonne, ligne):
    if valeur not in choices.values:
        raise CatalogueInvalide(f"ligne {ligne}, colonne {colonne} : « {valeur} » inconnu")
    return valeur


def lire_catalogue(chemin=FICHIER_PAR_DEFAUT):
    engagements = {e.code: e for e in Engagement.objects.courants()}
    lignes = []
    with open(chemin, encoding="utf-8-sig", newline="") as fichier:
        for ligne, row in enumerate(csv.DictReader(fichier), start=2):
            if row["engagement"] not in engagements:
                raise CatalogueInvalide(
                    f"ligne {ligne}, colonne engagement : « {row['engagement']} » inconnu"
                )
            # The file's columns are English (kind, scope, scale…); the fields are French.
            nature = _choix(row["kind"], Nature, "kind", ligne)
            echelle = int(row["scale"] or 1)
            lignes.append(
                {
                    "code": row["code"].strip(),
                    "engagement": engagements[row["engagement"]],
                    "nom_fr": row["name_fr"],
                    "nom_en": row["name_en"],
                    "unite": row["unit"],
                    "nature": nature,
                    "sens": _choix(row["direction"], Sens, "direction", ligne),
                    "agregation": _choix(row["aggregation"], Agregation, "aggregation", ligne),
                    "portee": _choix(row["scope"], Portee, "scope", ligne),
                    "echelle": echelle,
                    "numerateur": row["numerator"],
                    "denominateur": row["denominator"],
                    # A percentage of a whole (scale 100) cannot exceed 100 %.
                    "partie_du_tout": nature == Nature.RATIO and echelle == 100,
                    "minimum": lire_decimal(row["min"], "min", ligne),
                    "maximum": lire_decimal(row["max"], "max", ligne),
                    "champs_entiers": lire_entiers(
                        row["integers"], nature, row["aggregation"], ligne
                    ),
                    "plausible_min": lire_decimal(row["plausible_min"], "plausible_min", ligne),
                    "plausible_max": lire_decimal(row["plausible_max"], "plausible_max", ligne),
                    "plausible_par": _choix(
                        row["plausible_per"], BasePlausible, "plausible_per", ligne
                    ),
                    "plausible_source": row["plausible_source"],
                    "base": row["basis"],
                    "cibles": lire_cibles(row["targets"]),
                }
            )
    return lignes


@transaction.atomic
def charger_catalogue(chemin=FICHIER_PAR_DEFAUT):
    """Create or update the shared indicators; returns (created, updated)."""
    crees = maj = 0
    for ligne in lire_catalogue(chemin):
        code = ligne.pop("code")
        _, cree = Indicateur.objects.update_or_create(code=code, collectivite=None, defaults=ligne)
        crees += cree
        maj += not cree
    return crees, maj
