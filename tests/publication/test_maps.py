import re
from unittest import mock

import pandas as pd
import pytest
from django.template.loader import render_to_string

from publication import figures
from publication.chart_builders import carte_territoires
from publication.map_shapes import compacter_chemin
from publication.maps import PALETTE_SEQUENTIELLE, Map, classes_quantiles, departements, regions
from tests.dashboards_helpers import cellules, lire_csv, tables_html


def _points(path):
    """Absolute vertices of a path made of relative moves (m … z), as the SVG spec draws them."""
    points, x, y, start = [], 0.0, 0.0, (0.0, 0.0)
    for morceau in re.findall(r"m[^mz]*|z", path):
        if morceau == "z":
            x, y = start
            continue
        nombres = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", morceau)]
        for i in range(0, len(nombres), 2):
            x, y = x + nombres[i], y + nombres[i + 1]
            if i == 0:
                start = (x, y)
            points.append((x, y))
    return points


def test_compacted_path_keeps_every_vertex_within_a_twentieth_of_a_pixel():
    original = "m 413.70408,308.36159 6.69,-20.52 0.4,1.07 0,0 1.39,-0.84 z m 10.5,2.25 1,1 -1,-1 z"
    compact = compacter_chemin(original)
    avant = [p for i, p in enumerate(_points(original)) if i != 3]  # the 0,0 step is dropped
    apres = _points(compact)
    assert len(apres) == len(avant)
    assert (
        max(
            max(abs(a - b) for a, b in zip(p, q, strict=True))
            for p, q in zip(avant, apres, strict=True)
        )
        <= 0.05
    )


def test_shipped_map_has_every_departement_with_its_region():
    codes = {d["code"] for d in departements()}
    assert len(codes) == 101
    assert {"01", "2A", "2B", "75", "95", "971", "972", "973", "974", "976"} <= codes
    assert all(d["region"] in regions() for d in departements())
    assert len(regions()) == 18
    assert sum(1 for d in departements() if d["path"]) == 96  # metropolitan shapes


def test_quantile_classes():
    assert classes_quantiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == [2, 4, 6, 8, 10]
    assert classes_quantiles([5, 5, 5]) == [5]
    assert classes_quantiles([]) == []


def test_departement_map_draws_all_101_with_legend_credit_and_table():
    valeurs = {d["code"]: i for i, d in enumerate(departements())}
    valeurs.pop("48")  # Lozère has no published value
    carte = Map("Taux de démarches", valeurs, unit="%")
    html = render_to_string("cms/includes/map.html", {"map": carte})
    drawn = set(re.findall(r'data-code="([0-9AB]+)"', html))
    assert drawn == {d["code"] for d in departements()}
    assert html.count("<path ") == 96 and html.count("<rect x=") == 5
    assert 'role="img"' in html and "CC-BY-4.0" in html and "Victor Cazanave" in html
    legende = re.findall(r"</svg> ([^<]+)</li>", html)
    assert len(legende) == len(PALETTE_SEQUENTIELLE) + 1
    assert legende[-1] == "pas de données publiées"
    assert "<script" not in html  # drawn on the server, readable without JavaScript
    (table,) = tables_html(html)
    lignes = cellules(table)
    assert len(lignes) == 102
    lozere = next(row for row in lignes if row[0] == "48")
    assert lozere[2:] == ["—", "pas de données publiées"]
    assert 'fill="url(#' in html  # no data is hatched, not a colour


def test_region_map_fills_each_departement_with_its_region():
    carte = Map("Niveau moyen", {"84": 3.0, "11": 1.0, "04": 2.0}, level="region")
    svg = str(carte.svg())
    par_code = {
        code: fill for fill, code in re.findall(r'fill="([^"]+)" data-code="([0-9AB]+)"', svg)
    }
    assert par_code["01"] == par_code["69"] == par_code["38"]  # all Auvergne-Rhône-Alpes
    assert par_code["75"] != par_code["69"]
    assert par_code["13"].startswith("url(#")  # PACA: no data
    _entetes, lignes = carte.table()
    assert len(lignes) == 18
    assert ("84", "Auvergne-Rhône-Alpes", "3", "plus de 2 à 3") in lignes
    assert carte.resume() == (
        "Niveau moyen : 3 régions sur 18 ont une valeur publiée, de 1 (Île-de-France) "
        "à 3 (Auvergne-Rhône-Alpes)."
    )
    assert lire_csv(carte.csv())[1:3] == [["01", "Guadeloupe", ""], ["02", "Martinique", ""]]


def test_overseas_tile_takes_its_value():
    carte = Map("t", {"974": 10.0, "75": 1.0})
    svg = str(carte.svg())
    tuile = re.search(r'<g data-code="974"><rect [^>]*fill="([^"]+)"', svg).group(1)
    assert tuile == PALETTE_SEQUENTIELLE[-1]


def test_named_classes_for_maturity_levels():
    carte = Map("Niveau", {"01": 1, "02": 4}, bounds=[1, 2, 3, 4], labels=["1", "2", "3", "4"])
    assert [texte for _c, texte in carte.legende()] == [
        "1",
        "2",
        "3",
        "4",
        "pas de données publiées",
    ]


def test_empty_map_says_so_and_opens_its_table():
    carte = Map("Rien", {})
    html = render_to_string("cms/includes/map.html", {"map": carte})
    assert "Pas encore de données publiées." in html
    assert '<details class="map-table" open>' in html


def test_bad_level_is_refused():
    with pytest.raises(ValueError, match="Niveau de carte inconnu"):
        Map("t", {}, level="canton")


def test_engagement_maps_use_the_fixed_maturity_scale(db):
    frame = pd.DataFrame({"code": ["84", "11"], "valeur": [2.5, 3.9], "n": [2, 5]})
    with mock.patch.object(figures, "niveaux_territoires", return_value=frame):
        carte = carte_territoires("A2E3", 2025, "region")
    assert carte.title == "Niveau moyen A2E3 (2025)"
    assert [texte for _c, texte in carte.legende()][:4] == [
        "jusqu'à 1",
        "plus de 1 à 2",
        "plus de 2 à 3",
        "plus de 3 à 4",
    ]


# --- maps of an engagement's published levels ----------------------------------------------------
@pytest.fixture
def niveaux_a1e1(referentiel, territoires, catalogue):
    """Published A1E1 levels: the map figures below are computed by hand from these."""
    from commitments.models import Campagne, Evaluation
    from commitments.workflow import EtatPublication
    from manifeste.maturite import Etat
    from tests.ecosysteme.helpers import coll, engagement

    def evaluer(type_, code, annee, niveau, etat=Etat.EVALUE, publication="publie"):
        Evaluation.objects.create(
            collectivite=coll(type_, code),
            engagement=engagement("A1E1"),
            campagne=Campagne.objects.get(annee=annee),
            etat=etat,
            niveau=niveau,
            justification="Sans objet." if etat == Etat.NON_CONCERNE else "",
            etat_publication=publication,
        )

    evaluer("commune", "75056", 2025, 2)
    evaluer("departement", "75", 2025, 4)  # a département council counts in its own territory
    evaluer("commune", "69123", 2025, 1)
    evaluer("commune", "69266", 2025, None, etat=Etat.NON_CONCERNE)  # never a 0
    evaluer("commune", "01004", 2025, None, etat=Etat.NON_RENSEIGNE)
    evaluer("epci", "200046977", 2025, 4, publication=EtatPublication.VALIDE)  # unpublished
    evaluer("departement", "01", 2025, 3)
    evaluer("region", "84", 2025, 0)  # on the région map only
    evaluer("commune", "69123", 2024, 4)  # an earlier campaign
    evaluer("commune", "97411", 2024, 3)


def test_engagement_levels_per_departement_by_hand(niveaux_a1e1):
    frame = figures.niveaux_territoires("A1E1", None, "departement")  # latest year: 2025
    assert frame.to_dict("records") == [
        {"code": "01", "valeur": 3.0, "n": 1},
        {"code": "69", "valeur": 1.0, "n": 1},
        {"code": "75", "valeur": 3.0, "n": 2},
    ]
    assert figures.niveaux_territoires("A1E1", 2024, "departement").to_dict("records") == [
        {"code": "69", "valeur": 4.0, "n": 1},
        {"code": "974", "valeur": 3.0, "n": 1},
    ]
    assert figures.niveaux_territoires("A3E3", None).empty


def test_engagement_levels_per_region_by_hand(niveaux_a1e1):
    frame = figures.niveaux_territoires("A1E1", 2025, "region")
    # ARA: Lyon 1, Ain 3, the région itself 0 → 4 / 3; Île-de-France: Paris 2 and 4 → 3.
    assert list(frame["code"]) == ["11", "84"]
    assert list(frame["n"]) == [2, 3]
    assert list(frame["valeur"]) == pytest.approx([3.0, 4 / 3])


def test_engagement_map_table_shows_the_count_and_the_rule(niveaux_a1e1, settings):
    settings.SEUIL_DIFFUSION = 2  # the fixture's few levels are all shown
    carte = carte_territoires("A1E1", 2025, "region")
    html = render_to_string("cms/includes/map.html", {"map": carte})
    assert "« non concerné » et « non renseigné » sont exclus" in html
    (table,) = tables_html(html)
    lignes = cellules(table)
    assert lignes[0] == ["Code", "Région", "Valeur", "Effectif (n)", "Classe"]
    assert ["84", "Auvergne-Rhône-Alpes", "1,33", "3", "plus de 1 à 2"] in lignes
    assert ["11", "Île-de-France", "3", "2", "plus de 2 à 3"] in lignes
    assert ["02", "Martinique", "—", "—", "pas de données publiées"] in lignes
    assert [c["scope"] for c in table["rows"][1]] == [None, "row", None, None, None]
    csv = lire_csv(carte.csv())
    assert csv[0] == ["Code", "Région", "Valeur", "Effectif (n)"]
    assert ["11", "Île-de-France", "3.0", "2"] in csv


def test_engagement_map_withholds_regions_below_the_threshold(niveaux_a1e1, settings):
    settings.SEUIL_DIFFUSION = 3
    carte = carte_territoires("A1E1", 2025, "region")
    html = render_to_string("cms/includes/map.html", {"map": carte})
    lignes = cellules(tables_html(html)[0])
    assert ["84", "Auvergne-Rhône-Alpes", "1,33", "3", "plus de 1 à 2"] in lignes
    # Two published: counted, never shown, and said so in the table, the tooltip and legend.
    assert ["11", "Île-de-France", "—", "2", "données insuffisantes (n = 2)"] in lignes
    assert ["02", "Martinique", "—", "—", "pas de données publiées"] in lignes
    assert "Île-de-France : données insuffisantes (n = 2)" in carte.svg()
    assert "données insuffisantes (moins de 3)" in html
    assert ["11", "Île-de-France", "", "2"] in lire_csv(carte.csv())
