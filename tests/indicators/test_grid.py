"""Entry grid and import screens of the Wagtail admin: rules, partial save, permissions."""

import io

import pytest

from commitments.models import Membre
from indicators import pending
from indicators.models import ImportEnAttente, Valeur
from manifeste.models import Collectivite
from tests.grille_helpers import poster

pytestmark = pytest.mark.django_db


def url(collectivite, annee=2025):
    return f"/admin/indicateurs/{collectivite.pk}/{annee}/"


def test_grille_garde_le_valide_et_signale_le_reste(client, paris, contributeur):
    client.force_login(contributeur)
    page = client.get(url(paris))
    assert page.status_code == 200
    assert 'name="A2E3-01__numerateur"' in page.content.decode()
    reponse = poster(
        client,
        url(paris),
        {
            "A1E2-01__valeur": "3,5",
            "A2E3-01__numerateur": "101",  # > denominator
            "A2E3-01__denominateur": "100",
            "A1E2-02__valeur": "-2",  # negative count
            "A2E1-05__numerateur": "80",  # PUE < 1
            "A2E1-05__denominateur": "100",
            "A3E2-01__booleen": "oui",
            "A2E2-01__numerateur": "4",  # missing denominator
            "A1E3-02__valeur": "beaucoup",
        },
    )
    assert reponse.status_code == 200
    enregistrees = dict(Valeur.objects.values_list("indicateur__code", "saisi_par__username"))
    assert enregistrees == {"A1E2-01": "contrib", "A3E2-01": "contrib"}
    lignes = {ligne.indicateur.code: ligne for ligne in reponse.context["lignes"]}
    assert lignes["A2E3-01"].erreurs_de("numerateur")
    assert lignes["A1E2-02"].erreurs_de("valeur")
    assert lignes["A2E1-05"].erreurs_de("numerateur")
    assert lignes["A2E2-01"].erreurs_de("denominateur")
    assert lignes["A1E3-02"].erreurs_de("valeur")
    html = reponse.content.decode()
    assert 'value="101"' in html and 'aria-invalid="true"' in html  # what was typed stays


def test_grille_annee_precedente_et_effacement(client, paris, contributeur):
    Valeur.objects.create(collectivite=paris, indicateur_id=_id("A1E2-01"), annee=2024, valeur=7)
    client.force_login(contributeur)
    poster(client, url(paris), {"A1E2-01__valeur": "3"})
    page = client.get(url(paris))
    ligne = next(lig for lig in page.context["lignes"] if lig.indicateur.code == "A1E2-01")
    assert ligne.precedente.valeur == 7 and ligne.saisie["valeur"] == "3"
    # Emptying the fields deletes nothing: deleting is its own, explicit act.
    vide = poster(client, url(paris), {"A1E2-01__valeur": ""})
    assert "cochez « Supprimer »" in vide.content.decode()
    assert Valeur.objects.filter(annee=2025).exists()
    poster(client, url(paris), {"A1E2-01__supprimer": "1"})
    assert not Valeur.objects.filter(annee=2025).exists()
    (retrait,) = Valeur.history.filter(annee=2025, history_type="-")
    assert retrait.history_change_reason == "suppression en grille"
    assert retrait.history_user == contributeur


def _id(code):
    from indicators.models import Indicateur

    return Indicateur.objects.get(code=code).pk


def test_grille_permissions(client, paris, contributeur):
    lyon = Collectivite.objects.get(code_insee="69123", type="commune")
    client.force_login(contributeur)
    # Wagtail answers a PermissionDenied with a redirect to the dashboard
    assert client.get(url(lyon)).status_code in (302, 403)
    assert client.post(url(lyon), {"A1E2-01__valeur": "3"}).status_code in (302, 403)
    assert client.get(url(paris, 2019)).status_code == 404  # no campaign
    assert not Valeur.objects.exists()


def test_import_essai_puis_confirmation(
    client, paris, contributeur, django_user_model, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(contributeur)
    fichier = SimpleUploadedFile(
        "v.csv",
        b"collectivite;type_collectivite;indicateur;annee;valeur\n75056;commune;A1E2-01;2025;4\n",
    )
    essai = client.post("/admin/indicateurs/import/", {"fichier": fichier})
    assert essai.status_code == 200 and "1 nouvelles" in essai.content.decode()
    assert not Valeur.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        confirme = client.post(
            "/admin/indicateurs/import/confirmer/", {"jeton": essai.context["jeton"]}
        )
    assert confirme.status_code == 302 and Valeur.objects.get().valeur == 4
    resultat = client.get(confirme.url)
    assert (
        "Import enregistré" in resultat.content.decode()
        and "1 nouvelles" in resultat.content.decode()
    )
    # a second click writes nothing more and lands on the same result page
    again = client.post("/admin/indicateurs/import/confirmer/", {"jeton": essai.context["jeton"]})
    assert again.status_code == 302 and again.url == confirme.url
    assert Valeur.objects.count() == 1 and Valeur.history.count() == 1
    # the file is gone from storage once confirmed; nobody else may read the result
    en_attente = ImportEnAttente.objects.get()
    assert not pending.stockage().exists(en_attente.fichier)
    client.force_login(django_user_model.objects.create_user("autre", is_staff=True))
    assert client.get(confirme.url).status_code in (302, 403, 404)


def test_unconfirmed_files_are_purged_after_a_day(client, paris, contributeur):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    jeton = pending.deposer(b"x", "v.csv", contributeur)
    recent = pending.deposer(b"y", "w.csv", contributeur)
    ImportEnAttente.objects.filter(jeton=jeton).update(cree_le=timezone.now() - timedelta(hours=25))
    ancien = ImportEnAttente.objects.get(jeton=jeton).fichier
    assert pending.stockage().exists(ancien)
    call_command("purger_televersements", stdout=io.StringIO(), stderr=io.StringIO())
    assert not pending.stockage().exists(ancien)
    assert list(ImportEnAttente.objects.values_list("jeton", flat=True)) == [recent]
    client.force_login(contributeur)
    assert client.post("/admin/indicateurs/import/confirmer/", {"jeton": jeton}).status_code == 404


def test_import_refuse_autre_collectivite(client, paris, contributeur):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(contributeur)
    fichier = SimpleUploadedFile(
        "v.csv",
        b"collectivite;type_collectivite;indicateur;annee;valeur\n69123;commune;A1E2-01;2025;4\n",
    )
    essai = client.post("/admin/indicateurs/import/", {"fichier": fichier})
    assert essai.context["jeton"] is None and essai.context["rapport"].refuse
    assert [(e.ligne, e.colonne) for e in essai.context["rapport"].erreurs] == [(2, "collectivite")]


def test_export_et_modele(client, paris, contributeur):
    Valeur.objects.create(collectivite=paris, indicateur_id=_id("A1E2-01"), annee=2025, valeur=7)
    client.force_login(contributeur)
    export = client.get(f"/admin/indicateurs/{paris.pk}/export/?format=csv")
    assert export.status_code == 200
    assert "217500016,commune,A1E2-01,2025,7" in export.getvalue().decode("utf-8-sig")
    assert client.get(f"/admin/indicateurs/{paris.pk}/modele/?format=xlsx").status_code == 200
    lyon = Collectivite.objects.get(code_insee="69123", type="commune")
    assert client.get(f"/admin/indicateurs/{lyon.pk}/export/").status_code == 404
    assert client.get("/admin/indicateurs/").status_code == 200


def test_les_valeurs_de_la_grille_suivent_le_circuit_de_publication(
    client, paris, contributeur, django_user_model
):
    from django.contrib.auth.models import Permission

    client.force_login(contributeur)
    poster(client, url(paris), {"A1E2-01__valeur": "3", "A1E2-02__valeur": "4"})
    page = client.get(url(paris)).content.decode()
    assert 'value="brouillon:soumis"' in page and 'value="soumis:valide"' not in page
    # A contributor submits, but may not validate.
    client.post(url(paris) + "etat/", {"transition": "brouillon:soumis"})
    refus = client.post(url(paris) + "etat/", {"transition": "soumis:valide"}, follow=True)
    assert "ne permet pas" in refus.content.decode()
    assert set(Valeur.objects.values_list("etat", flat=True)) == {"soumis"}

    validateur = django_user_model.objects.create_user("valid", is_staff=True)
    validateur.user_permissions.add(Permission.objects.get(codename="access_admin"))
    Membre.objects.create(user=validateur, collectivite=paris, role="validateur")
    client.force_login(validateur)
    client.post(url(paris) + "etat/", {"transition": "soumis:valide"})
    client.post(url(paris) + "etat/", {"transition": "valide:publie"})
    assert set(Valeur.objects.values_list("etat", flat=True)) == {"publie"}
    assert Valeur.objects.publiees().count() == 2
    # Skipping a step is refused.
    assert client.post(url(paris) + "etat/", {"transition": "brouillon:publie"}).status_code == 302
    assert client.post(url(paris) + "etat/", {"transition": "x:y"}).status_code == 404
