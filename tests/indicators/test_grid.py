"""Entry grid and import screens of the Wagtail admin: rules, partial save, permissions."""

import io
from decimal import Decimal

import pytest

from commitments.models import Membre
from indicators import pending
from indicators.models import ImportEnAttente, Valeur
from manifeste.models import Collectivite
from tests.grille_helpers import enregistrer, formulaire, poster

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


# --- The grid as a spreadsheet: help, known denominators, peers' median, one-line saves ---


def _ligne(lignes, code):
    return next(ligne for ligne in lignes if ligne.indicateur.code == code)


def _autosave(client, collectivite, lignes, saisies, codes):
    """What the grid's script posts when lines are left: only those lines, with `autosave`."""
    donnees = {
        nom: valeur
        for nom, valeur in formulaire(lignes, saisies).items()
        if nom.split("__")[0] in codes
    }
    return client.post(url(collectivite), {**donnees, "autosave": "1"})


def test_l_aide_de_chaque_ligne_dit_l_unite_et_les_plages(paris):
    from indicators.grid import aide
    from indicators.models import Indicateur
    from indicators.validation import affiche

    etp = aide(Indicateur.objects.get(code="A1E2-01"), paris.population)
    assert etp.startswith("Unité : ETP ; plage plausible : de 0 à ")
    assert f"{affiche(paris.population * Decimal('0.0005'))} pour " in etp
    assert etp.endswith(f"pour {affiche(paris.population)} habitants.")
    score = aide(Indicateur.objects.get(code="A1E1-05"), paris.population)
    assert "valeur possible : de 1 à 10" in score and "nombres entiers" in score
    ratio = aide(Indicateur.objects.get(code="A2E1-05"), None)
    assert "(numérateur ÷ dénominateur × 1)" in ratio and "plage plausible : de 1 à 3" in ratio


def test_la_population_est_preremplie_et_ne_s_enregistre_qu_avec_son_numerateur(
    paris, contributeur
):
    from indicators.grid import lignes

    lieux = _ligne(lignes(paris, 2025), "A1E1-04")
    assert lieux.saisie["denominateur"] == lieux.lu["denominateur"] == str(paris.population)
    assert "référentiel des collectivités" in lieux.sources["denominateur"]
    # Saved untouched, the whole grid writes nothing: a known figure is no entry.
    _lignes, bilan = enregistrer(paris, 2025, {2025}, {}, contributeur)
    assert bilan.enregistrees == 0 and not Valeur.objects.exists()
    # Typing the numerator alone saves the ratio over the population; it stays editable.
    enregistrer(paris, 2025, {2025}, {"A1E1-04__numerateur": "120"}, contributeur)
    valeur = Valeur.objects.get()
    assert (valeur.numerateur, valeur.denominateur) == (120, paris.population)
    enregistrer(paris, 2025, {2025}, {"A1E1-04__denominateur": "2 200 000"}, contributeur)
    assert Valeur.objects.get().denominateur == 2_200_000
    assert _ligne(lignes(paris, 2025), "A1E1-04").sources == {}


def test_un_effectif_saisi_une_fois_est_repris_ailleurs(client, paris, contributeur):
    from indicators.grid import lignes

    client.force_login(contributeur)
    avant = lignes(paris, 2025)
    assert _ligne(avant, "A2E1-02").saisie["denominateur"] == ""  # nothing known yet
    reponse = _autosave(
        client,
        paris,
        avant,
        {"A1E2-03__numerateur": "120", "A1E2-03__denominateur": "4 000"},
        {"A1E2-03"},
    )
    html = reponse.content.decode()
    # The line sharing the denominator comes back with it, pre-filled, its source named.
    assert 'id="ligne-A2E1-02"' in html and 'id="ligne-A1E1-01"' not in html
    emissions = _ligne(reponse.context["lignes"], "A2E1-02")
    assert emissions.saisie["denominateur"] == "4000"
    assert emissions.sources["denominateur"] == "saisi pour A1E2-03"
    assert "Pré-rempli, modifiable : saisi pour A1E2-03" in html


def test_une_ligne_s_enregistre_seule_et_dit_son_etat(
    client, paris, contributeur, django_assert_max_num_queries
):
    from django.contrib.messages import get_messages

    client.force_login(contributeur)
    lues = client.get(url(paris)).context["lignes"]
    with django_assert_max_num_queries(30):
        reponse = _autosave(client, paris, lues, {"A1E2-01__valeur": "3,5"}, {"A1E2-01"})
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert html.count("<tr ") == 1 and 'data-resultat="enregistree"' in html
    assert 'aria-live="polite"' in html and "Enregistré" in html
    assert Valeur.objects.get().valeur == Decimal("3.5")
    assert not list(get_messages(reponse.wsgi_request))  # no message left for the next page
    # The answer carries the new version: the next save of the line is no conflict.
    (ligne,) = reponse.context["lignes"]
    suite = _autosave(client, paris, [ligne], {"A1E2-01__valeur": "4"}, {"A1E2-01"})
    assert 'data-resultat="enregistree"' in suite.content.decode()
    assert Valeur.objects.get().valeur == 4


def test_une_ligne_refusee_dit_pourquoi_et_n_ecrit_rien(client, paris, contributeur):
    client.force_login(contributeur)
    lues = client.get(url(paris)).context["lignes"]
    reponse = _autosave(
        client,
        paris,
        lues,
        {"A2E3-01__numerateur": "12", "A2E3-01__denominateur": "beaucoup"},
        {"A2E3-01"},
    )
    html = reponse.content.decode()
    assert reponse.status_code == 200 and 'data-resultat="erreur"' in html
    assert (
        "Erreur, non enregistré : équipements réformés : « beaucoup » : n&#x27;est pas un nombre"
        in html
    )
    assert 'aria-describedby="A2E3-01__aide A2E3-01__reperes A2E3-01__denominateur-erreur"' in html
    assert not Valeur.objects.exists()


def test_deux_onglets_sur_la_meme_ligne(client, paris, contributeur):
    client.force_login(contributeur)
    onglet_b = client.get(url(paris)).context["lignes"]
    onglet_a = client.get(url(paris)).context["lignes"]
    _autosave(client, paris, onglet_a, {"A1E2-01__valeur": "3"}, {"A1E2-01"})
    # B saves the same line from what it read before A's save: nothing is overwritten.
    conflit = _autosave(client, paris, onglet_b, {"A1E2-01__valeur": "5"}, {"A1E2-01"})
    html = conflit.content.decode()
    assert 'data-resultat="conflit"' in html and 'name="A1E2-01__choix"' in html
    assert Valeur.objects.get().valeur == 3
    # B chooses to keep its entry: the line, now read at A's version, is written.
    (ligne,) = conflit.context["lignes"]
    garde = _autosave(client, paris, [ligne], {"A1E2-01__choix": "mien"}, {"A1E2-01"})
    assert 'data-resultat="enregistree"' in garde.content.decode()
    assert Valeur.objects.get().valeur == 5


def test_la_mediane_des_pairs_retombe_sur_l_annee_precedente_et_respecte_le_seuil():
    import pandas as pd

    from indicators.mediane_pairs import calculer
    from indicators.models import Indicateur

    taux = Indicateur(pk=1, code="T", nature="ratio", agregation="ratio_of_sums", echelle=100)
    booleen = Indicateur(pk=2, code="B", nature="bool", agregation="share_yes")
    rare = Indicateur(pk=3, code="R", nature="count", agregation="sum")
    vide = {"valeur": None, "numerateur": None, "denominateur": None, "poids": None}

    def ligne(indicateur, annee, collectivite, **champs):
        return {
            "indicateur_id": indicateur.pk,
            "annee": annee,
            "collectivite_id": collectivite,
            **vide,
            "booleen": None,
            **champs,
        }

    lignes = [
        # 2024: five rates 10, 20, 30, 40, 90 % (the median of the rates, not of the sums).
        *(
            ligne(taux, 2024, c, numerateur=n, denominateur=d)
            for c, (n, d) in enumerate([(1, 10), (20, 100), (3, 10), (4, 10), (900, 1000)])
        ),
        ligne(taux, 2025, 1, numerateur=5, denominateur=10),  # 2025: too few peers yet
        *(ligne(booleen, 2025, c, booleen=c < 3) for c in range(5)),
        *(ligne(rare, 2025, c, valeur=c) for c in range(2)),
    ]
    frame = pd.DataFrame(lignes)
    for champ in ("valeur", "numerateur", "denominateur", "poids"):
        frame[champ] = frame[champ].astype(float)
    medianes = calculer([taux, booleen, rare], frame, [2025, 2024])
    assert medianes[1].annee == 2024 and medianes[1].n == 5 and medianes[1].valeur == 30
    assert medianes[2].annee == 2025 and medianes[2].valeur == 60  # share of « oui »
    assert not medianes[3].diffusable and medianes[3].valeur is None and medianes[3].n == 2


def test_la_grille_montre_la_mediane_des_pairs(client, paris, contributeur, settings):
    from indicators.models import Indicateur

    settings.SEUIL_DIFFUSION = 2
    lyon = Collectivite.objects.get(code_insee="69123", type="commune")
    for collectivite, valeur in ((paris, 10), (lyon, 20)):
        Valeur.objects.create(
            collectivite=collectivite,
            indicateur=Indicateur.objects.get(code="A1E2-01"),
            annee=2024,
            valeur=valeur,
            etat="publie",
        )
    client.force_login(contributeur)
    page = client.get(url(paris))
    assert _ligne(page.context["lignes"], "A1E2-01").texte_mediane == "15 ETP (2024, 2 pairs)"
    assert "Médiane des pairs : 15 ETP (2024, 2 pairs)" in page.content.decode()
    assert _ligne(page.context["lignes"], "A1E2-02").mediane is None
