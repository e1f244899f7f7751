"""The journeys of shared/spec/users.md, end to end through the real UI (forms, clicks, files).

One test: each step starts from what the previous one left, and the demo data is loaded once.
Demo accounts (commitments/demo.py): contrib-paris and valid-paris for Paris (commune),
admin-national for the national body; every password is the demo administrator's.
"""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, TIMEOUT_MS, message, se_connecter
from tests.browser.screens import valeurs_demo

pytestmark = pytest.mark.browser

ENTETE = "collectivite;type_collectivite;indicateur;annee;valeur;numerateur;denominateur\n"


def nouvelle_page(browser):
    context = browser.new_context(locale="fr-FR", accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def connecter(browser, site, username):
    """A fresh browser context (its own cookies) logged in through the admin's form."""
    return se_connecter(nouvelle_page(browser), site, username)


def importer(page, site, chemin):
    page.goto(f"{site}/admin/indicateurs/")
    page.get_by_label("Fichier CSV ou XLSX").set_input_files(chemin)
    page.get_by_role("button", name="Vérifier").click()


def test_campagne_saisie_validation_publication_consultation_export(browser, site, tmp_path):
    annee = valeurs_demo()["annee"]
    pages = []
    try:
        _parcours(browser, site, tmp_path, annee, pages)
    except BaseException:
        # Each person browses in a context of their own: screenshot them all, as conftest does.
        ARTIFACTS.mkdir(exist_ok=True)
        for i, page in enumerate(pages):
            page.screenshot(path=ARTIFACTS / f"test_journeys-{i}.png", full_page=True)
        raise
    finally:
        for page in pages:
            page.context.close()


def _parcours(browser, site, tmp_path, annee, pages):
    # (a) The officer logs in, fills part of the grid and saves.
    agent = connecter(browser, site, "contrib-paris")
    pages.append(agent)
    agent.goto(f"{site}/admin/indicateurs/")
    agent.get_by_role("row", name=re.compile("Paris")).get_by_role("link", name=str(annee)).click()
    agent.locator("[id='A1E2-01__valeur']").fill("12,5")
    agent.locator("[id='A1E2-01__commentaire']").fill("Deux conseillers recrutés en juin")
    agent.locator("form:has([name='A1E2-01__valeur']) button[type=submit]").click()
    assert "valeurs enregistrées" in message(agent)
    assert (
        agent.locator("[id='A1E2-01__valeur']").input_value() == "12.5"
    )  # stored, shown as the exports write it

    # It imports a file with one bad row: the report names the row, the column and the reason.
    fichier = tmp_path / "valeurs.csv"
    fichier.write_text(
        ENTETE
        + f"75056;commune;A1E1-01;{annee};;37;50\n"
        + f"75056;commune;A2E3-01;{annee};;101;100\n",
        encoding="cp1252",
    )
    importer(agent, site, fichier)
    ligne = agent.get_by_role("table", name="Erreurs").locator("tbody tr")
    expect(ligne).to_have_count(1)
    cellules = ligne.first.locator("td").all_inner_texts()
    assert cellules[:2] == ["3", "numerateur"]
    assert cellules[2].strip()
    assert agent.get_by_role("button", name="Confirmer l'import").count() == 0

    # Fixed, dry run again, then confirmed.
    fichier.write_text(
        ENTETE
        + f"75056;commune;A1E1-01;{annee};;37;50\n"
        + f"75056;commune;A2E3-01;{annee};;42;100\n",
        encoding="cp1252",
    )
    importer(agent, site, fichier)
    agent.get_by_role("button", name="Confirmer l'import").click()
    agent.wait_for_url(f"{site}/admin/indicateurs/import/**")  # the result page
    expect(agent.get_by_role("status").filter(has_text="Import")).to_contain_text(
        "Import enregistré : 2 lignes"
    )

    # It assesses an engagement (a draft of the open campaign): level, narrative, evidence.
    agent.goto(f"{site}/admin/mes-collectivites/")
    agent.get_by_role("link", name=re.compile("^A2E2 – ")).click()
    agent.locator("input[name=reponse][value='3']").check()
    editeur = agent.get_by_role("textbox", name=re.compile("ce qui a été fait", re.I))
    editeur.click()
    agent.keyboard.press("Control+A")
    agent.keyboard.type("Marché de matériel reconditionné attribué à un acteur local.")
    agent.locator("input[name^='preuves-'][name$='-libelle']").last.fill("Avis d'attribution")
    agent.locator("input[name^='preuves-'][name$='-url']").last.fill(
        "https://exemple.invalid/avis-attribution.pdf"
    )
    agent.get_by_role("button", name="Enregistrer", exact=True).click()
    assert "Évaluation enregistrée" in message(agent)
    evaluation_url = agent.url
    agent.get_by_role("button", name="Soumettre à validation").click()
    assert "Soumis" in agent.locator("main, #main").first.inner_text()
    # Its values go to the validator too.
    agent.goto(f"{site}/admin/indicateurs/")
    agent.get_by_role("row", name=re.compile("Paris")).get_by_role("link", name=str(annee)).click()
    agent.get_by_role("button", name=re.compile("« Brouillon » en « Soumis »")).click()
    assert "Soumis" in message(agent)

    # (b) The validator validates and publishes the assessment and the values.
    validateur = connecter(browser, site, "valid-paris")
    pages.append(validateur)
    validateur.goto(evaluation_url)
    validateur.get_by_role("button", name="Valider", exact=True).click()
    validateur.get_by_role("button", name="Publier", exact=True).click()
    assert "Publié" in validateur.locator("main, #main").first.inner_text()
    validateur.goto(f"{site}/admin/indicateurs/")
    validateur.get_by_role("row", name=re.compile("Paris")).get_by_role(
        "link", name=str(annee)
    ).click()
    validateur.get_by_role("button", name=re.compile("« Soumis » en « Validé »")).click()
    validateur.get_by_role("button", name=re.compile("« Validé » en « Publié »")).click()
    assert "Publié" in message(validateur)
    # The admin says the publication is on its way to the public pages (here the tests compute
    # the figures when next read, as a worker would have by then)…
    bandeau = validateur.locator(".diffusion-etat")
    expect(bandeau).to_have_text("Publication en cours de diffusion sur les pages publiques…")

    # (c) An anonymous visitor sees the exact figures on the profile and the national dashboard.
    visiteur = nouvelle_page(browser)
    pages.append(visiteur)
    visiteur.goto(f"{site}/collectivites/paris-75056/")
    # …then, once it reached them, since when they are up to date.
    expect(bandeau).to_contain_text(re.compile(r"Pages publiques à jour à \d\d:\d\d\."))
    niveau = visiteur.locator("#niveaux tr", has_text="A2E2").inner_text()
    assert "Niveau 3 sur 4" in niveau
    for code, attendu in (("A1E2-01", "12,5"), ("A1E1-01", "74"), ("A2E3-01", "42")):
        ligne = visiteur.locator("tr", has=visiteur.locator("th", has_text=code)).first
        assert attendu in ligne.locator("td").first.inner_text(), code
    visiteur.goto(f"{site}/tableau-de-bord/?type=commune")
    assert str(annee) in visiteur.locator("main").inner_text()
    # Fewer than 5 of the small demo's communes published it: counted, never shown alone.
    ligne = visiteur.locator("#agregats tr", has_text="A1E2-01").first.inner_text()
    assert re.search(r"Données insuffisantes \(n = [1-4]\)", ligne), ligne

    # (d) The national administrator compares three collectivities and downloads an export.
    national = connecter(browser, site, "admin-national")
    pages.append(national)
    national.goto(f"{site}/collectivites/comparer/")
    for code in ("75056", "200046977", "01"):
        national.get_by_label(re.compile("Ajouter une collectivité")).fill(code)
        national.get_by_role("button", name="Ajouter").click()
    identite, niveaux, chiffres = national.locator("table.comparison").all()
    assert identite.locator("thead th").all_inner_texts() == ["Paris", "Métropole de Lyon", "Ain"]
    # Side by side, Paris's newly published level and figure.
    assert "3 : " in niveaux.locator("tr", has_text="A2E2").locator("td").first.inner_text()
    assert "12,5" in chiffres.locator("tr", has_text="A1E2-01").locator("td").first.inner_text()
    national.goto(f"{site}/admin/signataires/")
    with national.expect_download() as telechargement:
        national.get_by_role("link", name="Exporter en CSV").click()
    contenu = telechargement.value.path().read_text(encoding="utf-8-sig")
    lignes = list(csv.DictReader(io.StringIO(contenu), delimiter=_separateur(contenu)))
    paris = next(ligne for ligne in lignes if ligne["Code INSEE"] == "75056")
    assert paris["Collectivité"] == "Paris" and paris["SIREN"] == "217500016"
    # The demo publishes 4 of Paris's 9 engagements for the open campaign; (b) added A2E2.
    assert paris["Engagements publiés"] == "5"
    assert {"Métropole de Lyon", "Ain"} <= {ligne["Collectivité"] for ligne in lignes}


def _separateur(contenu):
    premiere = contenu.splitlines()[0]
    return ";" if premiere.count(";") > premiere.count(",") else ","
