"""Import and export of values: dialects, every refusal, atomicity, round trip, permissions."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from commitments.models import Membre
from indicators.imports import importer
from indicators.models import Indicateur, Valeur
from indicators.numbers import lire_nombre
from indicators.resources import exporter
from indicators.workbook import modele
from manifeste.exports.formats import csv_octets, xlsx_octets
from manifeste.models import Collectivite

pytestmark = pytest.mark.django_db

ENTETE = "collectivite;type_collectivite;indicateur;annee;valeur;numerateur;denominateur;poids;commentaire\n"


def csv(*lignes, entete=ENTETE, encodage="utf-8"):
    return (entete + "\n".join(lignes) + "\n").encode(encodage)


@pytest.fixture
def base(territoires, catalogue):
    pass


def erreurs(rapport):
    return [(e.ligne, e.colonne) for e in rapport.erreurs]


def test_import_simple_puis_inchange(base):
    contenu = csv(
        "75056;commune;A2E3-01;2025;;40;100;;premier",
        "217500016;;A1E2-01;2025;3;;;;",  # Paris by SIREN
        "69123;commune;A3E2-01;2024;oui;;;;",
        "69123;commune;A2E1-03;2024;5,5;;;12;",
    )
    rapport = importer(contenu, "valeurs.csv")
    assert rapport.erreurs == [] and rapport.ecrit
    assert len(rapport.nouvelles) == 4
    paris = Collectivite.objects.get(code_insee="75056", type="commune")
    v = Valeur.objects.get(collectivite=paris, indicateur__code="A2E3-01")
    assert (v.numerateur, v.denominateur, v.commentaire, v.etat) == (
        40,
        100,
        "premier",
        "brouillon",
    )
    assert Valeur.objects.get(indicateur__code="A3E2-01").booleen is True
    assert v.history.count() == 1
    again = importer(contenu, "valeurs.csv")
    assert again.inchangees == 4 and not again.nouvelles and not again.modifiees


def test_correction_garde_l_historique(base):
    importer(csv("75056;commune;A2E3-01;2025;;40;100;;"), "a.csv")
    v = Valeur.objects.get()
    v.etat = "publie"
    v.save()
    rapport = importer(csv("75056;commune;A2E3-01;2025;;45;100;;"), "a.csv")
    assert len(rapport.modifiees) == 1 and len(rapport.corrections) == 1
    v.refresh_from_db()
    # Published, it stays as the public sees it; the correction waits for a validator.
    assert (v.numerateur, v.etat) == (40, "publie")
    assert (v.correction_numerateur, v.correction_etat) == (45, "brouillon")
    derniere = v.history.order_by("history_date").last()
    assert (derniere.numerateur, derniere.correction_numerateur) == (40, 45)
    assert v.history.count() == 3


@pytest.mark.parametrize("encodage", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("sep", [";", ","])
def test_dialectes(base, encodage, sep):
    entete = "Collectivité,TYPE_COLLECTIVITE,Indicateur,Année,Valeur,Numérateur,Dénominateur,Poids,Commentaire\n"
    lignes = [
        "75056,commune,A2E1-04,2025,1 234\u202f567,,,,Été",
        '75056,commune,A2E1-01,2025,"12,5",,,,',
        "75056,commune,A2E3-02,2025,1\u00a0000,,,,",
        ",,,,,,,,",
        "",
    ]
    texte = (entete + "\n".join(lignes) + "\n").replace(",", sep)
    # the decimal comma is quoted only where the separator is a comma
    texte = texte.replace('"12;5"', '"12,5"' if sep == "," else "12,5")
    if encodage == "cp1252":  # cp1252 has no narrow no-break space
        texte = texte.replace("\u202f", "\u00a0")
    rapport = importer(texte.encode(encodage), "f.csv")
    assert rapport.erreurs == []
    assert rapport.lignes == 3
    valeurs = dict(Valeur.objects.values_list("indicateur__code", "valeur"))
    assert valeurs == {"A2E1-04": 1234567, "A2E1-01": 12.5, "A2E3-02": 1000}
    assert Valeur.objects.get(indicateur__code="A2E1-04").commentaire == "Été"


def test_lire_nombre():
    assert lire_nombre("1 234,5") == lire_nombre("1234.5") == 1234.5
    assert lire_nombre("") is None and lire_nombre(3.0) == 3
    with pytest.raises(ValueError):
        lire_nombre("douze")


def _xlsx(lignes):
    classeur = openpyxl.Workbook()
    feuille = classeur.active
    for ligne in lignes:
        feuille.append(ligne)
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


def test_xlsx(base):
    contenu = _xlsx(
        [
            [
                "collectivite",
                "type_collectivite",
                "indicateur",
                "annee",
                "valeur",
                "numerateur",
                "denominateur",
            ],
            ["75056", "commune", "A2E3-01", 2025, None, 40, 100],
            [217500016, None, "A1E2-01", 2025.0, 2.5, None, None],
            [None, None, None, None, None, None, None],
        ]
    )
    rapport = importer(contenu, "v.XLSX")
    assert rapport.erreurs == [] and len(rapport.nouvelles) == 2


@pytest.mark.parametrize(
    "ligne, attendu",
    [
        ("75056;commune;ZZZ-01;2025;1;;;;", "indicateur"),
        ("99999;commune;A1E2-01;2025;1;;;;", "collectivite"),
        ("75056;planete;A1E2-01;2025;1;;;;", "type_collectivite"),
        ("75056;commune;A1E2-01;2019;1;;;;", "annee"),
        ("75056;commune;A1E2-01;deux mille;1;;;;", "annee"),
        ("75056;commune;A1E2-01;2025;-1;;;;", "valeur"),
        ("75056;commune;A1E2-01;2025;douze;;;;", "valeur"),
        ("75056;commune;A2E3-01;2025;;101;100;;", "numerateur"),
        ("75056;commune;A2E3-01;2025;;1;0;;", "denominateur"),
        ("75056;commune;A2E3-01;2025;;1;;;", "denominateur"),
        ("75056;commune;A2E3-01;2025;40;;;;", "valeur"),
        ("75056;commune;A2E1-05;2025;;90;100;;", "numerateur"),  # PUE < 1
        ("75056;commune;A3E2-01;2025;peut-être;;;;", "valeur"),
        ("75056;commune;A2E1-03;2025;5;;;;", "poids"),
    ],
)
def test_chaque_erreur_nomme_ligne_et_colonne(base, ligne, attendu):
    bonne = "75056;commune;A1E2-02;2025;10;;;;"
    rapport = importer(csv(bonne, ligne), "f.csv")
    assert rapport.refuse and not rapport.ecrit
    assert erreurs(rapport) == [(3, attendu)], rapport.texte()
    assert Valeur.objects.count() == 0


def test_insee_ambigu(base):
    # 75: both the département of Paris and… only one here; Saint-Denis 974 département vs none
    Collectivite.objects.create(type="region", nom="Région 75", code_insee="75", slug="r75")
    rapport = importer(csv("75;;A1E2-01;2025;1;;;;"), "f.csv")
    assert erreurs(rapport) == [(2, "collectivite")] and "type_collectivite" in rapport.texte()
    assert importer(csv("75;departement;A1E2-01;2025;1;;;;"), "f.csv").erreurs == []


def test_doublons(base):
    rapport = importer(
        csv("75056;commune;A1E2-01;2025;1;;;;", "217500016;;A1E2-01;2025;2;;;;"), "f.csv"
    )
    assert erreurs(rapport) == [(3, "indicateur")] and "ligne 2" in rapport.texte()


@pytest.mark.parametrize(
    "contenu, nom, raison",
    [
        (b"", "f.csv", "vide"),
        (ENTETE.encode(), "f.csv", "aucune ligne"),
        (b"a;b\n1;2\n", "f.csv", "colonnes obligatoires"),
        (b"x", "f.pdf", "extension"),
        (b"x" * (20 * 1024 * 1024 + 1), "f.csv", "volumineux"),
    ],
)
def test_fichier_refuse(base, contenu, nom, raison):
    rapport = importer(contenu, nom)
    assert rapport.refuse and raison in rapport.texte()


def test_essai_n_ecrit_rien(base):
    rapport = importer(csv("75056;commune;A1E2-01;2025;1;;;;"), "f.csv", essai=True)
    assert len(rapport.nouvelles) == 1 and not rapport.ecrit
    assert Valeur.objects.count() == 0


def test_une_mauvaise_ligne_sur_dix_mille_n_ecrit_rien(base):
    codes = list(Indicateur.objects.filter(nature="count").values_list("code", flat=True))
    lignes = [
        f"{insee};commune;{code};{annee};{n % 2}"  # plausible for the smallest commune too
        for n, (insee, code, annee) in enumerate(
            (i, c, a)
            for i in ("75056", "69123", "69266", "01001", "01004", "97411")
            for c in codes
            for a in (2023, 2024, 2025)
        )
    ]
    lignes = (lignes * (10_000 // len(lignes) + 1))[:10_000]
    # make the keys unique by varying nothing else: use distinct years would break campaigns,
    # so keep one copy of each key and pad with blank template rows
    uniques = list(dict.fromkeys(lignes))
    fichier = uniques + ["75056;commune;A1E2-01;2025;"] * (10_000 - len(uniques) - 1)
    fichier.append("75056;commune;A1E2-02;2025;-4")
    rapport = importer(
        csv(*fichier, entete="collectivite;type_collectivite;indicateur;annee;valeur\n"), "f.csv"
    )
    assert rapport.lignes == 10_000
    assert erreurs(rapport) == [(10_001, "valeur")]
    assert Valeur.objects.count() == 0


def test_aller_retour_export_import(base):
    premier = importer(
        csv(
            '75056;commune;A2E3-01;2025;;40;100;;"avec ; point-virgule"',
            "69123;commune;A3E2-01;2024;non;;;;",
            "69123;commune;A2E1-03;2024;5,125;;;12;",
            "97411;commune;A2E1-01;2025;0,000001;;;;",
        ),
        "a.csv",
    )
    assert premier.ecrit, premier.texte()
    avant = list(Valeur.objects.order_by("pk").values())
    dataset = exporter(Valeur.objects.all())
    assert dataset.headers[:4] == ["collectivite", "type_collectivite", "indicateur", "annee"]
    for nom, contenu in [
        ("e.csv", dataset.export("csv").encode()),
        ("e.xlsx", dataset.export("xlsx")),
    ]:
        rapport = importer(contenu, nom)
        assert rapport.erreurs == [] and rapport.inchangees == 4, (
            nom,
            contenu[:300],
            rapport.texte(),
        )
    assert list(Valeur.objects.order_by("pk").values()) == avant


def test_aller_retour_par_les_fichiers_telecharges_garde_les_commentaires(base):
    """The files the export view writes quote formula-like text; importing them back drops the
    quote, so the comments come back as they were."""
    premier = importer(
        csv(
            '75056;commune;A2E1-03;2024;5;;;12;"=1+1"',
            '69123;commune;A2E1-03;2024;6;;;12;"@SUM(1)"',
        ),
        "a.csv",
    )
    assert premier.ecrit, premier.texte()
    avant = list(Valeur.objects.order_by("pk").values())
    dataset = exporter(Valeur.objects.all())
    for nom, contenu in [
        ("e.csv", csv_octets(dataset.headers, dataset, bom=True)),
        ("e.xlsx", xlsx_octets(dataset.headers, dataset)),
    ]:
        if nom == "e.csv":
            assert b"'=1+1" in contenu
        rapport = importer(contenu, nom)
        assert rapport.erreurs == [] and rapport.inchangees == 2, (nom, rapport.texte())
    assert list(Valeur.objects.order_by("pk").values()) == avant


def test_modele_prerempli(base):
    paris = Collectivite.objects.get(code_insee="75056", type="commune")
    dataset = modele([paris], 2025)
    assert len(dataset) == Indicateur.objects.partages().count()
    premiere = dict(zip(dataset.headers, dataset[0], strict=True))
    assert [premiere[c] for c in ("collectivite", "type_collectivite", "indicateur", "annee")] == [
        "217500016",
        "commune",
        "A1E1-01",
        2025,
    ]
    rapport = importer(dataset.export("csv").encode(), "modele.csv")
    assert rapport.erreurs == [] and rapport.ignorees == len(dataset)


def test_permissions(base, django_user_model):
    contributeur = django_user_model.objects.create_user("c")
    lecteur = django_user_model.objects.create_user("l")
    paris = Collectivite.objects.get(code_insee="75056", type="commune")
    Membre.objects.create(user=contributeur, collectivite=paris, role="contributeur")
    Membre.objects.create(user=lecteur, collectivite=paris, role="lecteur")
    contenu = csv("75056;commune;A1E2-01;2025;1;;;;", "69123;commune;A1E2-01;2025;1;;;;")
    rapport = importer(contenu, "f.csv", contributeur)
    assert erreurs(rapport) == [(3, "collectivite")] and Valeur.objects.count() == 0
    assert erreurs(importer(contenu, "f.csv", lecteur)) == [
        (2, "collectivite"),
        (3, "collectivite"),
    ]
    assert importer(csv("75056;commune;A1E2-01;2025;1;;;;"), "f.csv", contributeur).ecrit
    assert Valeur.objects.get().saisi_par == contributeur


def test_commande(base, tmp_path, capsys):
    fichier = tmp_path / "v.csv"
    fichier.write_bytes(csv("75056;commune;A1E2-01;2025;1;;;;"))
    call_command("import_values", str(fichier), "--dry-run")
    assert "1 nouvelles" in capsys.readouterr().out and Valeur.objects.count() == 0
    call_command("import_values", str(fichier))
    assert Valeur.objects.count() == 1
    fichier.write_bytes(csv("75056;commune;A1E2-01;2025;-1;;;;"))
    with pytest.raises(CommandError):
        call_command("import_values", str(fichier))
    assert "ligne 2, colonne valeur" in capsys.readouterr().out
