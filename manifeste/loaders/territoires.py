"""Load every collectivity from the project's compact reference file (CSV, optionally gzipped).

All rows are read and checked before anything is written, then written in one transaction:
a bad file names its line and field and leaves the database untouched. Re-running updates
names, population and memberships; collectivities missing from the file are deactivated,
never deleted (they may carry years of data).
"""

import csv
import gzip
import io
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from tqdm import tqdm

from acces.signals import publication_modifiee
from manifeste.models import Collectivite, TypeCollectivite
from manifeste.models.collectivite import classe_taille, slug_collectivite
from manifeste.planner import rafraichir_statistiques

FICHIER_PAR_DEFAUT = Path(__file__).resolve().parent.parent / "data" / "collectivites.csv.gz"
COLONNES = [
    "type",
    "code_insee",
    "siren",
    "nom",
    "nature",
    "departement",
    "region",
    "epci",
    "population",
    "zone",
]
# Parents before children, so each level can point at the ids of the one above.
ORDRE = [
    TypeCollectivite.REGION,
    TypeCollectivite.DEPARTEMENT,
    TypeCollectivite.EPCI,
    TypeCollectivite.COMMUNE,
]
CHAMPS_MIS_A_JOUR = [
    "nom",
    "nature",
    "siren",
    "population",
    "classe_taille",
    "zone",
    "region_id",
    "departement_id",
    "epci_id",
    "active",
]


class FichierInvalide(Exception):
    def __init__(self, erreurs):
        self.erreurs = erreurs
        super().__init__("\n".join(erreurs))


@dataclass
class Bilan:
    crees: int = 0
    modifies: int = 0
    inchanges: int = 0
    desactives: int = 0


def _ouvrir(chemin):
    chemin = Path(chemin)
    raw = chemin.read_bytes()
    if chemin.suffix == ".gz":
        raw = gzip.decompress(raw)
    return io.StringIO(raw.decode("utf-8-sig"))


def lire_fichier(chemin):
    """Parse and check every row; return them grouped by type or raise FichierInvalide."""
    try:
        reader = csv.DictReader(_ouvrir(chemin))
        manquantes = [c for c in COLONNES if c not in (reader.fieldnames or [])]
        if manquantes:
            raise FichierInvalide([f"colonne(s) manquante(s) : {', '.join(manquantes)}"])
        lignes = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error, EOFError, gzip.BadGzipFile) as exc:
        raise FichierInvalide([f"fichier illisible : {exc}"]) from exc

    erreurs = []
    par_type = {t: {} for t in ORDRE}
    sirens = {}
    for numero, ligne in enumerate(lignes, start=2):  # line 1 is the header
        if None in ligne or any(v is None for v in ligne.values()):
            erreurs.append(f"ligne {numero} : nombre de colonnes incorrect")
            continue
        ligne = {k: v.strip() for k, v in ligne.items()}
        type_, code = ligne["type"], ligne["code_insee"]
        if type_ not in par_type:
            erreurs.append(f"ligne {numero}, colonne type : type inconnu « {type_} »")
            continue
        if not code:
            erreurs.append(f"ligne {numero}, colonne code_insee : code vide")
            continue
        if not ligne["nom"]:
            erreurs.append(f"ligne {numero}, colonne nom : nom vide")
        if code in par_type[type_]:
            erreurs.append(f"ligne {numero}, colonne code_insee : {type_} {code} en double")
        siren = ligne["siren"]
        if siren:
            if not (len(siren) == 9 and siren.isdigit()):
                erreurs.append(f"ligne {numero}, colonne siren : « {siren} » n'a pas 9 chiffres")
            elif siren in sirens:
                erreurs.append(
                    f"ligne {numero}, colonne siren : SIREN {siren} déjà utilisé ligne {sirens[siren]}"
                )
            sirens[siren] = numero
        try:
            ligne["population"] = int(ligne["population"]) if ligne["population"] else None
        except ValueError:
            erreurs.append(
                f"ligne {numero}, colonne population : « {ligne['population']} » n'est pas un entier"
            )
        ligne["numero"] = numero
        par_type[type_][code] = ligne

    references = [
        ("region", TypeCollectivite.REGION),
        ("departement", TypeCollectivite.DEPARTEMENT),
        ("epci", TypeCollectivite.EPCI),
    ]
    for lignes_du_type in par_type.values():
        for ligne in lignes_du_type.values():
            for colonne, type_parent in references:
                code_parent = ligne[colonne]
                if code_parent and code_parent not in par_type[type_parent]:
                    erreurs.append(
                        f"ligne {ligne['numero']}, colonne {colonne} : "
                        f"{type_parent.label} « {code_parent} » absent du fichier"
                    )
    if erreurs:
        raise FichierInvalide(erreurs)
    return par_type


def charger_territoires(chemin=FICHIER_PAR_DEFAUT, progress=False):
    par_type = lire_fichier(chemin)
    bilan = Bilan()
    total = sum(len(v) for v in par_type.values())
    with (
        transaction.atomic(),
        tqdm(total=total, disable=not progress, unit=" collectivités", desc="Territoires") as barre,
    ):
        ids = {}
        for type_ in ORDRE:
            _charger_niveau(type_, par_type[type_], ids, bilan, barre)
            ids[type_] = dict(
                Collectivite.objects.filter(type=type_).values_list("code_insee", "id")
            )
        rafraichir_statistiques(Collectivite)
    if bilan.crees or bilan.modifies or bilan.desactives:
        # Names, populations and size classes show on public pages and weigh in the figures.
        publication_modifiee.send(sender=Collectivite)
    return bilan


def _valeurs(ligne, ids):
    def parent(colonne, type_parent):
        code = ligne[colonne]
        return ids[type_parent][code] if code else None

    return {
        "nom": ligne["nom"],
        "nature": ligne["nature"],
        "siren": ligne["siren"] or None,
        "population": ligne["population"],
        "classe_taille": classe_taille(ligne["population"]),
        "zone": ligne["zone"],
        "region_id": parent("region", TypeCollectivite.REGION),
        "departement_id": parent("departement", TypeCollectivite.DEPARTEMENT),
        "epci_id": parent("epci", TypeCollectivite.EPCI),
        "active": True,
    }


def _charger_niveau(type_, lignes, ids, bilan, barre):
    existantes = {c.code_insee: c for c in Collectivite.objects.filter(type=type_)}
    nouvelles, modifiees = [], []
    for code, ligne in lignes.items():
        valeurs = _valeurs(ligne, ids)
        objet = existantes.get(code)
        if objet is None:
            nouvelles.append(
                Collectivite(
                    type=type_,
                    code_insee=code,
                    slug=slug_collectivite(type_, ligne["nom"], code),
                    **valeurs,
                )
            )
        elif any(getattr(objet, k) != v for k, v in valeurs.items()):
            for k, v in valeurs.items():
                setattr(objet, k, v)
            modifiees.append(objet)
        else:
            bilan.inchanges += 1
        barre.update()
    disparues = [c for code, c in existantes.items() if code not in lignes and c.active]
    for objet in disparues:
        objet.active = False
    Collectivite.objects.bulk_create(nouvelles, batch_size=2000)
    Collectivite.objects.bulk_update(modifiees + disparues, CHAMPS_MIS_A_JOUR, batch_size=500)
    bilan.crees += len(nouvelles)
    bilan.modifies += len(modifiees)
    bilan.desactives += len(disparues)
