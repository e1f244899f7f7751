"""The template people fill: what it tells, how it helps, and that a filled copy imports as a
spreadsheet saves it (sheets renamed or reordered, columns added), hostile cells refused in
French with their row and column."""

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from commitments.models import Campagne
from indicators.imports import importer
from indicators.models import Indicateur, Valeur
from indicators.workbook import MESSAGE_MAX, TITRE_MAX, modele_xlsx

pytestmark = pytest.mark.django_db


def _classeur(contenu):
    return load_workbook(io.BytesIO(contenu))


def _lignes(feuille):
    entete = [c.value for c in feuille[1]]
    return entete, {
        rangee[entete.index("indicateur")].value: rangee for rangee in feuille.iter_rows(min_row=2)
    }


def _valider(feuille, coordonnee):
    return [v for v in feuille.data_validations.dataValidation if coordonnee in v.sqref]


@pytest.fixture
def publiee_2024(paris):
    return Valeur.objects.create(
        collectivite=paris,
        indicateur=Indicateur.objects.get(code="A1E1-01"),
        annee=2024,
        numerateur=40,
        denominateur=100,
        etat="publie",
    )


def test_the_template_says_what_to_fill_beside_each_cell(paris, publiee_2024):
    classeur = _classeur(modele_xlsx([paris], 2025))
    assert classeur.sheetnames == ["Valeurs", "Instructions"]
    feuille = classeur.active
    assert feuille.title == "Valeurs" and feuille.freeze_panes == "C2"
    entete, lignes = _lignes(feuille)
    assert {"collectivite", "type_collectivite", "indicateur", "annee", "valeur"} <= set(entete)
    assert len(lignes) == Indicateur.objects.partages().count()
    ratio = {entete[i]: c.value for i, c in enumerate(lignes["A1E1-01"])}
    assert ratio["Nom de l'indicateur"] == "Démarches en ligne doublées d'une aide humaine"
    assert ratio["Unité"] == "%"
    assert ratio["Type attendu"].startswith("numérateur : démarches en ligne avec aide humaine")
    assert ratio["Publiée pour 2024"] == "40 % (40 / 100)"
    assert (ratio["collectivite"], ratio["type_collectivite"], ratio["annee"]) == (
        "217500016",
        "commune",
        2025,
    )
    assert all(ratio[c] is None for c in ("valeur", "numerateur", "denominateur", "poids"))
    par_habitant = {entete[i]: c.value for i, c in enumerate(lignes["A1E2-01"])}
    assert par_habitant["Plage plausible"].startswith("de 0 à ")
    assert "habitants (ETP)" in par_habitant["Plage plausible"]
    assert all(feuille.column_dimensions[c].width >= 8 for c in "ABCDEFGHIJKLMNOP")


def test_data_validation_where_it_helps(paris):
    feuille = _classeur(modele_xlsx([paris], 2025)).active
    entete, lignes = _lignes(feuille)
    colonne = {nom: i for i, nom in enumerate(entete)}

    def cellule(code, champ):
        return lignes[code][colonne[champ]].coordinate

    (oui_non,) = _valider(feuille, cellule("A1E1-03", "valeur"))
    assert (oui_non.type, oui_non.formula1) == ("list", '"oui,non"')
    (compte,) = _valider(feuille, cellule("A1E2-02", "valeur"))  # a whole count of people
    assert (compte.type, compte.formula1) == ("whole", "0")
    (score,) = _valider(feuille, cellule("A1E1-05", "valeur"))  # a 1-10 score
    assert (score.type, Decimal(score.formula1), Decimal(score.formula2)) == ("decimal", 1, 10)
    assert not _valider(feuille, cellule("A1E1-03", "numerateur"))  # not used: grey, no help
    assert lignes["A1E1-03"][colonne["numerateur"]].fill.fgColor.rgb.endswith("E7E6E6")
    for validation in feuille.data_validations.dataValidation:
        assert validation.errorStyle == "warning"  # the import checks again, and accepts more
        assert len(validation.prompt) <= MESSAGE_MAX and len(validation.promptTitle) <= TITRE_MAX


def test_the_instructions_sheet_in_french(paris):
    texte = " ".join(
        str(c.value) for c in _classeur(modele_xlsx([paris], 2025))["Instructions"]["A"] if c.value
    )
    for attendu in ("12,5 ou 12.5", "Ce qui est ignoré", "lignes laissées vides", "« Vérifier »"):
        assert attendu in texte


def _remplir(contenu, valeurs, *, renommer=None, ajouter=None):
    """Fill a downloaded template as a spreadsheet would, saved on the instructions sheet."""
    classeur = _classeur(contenu)
    feuille = classeur["Valeurs"]
    entete, lignes = _lignes(feuille)
    for code, champs in valeurs.items():
        for champ, valeur in champs.items():
            lignes[code][entete.index(champ)].value = valeur
    if ajouter:
        feuille.cell(row=1, column=len(entete) + 1, value=ajouter[0])
        feuille.cell(row=2, column=len(entete) + 1, value=ajouter[1])
    if renommer:
        feuille.title = renommer
    classeur.active = 1
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


def test_a_filled_template_imports_as_saved(paris, contributeur, publiee_2024):
    contenu = _remplir(
        modele_xlsx([paris], 2025),
        {
            "A1E1-01": {"numerateur": 120, "denominateur": 200},
            "A1E1-03": {"valeur": "oui"},
            "A1E2-02": {"valeur": "12 000", "commentaire": "bilan annuel"},
            "A2E1-03": {"valeur": "6,5", "poids": 1200},
        },
        renommer="Paris 2025",
        ajouter=("Notes internes", "à revoir avec la DSI"),
    )
    essai = importer(contenu, "rempli.xlsx", contributeur, essai=True)
    assert essai.erreurs == [] and essai.ignorees == 36, essai.texte()
    assert len(essai.nouvelles) == 4 and not Valeur.objects.filter(annee=2025).exists()
    assert importer(contenu, "rempli.xlsx", contributeur).ecrit
    stockees = {
        v.indicateur.code: v for v in Valeur.objects.filter(annee=2025).select_related("indicateur")
    }
    assert (stockees["A1E1-01"].numerateur, stockees["A1E1-01"].denominateur) == (120, 200)
    assert stockees["A1E1-03"].booleen is True and stockees["A2E1-03"].valeur == Decimal("6.5")
    assert stockees["A1E2-02"].commentaire == "bilan annuel"


@pytest.mark.parametrize(
    ("cellules", "attendu"),
    [
        ({"valeur": "=B2*2"}, "ligne 8, colonne valeur : formule « =B2*2 » enregistrée sans"),
        ({"valeur": 1e20}, "ligne 8, colonne valeur : « 100000000000000000000 » : trop grand"),
        (
            {"valeur": datetime.datetime(2025, 3, 1)},
            "ligne 8, colonne valeur : « 01/03/2025 » : une date, pas un nombre",
        ),
        ({"valeur": "douze"}, "ligne 8, colonne valeur : « douze » : n'est pas un nombre"),
    ],
)
def test_hostile_cells_are_refused_with_row_and_column(paris, contributeur, cellules, attendu):
    contenu = _remplir(modele_xlsx([paris], 2025), {"A1E2-02": cellules})
    rapport = importer(contenu, "rempli.xlsx", contributeur, essai=True)
    assert rapport.refuse and attendu in str(rapport.erreurs[0]), rapport.texte()


def test_an_unnamed_filled_column_is_refused(paris, contributeur):
    contenu = _remplir(modele_xlsx([paris], 2025), {}, ajouter=(None, "42"))
    (erreur,) = importer(contenu, "rempli.xlsx", contributeur, essai=True).erreurs
    assert "ligne 2 : 17 cellules remplies pour 16 noms de colonnes" in str(erreur)


def test_the_download_targets_the_open_campaign_and_is_the_users(client, paris, contributeur):
    client.force_login(contributeur)
    url = f"/admin/indicateurs/{paris.pk}/modele/"
    assert 'filename="modele-' in client.get(url + "?format=xlsx")["Content-Disposition"]
    assert "-2025.xlsx" in client.get(url + "?format=xlsx")["Content-Disposition"]  # the latest
    aujourd_hui = timezone.localdate()
    Campagne.objects.filter(annee=2024).update(
        date_ouverture=aujourd_hui - datetime.timedelta(days=1),
        date_cloture=aujourd_hui + datetime.timedelta(days=1),
    )
    reponse = client.get(url + "?format=xlsx")
    assert "-2024.xlsx" in reponse["Content-Disposition"]
    assert _classeur(reponse.content).active["M2"].value == 2024
    assert "-2023.csv" in client.get(url + "?format=csv&annee=2023")["Content-Disposition"]
    assert client.get(url + "?annee=1999").status_code == 404
    csv = client.get(url + "?format=csv").content
    assert b"Nom de l'indicateur" in csv
    assert importer(csv, "modele.csv", contributeur, essai=True).ignorees == 40
