"""The accessibility and eco-design statements show the figures of the last `make bench`."""

import json

import pytest

from cms import measures as mesures_module
from cms.measures import charger_mesures


def _page(name, path, kb, requests, ecoindex, grade, axe=0):
    return {
        "name": name,
        "path": path,
        "bytes": int(kb * 1024),
        "requests": requests,
        "dom": 80,
        "ecoindex": ecoindex,
        "grade": grade,
        "ges": 1.2,
        "water": 1.8,
        "max_kb": 100,
        "max_requests": 10,
        "axe_serious_or_critical": axe,
    }


@pytest.fixture
def measured(tmp_path, monkeypatch):
    path = tmp_path / "mesures.json"
    data = {
        "date": "2026-03-14",
        "chromium": "156.0",
        "pages": [
            _page("Accueil", "/", 4.5, 2, 92.3, "A"),
            _page("Tableau national", "/tableau/", 150, 4, 70.1, "B", axe=1),
        ],
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(mesures_module, "MESURES", path)
    return data


def test_summary_of_the_measures(measured):
    mesures = charger_mesures()
    assert mesures["date"].isoformat() == "2026-03-14"
    assert mesures["ecoindex_moyen"] == 81.2
    assert mesures["violations_bloquantes"] == 1
    assert mesures["dans_le_budget"] is False  # 150 KB > 100 KB
    assert mesures["pages"][0]["kb"] == 4.5


def test_no_measure_yet(tmp_path):
    assert charger_mesures(tmp_path / "absent.json") is None


def test_ecodesign_statement_shows_the_measured_figures(client, db, measured):
    html = client.get("/ecoconception/").content.decode()
    assert "14 mars 2026" in html
    assert "Tableau national" in html and "70,1" in html
    assert "81,2" in html
    assert "dépasse son budget" in html


def test_accessibility_statement_shows_axe_results(client, db, measured):
    html = client.get("/accessibilite/").content.decode()
    assert "1 erreur grave ou critique" in html
    assert "non conforme" in html


def test_statements_are_linked_from_the_footer(client, referentiel):
    html = client.get("/").content.decode()
    assert 'href="/accessibilite/"' in html
    assert 'href="/ecoconception/"' in html
    assert 'href="/en/accessibilite/"' in client.get("/en/").content.decode()


def test_shipped_measures_are_readable():
    # Written by `make bench` and committed, so that the statements show real figures.
    mesures = charger_mesures()
    assert "/" in {p["path"] for p in mesures["pages"]}
