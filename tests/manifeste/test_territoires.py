import gzip

import pytest
from django.core.management import CommandError, call_command

from manifeste.loaders.territoires import (
    FICHIER_PAR_DEFAUT,
    FichierInvalide,
    charger_territoires,
    lire_fichier,
)
from manifeste.models import ClasseTaille, Collectivite, TypeCollectivite
from manifeste.models.collectivite import classe_taille
from tests.conftest import DATA

HEADER = "type,code_insee,siren,nom,nature,departement,region,epci,population,zone\n"


def test_mini_file_links_communes_to_their_parents(territoires):
    paris = Collectivite.objects.get(type="commune", code_insee="75056")
    assert paris.siren == "217500016"
    assert paris.departement.code_insee == "75"
    assert paris.region.code_insee == "11"
    assert paris.epci.siren == "200054781"
    assert paris.classe_taille == ClasseTaille.PLUS_100000
    assert paris.slug == "paris-75056"


def test_reload_updates_and_never_duplicates(territoires, tmp_path):
    edited = tmp_path / "t.csv"
    text = (DATA / "territoires-mini.csv").read_text()
    edited.write_text(
        text.replace("Villeurbanne,,69,84,200046977,156928", "Villeurbanne,,69,84,,160000")
    )
    before = Collectivite.objects.count()
    bilan = charger_territoires(edited)
    assert Collectivite.objects.count() == before
    assert (bilan.crees, bilan.modifies) == (0, 1)
    villeurbanne = Collectivite.objects.get(code_insee="69266")
    assert (villeurbanne.population, villeurbanne.epci) == (160000, None)


def test_collectivity_missing_from_file_is_deactivated_not_deleted(territoires, tmp_path):
    edited = tmp_path / "t.csv"
    lines = (DATA / "territoires-mini.csv").read_text().splitlines(keepends=True)
    edited.write_text("".join(line for line in lines if "Villeurbanne" not in line))
    assert charger_territoires(edited).desactives == 1
    assert Collectivite.objects.get(code_insee="69266").active is False


@pytest.mark.parametrize(
    ("contenu", "message"),
    [
        ("type,code_insee,nom\nregion,11,IDF\n", "colonne(s) manquante(s)"),
        (HEADER + "region,11,,IDF,,,,,x,metro\n", "ligne 2, colonne population"),
        (HEADER + "planete,11,,IDF,,,,,1,metro\n", "ligne 2, colonne type"),
        (
            HEADER
            + "commune,01001,210100012,A,,,,,1,metro\ncommune,01002,210100012,B,,,,,1,metro\n",
            "ligne 3, colonne siren : SIREN 210100012 déjà utilisé ligne 2",
        ),
        (HEADER + "commune,01001,,A,,99,,,1,metro\n", "ligne 2, colonne departement"),
        (HEADER + "region,11,,IDF,,,\n", "ligne 2 : nombre de colonnes incorrect"),
    ],
)
def test_bad_file_is_refused_naming_the_row(db, tmp_path, contenu, message):
    bad = tmp_path / "bad.csv"
    bad.write_text(contenu)
    with pytest.raises(FichierInvalide) as exc:
        charger_territoires(bad)
    assert message in str(exc.value)
    assert not Collectivite.objects.exists()


def test_bad_file_after_a_good_one_writes_nothing(territoires, tmp_path):
    text = (DATA / "territoires-mini.csv").read_text()
    bad = tmp_path / "bad.csv"
    bad.write_text(text.replace("Paris,,75", "Paris (nouveau nom),,75") + "commune,X,,,,,,,,\n")
    with pytest.raises(CommandError, match="rien n'a été écrit"):
        call_command("load_territories", file=str(bad), verbosity=0)
    assert Collectivite.objects.filter(nom="Paris (nouveau nom)").count() == 0


def test_malformed_gzip_is_refused(db, tmp_path):
    bad = tmp_path / "bad.csv.gz"
    bad.write_bytes(b"not gzip")
    with pytest.raises(FichierInvalide, match="fichier illisible"):
        lire_fichier(bad)


def test_size_classes():
    assert [classe_taille(p) for p in (None, 0, 3499, 3500, 50000, 100001)] == [
        "",
        "1",
        "1",
        "2",
        "4",
        "5",
    ]


def test_shipped_file_is_compact():
    assert FICHIER_PAR_DEFAUT.stat().st_size < 1_000_000
    with gzip.open(FICHIER_PAR_DEFAUT, "rt") as f:
        assert f.readline() == HEADER


@pytest.mark.slow
def test_full_national_load(db):
    bilan = charger_territoires()
    counts = {t: Collectivite.objects.filter(type=t).count() for t in TypeCollectivite.values}
    assert counts == {"region": 18, "departement": 101, "epci": 1255, "commune": 34875, "autre": 0}
    epci = Collectivite.objects.filter(type="epci")
    assert {n: epci.filter(nature=n).count() for n in ("CC", "CA", "CU", "METRO", "MET69")} == {
        "CC": 989,
        "CA": 230,
        "CU": 14,
        "METRO": 21,
        "MET69": 1,
    }
    paris = Collectivite.objects.select_related("departement", "region", "epci").get(
        type="commune", code_insee="75056"
    )
    assert (paris.siren, paris.departement.code_insee, paris.region.code_insee) == (
        "217500016",
        "75",
        "11",
    )
    assert (paris.epci.siren, paris.epci.nom) == ("200054781", "Métropole du Grand Paris")
    saint_denis = Collectivite.objects.get(type="commune", code_insee="97411")
    assert (saint_denis.departement.code_insee, saint_denis.region.code_insee) == ("974", "04")
    assert Collectivite.objects.get(type="commune", code_insee="2A004").nom == "Ajaccio"
    assert Collectivite.objects.filter(type="commune", epci__isnull=True).count() == 4
    # A second run changes nothing.
    again = charger_territoires()
    assert (again.crees, again.modifies, again.inchanges) == (0, 0, bilan.crees)
