"""Sobriety of every public page type: weight, requests, DOM, EcoIndex, axe-core findings.

PUBLIC_PAGES is THE list of public page types: the browser tests check each one's accessibility
and budget, `make bench` measures each one on the production stack and writes MESURES, which
the accessibility and eco-design statements display. A new page type is one line here.
"""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from benchmarks import server

MESURES = Path(__file__).resolve().parent.parent / "cms" / "data" / "mesures.json"
# Pages without charts: 100 KB as transferred (see docs/adr/quality-browser-tests.md).
BUDGET_KB = 100
BUDGET_REQUESTS = 10
# Pages drawing plotly charts: the bundle (~390 KB gzipped), its stylesheet, charts.js, the locale.
CHARTS_KB = 500
CHARTS_REQUESTS = 7


@dataclass(frozen=True)
class PageType:
    name: str
    path: str  # served by the demo data (`seed_demo` over tests/data/territoires-mini.csv)
    max_kb: int = BUDGET_KB
    max_requests: int = BUDGET_REQUESTS
    status: int = 200


def charts(name, path):
    return PageType(name, path, max_kb=CHARTS_KB, max_requests=CHARTS_REQUESTS)


# Demo collectivities: Paris (commune, signatory with published data), Villeurbanne (no data).
PARIS = "paris-75056"
COMPARAISON = "c=paris-75056&c=metropole-de-lyon-200046977&c=departement-ain-01"

PUBLIC_PAGES = [
    PageType("Accueil", "/"),
    PageType("Accueil (anglais)", "/en/"),
    charts("Tableau de bord national", "/tableau-de-bord/"),
    charts("Tableau de bord national filtré", "/tableau-de-bord/?type=commune&region=84"),
    PageType("Les 9 engagements", "/engagements/"),
    charts("Page d'un engagement", "/engagements/a2e3/"),
    PageType("Collectivités (formulaire de recherche)", "/collectivites/"),
    PageType("Recherche de collectivités", "/collectivites/?q=lyon"),
    PageType("Profil d'une collectivité", f"/collectivites/{PARIS}/"),
    PageType("Profil sans données publiées", "/collectivites/villeurbanne-69266/"),
    PageType("Comparaison de 3 collectivités", f"/collectivites/comparer/?{COMPARAISON}"),
    # No page of its own for maps: the annual report composes a chart and a map from blocks.
    charts("Rapport annuel (graphique et carte)", "/rapport-annuel/"),
    PageType("Rapport imprimable d'une collectivité", f"/rapport/{PARIS}/2024/"),
    PageType("Annuaire des acteurs", "/annuaire/"),
    PageType("Annuaire filtré", "/annuaire/?type=reconditionneur&engagement=A2E3"),
    PageType("Fiche d'un acteur", "/annuaire/acteur/reconnect-rhone-alpes/"),
    PageType("Proposer un acteur", "/annuaire/proposer/"),
    PageType("Proposition d'acteur reçue", "/annuaire/proposer/merci/"),
    PageType("Boîte à outils", "/boite-a-outils/"),
    PageType("Une ressource", "/boite-a-outils/guide-de-lachat-public-de-matériel-reconditionné/"),
    PageType("Lexique", "/lexique/"),
    PageType("Lexique, une lettre", "/lexique/?lettre=R"),
    PageType("Recherche dans le lexique", "/lexique/?q=ecoconception"),
    PageType("Terme du lexique", "/lexique/rgesn/"),
    PageType("Déclaration d'accessibilité", "/accessibilite/"),
    PageType("Déclaration d'écoconception", "/ecoconception/"),
    PageType("Données ouvertes et exports", "/donnees/"),
    PageType("Page introuvable", "/cette-page-n-existe-pas/", status=404),
    # Not listed: the choice between collectivities sharing an INSEE code (/collectivites/insee/…),
    # which the demo's territories never reach (no code is shared among them); invitation links
    # (/invitations/<token>/), which need a token; the PDF report, which is not a web page.
    # Not listed: the API's documentation (/api/docs), django-ninja's Swagger UI page. It loads,
    # but it is a third-party application whose markup we do not write: axe finds serious
    # violations in it that no template or stylesheet of ours can fix (13 buttons nested in its
    # operation summaries' buttons), besides a missing lang and 47 contrast failures of its own
    # colours; its 1.5 MB bundle (~0.45 MB gzipped) alone outweighs a page budget. Developers reach it
    # from /donnees/; the data is on the pages above and in the API itself.
]


def measure_all(base_url):
    from playwright.sync_api import sync_playwright

    from benchmarks.browser import axe_violations, launch, weigh

    rows = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for page_type in PUBLIC_PAGES:
            context = browser.new_context()
            weight = weigh(context, base_url + page_type.path)
            page = context.new_page()
            page.goto(base_url + page_type.path)
            blocking = axe_violations(page)
            context.close()
            row = weight.as_dict()
            del row["url"]  # the port changes at every run; the path is what matters
            row.update(
                name=page_type.name,
                path=page_type.path,
                max_kb=page_type.max_kb,
                max_requests=page_type.max_requests,
                axe_serious_or_critical=len(blocking),
            )
            rows.append(row)
        version = browser.version
        browser.close()
    return {"date": date.today().isoformat(), "chromium": version, "pages": rows}


def print_table(mesures):
    header = (
        f"{'page':32} {'KB':>7} {'req':>4} {'DOM':>5} {'EcoIndex':>8}  {'':1} {'axe':>3}  budget"
    )
    print(header)
    print("-" * len(header))
    for row in mesures["pages"]:
        within = row["bytes"] / 1024 <= row["max_kb"] and row["requests"] <= row["max_requests"]
        print(
            f"{row['name'][:32]:32} {row['bytes'] / 1024:7.1f} {row['requests']:4d} {row['dom']:5d}"
            f" {row['ecoindex']:8.1f}  {row['grade']} {row['axe_serious_or_critical']:3d}"
            f"  {'ok' if within else 'DÉPASSÉ'} (≤ {row['max_kb']} KB, ≤ {row['max_requests']} req)"
        )


def run():
    mesures = measure_all(server.base_url())
    print_table(mesures)
    MESURES.parent.mkdir(exist_ok=True)
    MESURES.write_text(json.dumps(mesures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nMesures écrites dans {MESURES.relative_to(MESURES.parent.parent.parent)}")
