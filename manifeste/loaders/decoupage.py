"""Build the compact reference file from the JSON of `@etalab/decoupage-administratif`.

Keeps the régions and départements of metropolitan France and the overseas départements
(zone `metro` or `drom`), every EPCI à fiscalité propre with its nature, and the current
communes (`commune-actuelle`) of those zones. Régions and départements get the population of
their communes; an EPCI's département is the one holding most of its population.
"""

import csv
import gzip
import io
import json
import tarfile
from collections import Counter, defaultdict
from pathlib import Path

from manifeste.loaders.territoires import COLONNES

ZONES = {"metro", "drom"}


def _lire_json(source):
    """`source` is the package's data/ folder or the tarball `npm pack` fetches."""
    source = Path(source)
    noms = ["regions", "departements", "epci", "communes"]
    if source.is_dir():
        return {n: json.loads((source / f"{n}.json").read_text("utf-8")) for n in noms}
    with tarfile.open(source) as tar:
        return {n: json.load(tar.extractfile(f"package/data/{n}.json")) for n in noms}


def construire_lignes(source):
    data = _lire_json(source)
    communes = [
        c for c in data["communes"] if c["type"] == "commune-actuelle" and c.get("zone") in ZONES
    ]
    departements = [d for d in data["departements"] if d["zone"] in ZONES]
    regions = [r for r in data["regions"] if r["zone"] in ZONES]
    region_du_departement = {d["code"]: d["region"] for d in departements}

    epci_de, population_dep, population_reg = {}, Counter(), Counter()
    for epci in data["epci"]:
        for membre in epci["membres"]:
            epci_de[membre["code"]] = epci["code"]
    for c in communes:
        population_dep[c["departement"]] += c.get("population", 0)
        population_reg[c["region"]] += c.get("population", 0)

    poids = defaultdict(Counter)
    for c in communes:
        if c["code"] in epci_de:
            poids[epci_de[c["code"]]][c["departement"]] += c.get("population", 0) or 1

    def ligne(type_, code, nom, **autres):
        return (
            dict.fromkeys(COLONNES, "")
            | {"type": type_, "code_insee": code, "nom": nom}
            | {k: "" if v is None else str(v) for k, v in autres.items()}
        )

    lignes = [
        ligne("region", r["code"], r["nom"], population=population_reg[r["code"]], zone=r["zone"])
        for r in regions
    ]
    lignes += [
        ligne(
            "departement",
            d["code"],
            d["nom"],
            region=d["region"],
            population=population_dep[d["code"]],
            zone=d["zone"],
        )
        for d in departements
    ]
    for e in data["epci"]:
        dep = poids[e["code"]].most_common(1)[0][0] if poids[e["code"]] else ""
        lignes.append(
            ligne(
                "epci",
                e["code"],
                e["nom"],
                siren=e["code"],
                nature=e["type"],
                departement=dep,
                region=region_du_departement.get(dep, ""),
                population=e.get("populationMunicipale"),
                zone="drom" if len(dep) == 3 else "metro",
            )
        )
    lignes += [
        ligne(
            "commune",
            c["code"],
            c["nom"],
            siren=c.get("siren"),
            departement=c["departement"],
            region=c["region"],
            epci=epci_de.get(c["code"], ""),
            population=c.get("population"),
            zone=c["zone"],
        )
        for c in communes
    ]
    return lignes


def ecrire_fichier(lignes, destination):
    tampon = io.StringIO()
    writer = csv.DictWriter(tampon, fieldnames=COLONNES, lineterminator="\n")
    writer.writeheader()
    writer.writerows(lignes)
    # mtime=0: the same data gives the same bytes, so rebuilding shows no spurious diff.
    Path(destination).write_bytes(gzip.compress(tampon.getvalue().encode("utf-8"), 9, mtime=0))
