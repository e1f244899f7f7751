from unittest import mock

import pandas as pd
import pytest
from django.template.loader import render_to_string
from django.utils.html import escape

from publication import figures
from publication.chart_builders import graphique_serie, parse_annees
from publication.charts import PALETTE, Chart, format_nombre
from tests.dashboards_helpers import cellules, lire_csv, nombre_fr, tables_html


def serie_par_type():
    return pd.DataFrame(
        {
            "annee": [2023, 2024, 2025, 2023, 2024, 2025],
            "groupe": ["Communes"] * 3 + ["EPCI"] * 3,
            "valeur": [40.0, 52.5, 61.25, 30.0, None, 45.0],
        }
    )


def boites():
    return pd.DataFrame(
        {
            "groupe": ["Même type et taille", "Département"],
            "min": [0, 5],
            "q1": [20, 25],
            "mediane": [35, 40],
            "q3": [60, 55],
            "max": [100, 90],
            "position": [48, 48],
        }
    )


def test_format_nombre_is_french():
    assert format_nombre(1234567) == "1\u202f234\u202f567"
    assert format_nombre(52.5) == "52,5"
    assert format_nombre(61.256) == "61,26"
    assert format_nombre(float("nan")) == "—"


@pytest.mark.parametrize(
    "texte, attendu",
    [("", None), ("2024", [2024]), ("2022-2024", [2022, 2023, 2024]), ("2025, 2022", [2022, 2025])],
)
def test_parse_annees(texte, attendu):
    assert parse_annees(texte) == attendu


def test_parse_annees_refuses_garbage():
    with pytest.raises(ValueError, match="années attendues"):
        parse_annees("deux mille")


def test_line_chart_summary_table_and_csv_say_the_same():
    chart = Chart("Part des démarches", serie_par_type(), kind="line", series="groupe", unit="%")
    assert chart.resume() == (
        "Part des démarches : de 2023 à 2025, Communes passe de 40\u00a0% à 61,25\u00a0% "
        "(2 séries au total)."
    )
    entetes, lignes = chart.table()
    assert entetes == ["annee", "Communes", "EPCI"]
    assert lignes == [["2023", "40", "30"], ["2024", "52,5", "—"], ["2025", "61,25", "45"]]
    assert lire_csv(chart.csv()) == [
        ["annee", "Communes", "EPCI"],
        ["2023", "40", "30"],
        ["2024", "52.5", ""],
        ["2025", "61.25", "45"],
    ]


def test_bar_summary_names_extremes_and_target():
    frame = pd.DataFrame({"annee": [2023, 2024, 2025], "valeur": [10.0, 80.0, 55.0]})
    chart = Chart("Taux", frame, kind="bar", unit="%", target=50)
    assert chart.resume() == (
        "Taux : de 10\u00a0% (2023) à 80\u00a0% (2024), sur 3 valeurs, "
        "la cible de 50\u00a0% étant atteinte par 2 sur 3."
    )
    figure = chart.figure()
    assert figure["layout"]["shapes"][0]["y0"] == 50  # the target line
    assert figure["data"][0]["marker"]["color"] == PALETTE[0]


def test_single_line_summary_keeps_years_as_integers():
    frame = pd.DataFrame({"annee": [2025, 2023], "valeur": [12.0, 3.5]})
    assert Chart("Agents formés", frame, kind="line", unit="agents").resume() == (
        "Agents formés : de 2023 à 2025, la valeur passe de 3,5\u00a0agents à 12\u00a0agents."
    )


def test_series_differ_by_pattern_or_symbol_not_only_colour():
    bars = Chart("t", serie_par_type(), series="groupe").figure()["data"]
    assert len({t["marker"]["pattern"]["shape"] for t in bars}) == 2
    lines = Chart("t", serie_par_type(), kind="line", series="groupe").figure()["data"]
    assert len({t["marker"]["symbol"] for t in lines}) == 2
    assert len({t["line"]["dash"] for t in lines}) == 2


def test_box_chart_uses_only_basic_bundle_traces():
    chart = Chart("Comparaison", boites(), kind="box", x="groupe", unit="%")
    figure = chart.figure()
    assert {t["type"] for t in figure["data"]} <= {"bar", "scatter"}  # plotly-basic has no box
    q1_q3 = next(t for t in figure["data"] if t["type"] == "bar")
    assert q1_q3["base"] == [20, 25] and q1_q3["y"] == [40, 30]
    assert chart.resume() == (
        "Comparaison : pour Même type et taille, la médiane est de 35\u00a0% et la moitié des "
        "valeurs est entre 20 et 60\u00a0% ; la collectivité est à 48\u00a0%."
    )
    assert chart.table()[0][-1] == "Collectivité"


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="Type de graphique inconnu"):
        Chart("t", pd.DataFrame(), kind="camembert")


def test_include_renders_table_with_scopes_caption_and_inert_json():
    chart = Chart("Part </script>", serie_par_type(), kind="line", series="groupe", unit="%")
    html = render_to_string("cms/includes/chart.html", {"chart": chart})
    (table,) = tables_html(html)
    assert table["caption"].startswith("Données du graphique « Part </script> »")
    assert [c["scope"] for c in table["rows"][0]] == ["col"] * 3
    assert all(row[0]["scope"] == "row" for row in table["rows"][1:])
    assert escape(chart.resume()) in html
    assert 'type="application/json"' in html and "<script>" not in html
    assert html.count("</script>") == 1  # the title's "</script>" is escaped in the JSON
    assert f'id="{chart.dom_id}"' in html and "hidden" in html


def test_empty_chart_says_no_data_and_has_no_table():
    chart = Chart("Rien", pd.DataFrame())
    html = render_to_string("cms/includes/chart.html", {"chart": chart})
    assert "Pas encore de données publiées." in html
    assert "<table" not in html and "application/json" not in html


def test_csv_view_serves_exactly_the_table(client, db):
    with mock.patch.object(figures, "serie", return_value=serie_par_type()):
        chart = graphique_serie("A1E1-01", "type", "2023-2025", "bar")
        html = render_to_string("cms/includes/chart.html", {"chart": chart})
        response = client.get(chart.csv_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lignes_csv = lire_csv(response.content.decode())
    (table,) = tables_html(html)
    lignes_html = cellules(table)
    assert lignes_csv[0] == lignes_html[0]
    assert len(lignes_csv) == len(lignes_html) == 4
    for ligne_csv, ligne_html in zip(lignes_csv[1:], lignes_html[1:], strict=True):
        assert [float(v) if v else None for v in ligne_csv[1:]] == [
            nombre_fr(v) for v in ligne_html[1:]
        ]
        assert ligne_csv[0] == ligne_html[0]


def test_csv_view_unknown_key_is_404_and_empty_data_is_a_header_only_csv(client, db):
    assert client.get("/donnees/graphiques/inconnu.csv").status_code == 404
    response = client.get("/donnees/graphiques/serie.csv?indicateur=A1E1-01")
    assert response.status_code == 200
    assert lire_csv(response.content.decode()) == [["Année", "Valeur"]]
    assert client.post("/donnees/graphiques/serie.csv").status_code == 405
