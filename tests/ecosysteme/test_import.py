import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ecosysteme.imports import Erreur, exporter, importer, lire_fichier
from ecosysteme.models import Acteur

from .helpers import SIRET_VALIDE, coll

ENTETE = "id;nom;type;siret;commune;territoire_desservi;engagements;publie"


def instantane():
    """What an actor is, as comparable data (ids aside)."""
    return sorted(
        (
            a.nom,
            a.type,
            a.description,
            a.siret,
            a.commune.code_insee,
            tuple(sorted(str(c) for c in a.zone.all())),
            tuple(sorted(a.engagements.values_list("code", flat=True))),
            a.publie,
        )
        for a in Acteur.objects.all()
    )


def csv(*lignes, entete=ENTETE):
    return "\n".join([entete, *lignes]).encode("utf-8")


@pytest.mark.parametrize("format_", ["csv", "xlsx"])
def test_export_then_import_round_trip(acteurs, format_):
    avant = instantane()
    contenu = exporter(format_)
    Acteur.objects.all().delete()
    dataset = lire_fichier(contenu, f"acteurs.{format_}")
    result, erreurs = importer(dataset, dry_run=False)
    assert erreurs == []
    assert result.totals["new"] == 5
    assert instantane() == avant


def test_import_updates_by_id(acteurs):
    lyon = acteurs["lyon"]
    contenu = csv(f"{lyon.pk};Aide Lyon 2;aide_numerique;;69123;commune:69123;A1E1;oui")
    _result, erreurs = importer(lire_fichier(contenu, "a.csv"), dry_run=False)
    assert erreurs == []
    lyon.refresh_from_db()
    assert lyon.nom == "Aide Lyon 2"
    assert Acteur.objects.count() == 5


def test_dry_run_writes_nothing(referentiel, territoires):
    contenu = csv(f";Nouveau;recycleur;{SIRET_VALIDE};69123;region:84;A2E3;oui")
    result, erreurs = importer(lire_fichier(contenu, "a.csv"), dry_run=True)
    assert erreurs == [] and result.totals["new"] == 1
    assert not Acteur.objects.exists()


def test_errors_name_line_column_reason_and_nothing_is_written(referentiel, territoires):
    contenu = csv(
        ";Bon;recycleur;;69123;region:84;A2E3;oui",
        ";Mauvais SIRET;recycleur;84123456700012;69123;;;non",
        ";Commune inconnue;recycleur;;99999;;;non",
        ";Type et zone;banque;;69123;departement:99;A9E9;non",
    )
    result, erreurs = importer(lire_fichier(contenu, "a.csv"), dry_run=False)
    assert not Acteur.objects.exists()
    assert Erreur(3, "siret", "Ce SIRET est invalide (clé de contrôle incorrecte).") in erreurs
    assert Erreur(4, "commune", "aucune commune de code INSEE « 99999 »") in erreurs
    par_colonne = {e.colonne: e for e in erreurs if e.ligne == 5}
    assert set(par_colonne) == {"type", "territoire_desservi", "engagements"}
    assert "banque" in par_colonne["type"].raison
    assert "A9E9" in par_colonne["engagements"].raison
    assert all(e.ligne != 2 for e in erreurs)


def test_missing_required_columns(referentiel, territoires):
    _result, erreurs = importer(lire_fichier(b"nom;siret\nX;", "a.csv"), dry_run=True)
    assert [(e.ligne, e.colonne) for e in erreurs] == [(1, "commune"), (1, "type")]


def test_excel_french_csv_cp1252_with_labels_and_numbers(referentiel, territoires):
    contenu = b"nom;type;commune;territoire_desservi;engagements\n" + (
        "Réparation Ain;Reconditionneur / revendeur;1004;departement:1;a2e3\n".encode("cp1252")
    )
    _result, erreurs = importer(lire_fichier(contenu, "a.csv"), dry_run=False)
    assert erreurs == []
    acteur = Acteur.objects.get()
    assert acteur.nom == "Réparation Ain"
    assert acteur.type == "reconditionneur"
    assert acteur.commune == coll("commune", "01004")
    assert list(acteur.zone.all()) == [coll("departement", "01")]
    assert not acteur.publie


def test_empty_area_means_the_commune(referentiel, territoires):
    importer(lire_fichier(csv(";X;autre;;75056;;;oui"), "a.csv"), dry_run=False)
    assert list(Acteur.objects.get().zone.all()) == [coll("commune", "75056")]


def test_unsupported_format_is_refused():
    from ecosysteme.imports import FichierIllisible

    with pytest.raises(FichierIllisible):
        lire_fichier(b"x", "acteurs.pdf")


def test_admin_import_dry_run_then_confirm(client, admin_user, referentiel, territoires):
    client.force_login(admin_user)
    fichier = SimpleUploadedFile("a.csv", csv(";Nouveau;recycleur;;69123;region:84;A2E3;oui"))
    simulation = client.post("/admin/annuaire/import/", {"fichier": fichier})
    assert simulation.status_code == 200
    jeton = simulation.context["jeton"]
    assert jeton and not Acteur.objects.exists()
    confirmation = client.post("/admin/annuaire/import/", {"jeton": jeton})
    assert confirmation.status_code == 302
    assert Acteur.objects.get().nom == "Nouveau"


def test_admin_import_shows_the_report(client, admin_user, referentiel, territoires):
    client.force_login(admin_user)
    fichier = SimpleUploadedFile("a.csv", csv(";X;recycleur;;99999;;;oui"))
    html = client.post("/admin/annuaire/import/", {"fichier": fichier}).content.decode()
    assert "rien n&#x27;a été importé" in html or "rien n'a été importé" in html
    assert "aucune commune de code INSEE « 99999 »" in html
    assert 'name="jeton"' not in html


def test_import_and_export_are_for_national_admins(client, django_user_model, acteurs):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("agent", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/admin/annuaire/import/")["Location"] == "/admin/"
    assert client.get("/admin/annuaire/export/csv/")["Location"] == "/admin/"
