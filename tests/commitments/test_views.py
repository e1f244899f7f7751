"""The officer's workspace: editing one engagement, the workspace table, the national list."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from commitments.models import Evaluation, Preuve
from manifeste.maturite import Etat
from tests.commitments_helpers import donnees, url_evaluation


@pytest.fixture
def contributeur(client, monde):
    client.force_login(monde.users["contributeur"])
    return client


def test_creer_une_evaluation_avec_actions_et_lien(contributeur, monde):
    data = donnees(
        niveau=3,
        html="<p>Parc <b>inventorié</b></p>",
        **{
            "actions-TOTAL_FORMS": "1",
            "actions-0-titre": "Plan de sobriété",
            "actions-0-echeance": "2026-06-30",
            "actions-0-statut": "en_cours",
            "preuves-TOTAL_FORMS": "1",
            "preuves-0-libelle": "Délibération",
            "preuves-0-url": "https://example.org/d.pdf",
        },
    )
    reponse = contributeur.post(url_evaluation(monde, monde.paris), data)
    assert reponse.status_code == 302
    evaluation = Evaluation.objects.get(collectivite=monde.paris, campagne=monde.campagne)
    assert (evaluation.etat, evaluation.niveau) == (Etat.EVALUE, 3)
    assert "<b>inventorié</b>" in evaluation.narratif
    assert [a.titre for a in evaluation.actions.all()] == ["Plan de sobriété"]
    assert evaluation.preuves.get().url == "https://example.org/d.pdf"
    assert evaluation.history.get().history_user == monde.users["contributeur"]


def test_le_narratif_est_assaini(contributeur, monde):
    # Draftail only carries the enabled features: a script cannot get through.
    data = donnees(html="<p>ok<script>alert(1)</script></p>")
    contributeur.post(url_evaluation(monde, monde.paris), data)
    evaluation = Evaluation.objects.get(collectivite=monde.paris)
    assert "<script" not in evaluation.narratif


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (donnees(niveau=7), "Réponse « 7 » inconnue"),
        (donnees(etat="non_concerne", niveau=None), "pourquoi"),
        (donnees(niveau=None), "Choisissez un niveau"),
    ],
)
def test_mauvaise_saisie_message_clair_rien_enregistre(contributeur, monde, data, message):
    reponse = contributeur.post(url_evaluation(monde, monde.paris), data)
    assert reponse.status_code == 200
    assert message in reponse.content.decode()
    assert not Evaluation.objects.exists()


def test_niveau_eleve_sans_preuve_avertit_sans_refuser(contributeur, monde):
    contributeur.post(url_evaluation(monde, monde.paris), donnees(niveau=4))
    assert Evaluation.objects.get().niveau == 4
    page = contributeur.get(url_evaluation(monde, monde.paris)).content.decode()
    assert "au moins une preuve" in page


def test_la_page_montre_les_descripteurs_et_l_historique(contributeur, monde, evaluation_paris):
    descripteur = monde.engagement.descripteurs.get(niveau=3)
    page = contributeur.get(url_evaluation(monde, monde.paris)).content.decode()
    assert descripteur.texte_fr[:40] in page
    # Level 0, which the referential does not describe, says nothing is under way.
    assert escape(f"Rien n'est encore engagé sur « {monde.engagement.titre_fr} »") in page
    assert "Historique" in page
    assert "Soumettre à validation" in page


def test_document_de_preuve_televerse(contributeur, monde):
    fichier = SimpleUploadedFile("rapport.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    data = donnees(niveau=2, fichier=fichier, fichier_libelle="Rapport annuel")
    assert contributeur.post(url_evaluation(monde, monde.paris), data).status_code == 302
    preuve = Preuve.objects.get()
    assert preuve.document.title == "Rapport annuel"


@pytest.mark.parametrize(
    ("nom", "contenu", "message"),
    [("virus.exe", b"MZ", "refusé"), ("gros.pdf", b"x" * 2048, "trop lourd")],
)
def test_document_refuse(contributeur, monde, nom, contenu, message):
    with override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1024):
        data = donnees(niveau=2, fichier=SimpleUploadedFile(nom, contenu))
        reponse = contributeur.post(url_evaluation(monde, monde.paris), data)
    assert message in reponse.content.decode()
    assert not Evaluation.objects.exists()
    assert not Preuve.objects.exists()


def test_modifier_une_copie_enleve_la_mention_reporte(contributeur, monde, evaluation_paris):
    Evaluation.objects.filter(pk=evaluation_paris.pk).update(reporte=True)
    contributeur.post(url_evaluation(monde, monde.paris), donnees(niveau=2))
    evaluation_paris.refresh_from_db()
    assert evaluation_paris.reporte is False


def test_campagne_close_edition_refusee_puis_rouverte(
    client, contributeur, monde, evaluation_paris
):
    hier = timezone.localdate() - timedelta(days=1)
    monde.campagne.date_cloture = hier
    monde.campagne.date_ouverture = hier - timedelta(days=30)
    monde.campagne.save()
    url = url_evaluation(monde, monde.paris)
    contributeur.post(url, donnees(niveau=4))
    evaluation_paris.refresh_from_db()
    assert evaluation_paris.niveau == 2
    assert "campagne est close" in contributeur.get(url).content.decode()

    client.force_login(monde.users["admin"])
    client.post(
        reverse("commitments_rouvrir", args=[monde.paris.pk, monde.campagne.annee]),
        {"jusqu_au": (hier + timedelta(days=10)).isoformat(), "motif": "Délibération tardive"},
    )
    client.force_login(monde.users["contributeur"])
    client.post(url, donnees(niveau=4))
    evaluation_paris.refresh_from_db()
    assert evaluation_paris.niveau == 4


def test_une_evaluation_soumise_ne_se_modifie_plus(contributeur, monde, evaluation_paris):
    Evaluation.objects.filter(pk=evaluation_paris.pk).update(etat_publication="soumis")
    contributeur.post(url_evaluation(monde, monde.paris), donnees(niveau=4))
    evaluation_paris.refresh_from_db()
    assert evaluation_paris.niveau == 2


def test_mes_collectivites_completion_et_filtre_a_valider(client, monde, evaluation_paris):
    Evaluation.objects.create(
        collectivite=monde.paris,
        engagement=monde.engagement.ambition.engagements.get(code="A1E2"),
        campagne=monde.campagne,
        etat=Etat.NON_CONCERNE,
        justification="EPCI",
        etat_publication="soumis",
    )
    client.force_login(monde.users["validateur"])
    page = client.get(reverse("commitments_mes_collectivites")).content.decode()
    assert "Complétion : 22 %" in page  # 2 answers of 9
    filtre = client.get(reverse("commitments_mes_collectivites") + "?a_valider=1")
    lignes = filtre.context["bilans"][0].lignes
    assert [ligne.engagement.code for ligne in lignes] == ["A1E2"]
    # A contributor has nothing to validate.
    client.force_login(monde.users["contributeur"])
    filtre = client.get(reverse("commitments_mes_collectivites") + "?a_valider=1")
    assert filtre.context["bilans"] == []


def test_liste_nationale_filtres_et_exports(client, monde, evaluation_paris):
    client.force_login(monde.users["analyste"])
    url = reverse("commitments_signataires")
    assert [c.nom for c in client.get(url).context["lignes"]] == ["Lyon", "Paris"]
    en_cours = client.get(url + "?avancement=en_cours").context["lignes"]
    assert [c.nom for c in en_cours] == ["Paris"]
    assert [c.nom for c in client.get(url + "?avancement=aucun").context["lignes"]] == ["Lyon"]
    assert client.get(url + "?type=epci").context["lignes"] == []

    reponse = client.get(reverse("commitments_export", args=["csv"]) + "?avancement=en_cours")
    texte = reponse.getvalue().decode("utf-8-sig")
    lignes = list(csv.reader(io.StringIO(texte), delimiter=";"))
    assert lignes[0][0] == "Collectivité"
    assert [ligne[0] for ligne in lignes[1:]] == ["Paris"]
    assert lignes[1][8] == "11"  # 1 of 9 answered

    reponse = client.get(reverse("commitments_export", args=["xlsx"]))
    feuille = openpyxl.load_workbook(io.BytesIO(reponse.getvalue())).active
    assert [feuille.cell(row=r, column=1).value for r in (2, 3)] == ["Lyon", "Paris"]
    assert client.get(reverse("commitments_export", args=["pdf"])).status_code == 404


def test_reprendre_l_an_dernier_depuis_l_espace(contributeur, monde):
    Evaluation.objects.create(
        collectivite=monde.paris,
        engagement=monde.engagement,
        campagne=monde.precedente,
        etat=Etat.EVALUE,
        niveau=2,
    )
    page = contributeur.get(reverse("commitments_mes_collectivites")).content.decode()
    assert "Reprendre les évaluations" in page
    contributeur.post(reverse("commitments_reporter", args=[monde.paris.pk, monde.campagne.annee]))
    copie = Evaluation.objects.get(campagne=monde.campagne)
    assert copie.reporte
    page = contributeur.get(reverse("commitments_mes_collectivites")).content.decode()
    assert "reporté" in page


def test_un_document_de_preuve_n_est_public_que_publie_et_choisi(client, contributeur, monde):
    fichier = SimpleUploadedFile("rapport.pdf", b"%PDF-1.4 demo")
    contributeur.post(url_evaluation(monde, monde.paris), donnees(niveau=2, fichier=fichier))
    document = Preuve.objects.get().document
    assert contributeur.get(document.url).status_code == 200
    client.force_login(monde.users["autre"])
    assert client.get(document.url).status_code == 404
    client.logout()
    assert client.get(document.url).status_code == 404
    Evaluation.objects.update(etat_publication="publie")
    assert client.get(document.url).status_code == 404  # published, but kept private
    Preuve.objects.update(publique=True)
    assert client.get(document.url).status_code == 200


def test_une_page_html_renommee_en_pdf_est_refusee(contributeur, monde):
    page = SimpleUploadedFile("rapport.pdf", b"<!DOCTYPE html><script>alert(1)</script>")
    reponse = contributeur.post(url_evaluation(monde, monde.paris), donnees(fichier=page))
    html = reponse.content.decode()
    assert "« rapport.pdf » ne contient pas un fichier PDF (son contenu : HTML)" in html
    # The message on top names the field too.
    assert "enregistrée : Ajouter un document de preuve : « rapport.pdf » ne contient" in html
    assert 'aria-describedby="id_fichier_helptext id_fichier_error"' in html
    assert not Evaluation.objects.exists() and not Preuve.objects.exists()


def test_un_fichier_vide_est_refuse(contributeur, monde):
    vide = SimpleUploadedFile("rapport.pdf", b"")
    reponse = contributeur.post(url_evaluation(monde, monde.paris), donnees(fichier=vide))
    assert "vide" in reponse.content.decode()
    assert not Preuve.objects.exists()


def test_choisir_un_niveau_suffit_et_la_justification_ne_vaut_que_pour_non_concerne(
    contributeur, monde
):
    data = donnees(niveau=0, justification="Texte resté d'un essai")
    assert contributeur.post(url_evaluation(monde, monde.paris), data).status_code == 302
    evaluation = Evaluation.objects.get()
    assert (evaluation.etat, evaluation.niveau, evaluation.justification) == (Etat.EVALUE, 0, "")
    data = donnees(etat="non_concerne", niveau=None, justification="Compétence de l'EPCI")
    contributeur.post(url_evaluation(monde, monde.paris), data)
    evaluation.refresh_from_db()
    assert (evaluation.etat, evaluation.niveau) == (Etat.NON_CONCERNE, None)
    assert evaluation.justification == "Compétence de l'EPCI"


def test_avant_de_soumettre_la_page_dit_ce_qui_manque(contributeur, monde):
    contributeur.post(url_evaluation(monde, monde.paris), donnees(niveau=2, html="<p></p>"))
    page = contributeur.get(url_evaluation(monde, monde.paris)).content.decode()
    assert "Avant de soumettre, il manque :" in page
    assert 'href="#id_narratif-label">Décrivez ce qui a été fait' in page
    reponse = contributeur.post(url_evaluation(monde, monde.paris), {"vers": "soumis"}, follow=True)
    assert "Décrivez ce qui a été fait" in reponse.content.decode()
    assert Evaluation.objects.get().etat_publication == "brouillon"


def test_soumettre_deux_fois_ne_fait_qu_une_soumission(contributeur, monde, evaluation_paris):
    for _fois in range(2):
        reponse = contributeur.post(
            url_evaluation(monde, monde.paris), {"vers": "soumis"}, follow=True
        )
    assert "Déjà fait : le statut est « Soumis »" in reponse.content.decode()
    assert evaluation_paris.transitions.count() == 1
