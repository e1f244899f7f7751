"""The admin home: what each user reads there, from the database, and the campaign's guide."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from acces.roles import Action, Role
from commitments import accueil, services
from commitments.accueil import AVANCEES, Etape, Statut
from commitments.models import Evaluation, Membre, Reouverture, Signature
from commitments.panels import panneaux
from commitments.workflow import EtatPublication, transitions_possibles
from indicators.models import Indicateur, Valeur
from manifeste.maturite import Etat
from manifeste.models import Collectivite, Engagement


def evaluer(monde, collectivite, code, etat_publication=EtatPublication.BROUILLON, niveau=2):
    return Evaluation.objects.create(
        collectivite=collectivite,
        engagement=Engagement.objects.courants().get(code=code),
        campagne=monde.campagne,
        etat=Etat.EVALUE,
        niveau=niveau,
        narratif="<p>Fait.</p>",
        etat_publication=etat_publication,
    )


def renvoyer(evaluation, monde, motif):
    """Submitted by the contributor, sent back by the validator, the way the workflow offers."""
    services.changer_etat(evaluation, EtatPublication.SOUMIS, monde.users["contributeur"])
    retour = next(
        v
        for v in transitions_possibles(EtatPublication.SOUMIS, {Action.VALIDER})
        if v not in AVANCEES
    )
    services.changer_etat(evaluation, retour, monde.users["validateur"], motif)


def suivi_de(user, monde):
    (suivi,) = accueil.suivis(user, monde.campagne)
    return suivi


def par_code(suivi):
    return {e.ligne.engagement.code: e for e in suivi.engagements}


def test_l_officier_voit_ou_en_est_chaque_engagement(monde):
    evaluer(monde, monde.paris, "A1E1", EtatPublication.PUBLIE)
    evaluer(monde, monde.paris, "A1E2", EtatPublication.SOUMIS)
    renvoyer(evaluer(monde, monde.paris, "A1E3"), monde, "Joignez la délibération du conseil.")
    evaluer(monde, monde.paris, "A2E1")

    suivi = suivi_de(monde.users["contributeur"], monde)

    lignes = par_code(suivi)
    assert lignes["A1E1"].etape == Etape.PUBLIE
    assert lignes["A1E2"].etape == Etape.SOUMIS
    assert (lignes["A1E3"].etape, lignes["A1E3"].motif) == (
        Etape.RENVOYE,
        "Joignez la délibération du conseil.",
    )
    assert lignes["A2E1"].etape == Etape.BROUILLON
    assert lignes["A3E3"].etape == Etape.A_EVALUER
    assert suivi.repondus == 4
    assert dict(suivi.comptes) == {
        "À évaluer": 5,
        "Brouillon": 1,
        "Renvoyé": 1,
        "Soumis": 1,
        "Publié": 1,
    }
    assert (suivi.calendrier.statut, suivi.calendrier.jours) == (Statut.OUVERTE, 30)


def test_la_liste_a_faire_mene_a_chaque_element_manquant(monde):
    renvoyer(evaluer(monde, monde.paris, "A1E3"), monde, "Précisez le périmètre.")
    evaluer(monde, monde.paris, "A2E1")
    evaluer(monde, monde.paris, "A1E1", EtatPublication.SOUMIS)

    taches = suivi_de(monde.users["contributeur"], monde).taches

    annee = monde.campagne.annee
    # Sent back first, then the 6 not answered, then the draft to submit; nothing for the
    # submitted one.
    assert taches[0].libelle.startswith("Reprendre A1E3")
    assert taches[0].detail == "Renvoyé : « Précisez le périmètre. »"
    assert taches[0].url == reverse("commitments_evaluation", args=[monde.paris.pk, annee, "A1E3"])
    a_evaluer = [t for t in taches if t.libelle.startswith("Évaluer")]
    assert len(a_evaluer) == 6
    assert taches[7].libelle.startswith("Soumettre A2E1")
    assert not any("A1E1" in t.libelle for t in taches)


def test_la_liste_dit_ce_qui_manque_a_un_brouillon(monde):
    evaluation = evaluer(monde, monde.paris, "A2E1")
    Evaluation.objects.filter(pk=evaluation.pk).update(narratif="")

    (tache,) = [
        t for t in suivi_de(monde.users["contributeur"], monde).taches if "A2E1" in t.libelle
    ]
    assert tache.detail == "Il manque : description, preuve."  # level 2, no evidence


def test_les_indicateurs_attendus_et_saisis(monde, catalogue):
    partages = Indicateur.objects.filter(collectivite__isnull=True)
    premier, second, troisieme = partages.order_by("code")[:3]
    propre = Indicateur.objects.create(
        code="PARIS-1",
        collectivite=monde.paris,
        nom_fr="Bornes de recharge",
        nature=premier.nature,
        agregation=premier.agregation,
        portee=premier.portee,
        engagement=premier.engagement,
    )
    annee = monde.campagne.annee
    for indicateur, etat in ((premier, "brouillon"), (second, "soumis"), (propre, "brouillon")):
        Valeur.objects.create(
            collectivite=monde.paris, indicateur=indicateur, annee=annee, valeur=1, etat=etat
        )
    Valeur.objects.create(  # a published value with a pending correction counts as its correction
        collectivite=monde.paris,
        indicateur=troisieme,
        annee=annee,
        valeur=1,
        etat="publie",
        correction_etat="soumis",
    )
    Valeur.objects.create(collectivite=monde.paris, indicateur=premier, annee=annee - 1, valeur=1)
    Valeur.objects.create(collectivite=monde.lyon, indicateur=premier, annee=annee, valeur=1)

    saisie = accueil.saisies_indicateurs([monde.paris.pk, monde.lyon.pk], annee)

    assert (saisie[monde.paris.pk].attendus, saisie[monde.paris.pk].saisis) == (
        partages.count() + 1,
        4,
    )
    assert saisie[monde.paris.pk].par_etat == {"brouillon": 2, "soumis": 2}
    assert (saisie[monde.lyon.pk].attendus, saisie[monde.lyon.pk].saisis) == (partages.count(), 1)
    suivi = suivi_de(monde.users["validateur"], monde)
    assert suivi.valeurs_a_valider == 2
    libelles = [t.libelle for t in suivi.taches]
    assert (
        f"Saisir les indicateurs : {partages.count() - 3} sur {partages.count() + 1} restent à renseigner"
        in libelles
    )
    assert "Soumettre les valeurs d'indicateurs en brouillon (2)" in libelles


def test_l_annee_precedente_en_regard(monde):
    Evaluation.objects.create(
        collectivite=monde.paris,
        engagement=monde.engagement,
        campagne=monde.precedente,
        etat=Etat.EVALUE,
        niveau=0,
        etat_publication=EtatPublication.PUBLIE,
    )
    Evaluation.objects.create(
        collectivite=monde.paris,
        engagement=Engagement.objects.courants().get(code="A2E2"),
        campagne=monde.precedente,
        etat=Etat.NON_CONCERNE,
        justification="Compétence de la métropole.",
    )

    lignes = par_code(suivi_de(monde.users["contributeur"], monde))

    assert lignes["A1E1"].niveau_precedent == "0"
    assert lignes["A2E2"].niveau_precedent == "Non concerné"
    assert lignes["A3E1"].niveau_precedent == "pas d'évaluation"


def test_campagne_close_puis_rouverte(monde):
    monde.campagne.date_cloture = timezone.localdate() - timedelta(days=2)
    monde.campagne.save()
    contributeur = monde.users["contributeur"]

    suivi = suivi_de(contributeur, monde)
    assert suivi.calendrier.statut == Statut.CLOSE
    assert suivi.taches == []  # nothing can be done: nothing to do

    jusqu_au = timezone.localdate() + timedelta(days=5)
    Reouverture.objects.create(campagne=monde.campagne, collectivite=monde.paris, jusqu_au=jusqu_au)
    suivi = suivi_de(contributeur, monde)
    assert (suivi.calendrier.statut, suivi.calendrier.rouverte_jusqu_au) == (
        Statut.ROUVERTE,
        jusqu_au,
    )
    assert len(suivi.taches) == 9


def test_le_lecteur_voit_sans_liste_a_faire(monde):
    suivi = suivi_de(monde.users["lecteur"], monde)
    assert (suivi.peut_modifier, suivi.peut_valider, suivi.taches) == (False, False, [])
    assert [p.name for p in panneaux(monde.users["lecteur"])] == ["mes_collectivites"]


def test_le_valideur_voit_ce_qui_l_attend(monde):
    evaluer(monde, monde.paris, "A1E1", EtatPublication.SOUMIS)
    evaluer(monde, monde.paris, "A1E2", EtatPublication.VALIDE)
    evaluer(monde, monde.paris, "A1E3", EtatPublication.PUBLIE)
    evaluer(monde, monde.lyon, "A2E1", EtatPublication.SOUMIS)  # not theirs

    suivi = suivi_de(monde.users["validateur"], monde)
    assert [e.ligne.engagement.code for e in suivi.a_valider] == ["A1E1"]
    assert [e.ligne.engagement.code for e in suivi.a_publier] == ["A1E2"]
    assert suivi_de(monde.users["contributeur"], monde).a_valider == []
    assert [p.name for p in panneaux(monde.users["validateur"])] == [
        "a_valider",
        "mes_collectivites",
    ]


def test_la_synthese_nationale(monde):
    for engagement in Engagement.objects.courants():
        evaluer(monde, monde.paris, engagement.code, EtatPublication.SOUMIS)
    evaluer(monde, monde.lyon, "A1E1")

    synthese = accueil.synthese_nationale(monde.campagne)

    assert synthese.signataires == 2
    assert {cle: n for cle, _libelle, n in synthese.par_avancement} == {
        "aucun": 0,
        "en_cours": 1,
        "complet": 1,
        "publie": 0,
    }
    assert synthese.soumis == 9
    assert [p.name for p in panneaux(monde.users["analyste"])] == ["campagne_nationale"]


def test_sans_role_rien_a_afficher(monde, django_user_model):
    assert panneaux(django_user_model.objects.create_user("personne")) == []


def test_des_requetes_bornees_quel_que_soit_le_nombre_de_collectivites(monde):
    """A validator of many collectivities costs what a validator of one does."""
    validateur = monde.users["validateur"]

    def requetes():
        with CaptureQueriesContext(connection) as capture:
            for suivi in accueil.suivis(validateur, monde.campagne):
                [(t.libelle, t.url) for t in suivi.taches]
                [e.niveau_precedent for e in suivi.engagements + suivi.a_valider]
        return len(capture)

    renvoyer(evaluer(monde, monde.paris, "A1E1"), monde, "Une preuve.")
    une = requetes()
    autres = Collectivite.objects.exclude(pk__in=[monde.paris.pk, monde.lyon.pk])[:6]
    for c in autres:
        Signature.objects.get_or_create(collectivite=c, date_signature=timezone.localdate())
        Membre.objects.create(user=validateur, collectivite=c, role=Role.VALIDATEUR)
        evaluer(monde, c, "A1E1", EtatPublication.SOUMIS)
        services.changer_etat(evaluer(monde, c, "A1E2"), EtatPublication.SOUMIS, validateur)
    assert len(accueil.suivis(validateur, monde.campagne)) == 7
    assert requetes() == une


@pytest.fixture
def client_de(client, monde):
    def connecter(role):
        client.force_login(monde.users[role])
        return client

    return connecter


def test_l_accueil_de_l_officier(client_de, monde, django_assert_max_num_queries):
    renvoyer(evaluer(monde, monde.paris, "A1E3"), monde, "Précisez le périmètre.")
    client = client_de("contributeur")

    with django_assert_max_num_queries(35):
        reponse = client.get(reverse("wagtailadmin_home"))

    texte = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Mes collectivités" in texte and "Paris" in texte
    assert f"Ouverte jusqu'au {date_format(monde.campagne.date_cloture)} " in texte
    assert "encore 30 jours" in texte
    assert "Renvoyé : « Précisez le périmètre. »" in texte
    annee = monde.campagne.annee
    assert reverse("commitments_evaluation", args=[monde.paris.pk, annee, "A3E3"]) in texte
    assert reverse("indicateurs_grille", args=[monde.paris.pk, annee]) in texte
    assert "En attente de votre validation" not in texte
    assert "vue nationale" not in texte


def test_l_accueil_du_valideur_de_nombreuses_collectivites(
    client_de, monde, django_assert_max_num_queries
):
    validateur = monde.users["validateur"]
    for c in Collectivite.objects.exclude(pk__in=[monde.paris.pk, monde.lyon.pk])[:8]:
        Signature.objects.create(collectivite=c, date_signature=timezone.localdate())
        Membre.objects.create(user=validateur, collectivite=c, role=Role.VALIDATEUR)
        evaluer(monde, c, "A2E2", EtatPublication.SOUMIS)
    client = client_de("validateur")

    with django_assert_max_num_queries(35):
        reponse = client.get(reverse("wagtailadmin_home"))

    texte = reponse.content.decode()
    assert "En attente de votre validation" in texte
    assert texte.count("Soumis, à valider ou à renvoyer : 1 engagement<") == 8


def test_l_accueil_national(client_de, monde):
    texte = client_de("admin").get(reverse("wagtailadmin_home")).content.decode()
    assert "vue nationale" in texte
    assert reverse("commitments_signataires") in texte
    assert reverse("publication_editions") in texte
    analyste = client_de("analyste").get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("commitments_signataires") in analyste
    assert reverse("publication_editions") not in analyste  # not theirs to freeze


def test_l_aide_en_francais_remplace_celle_de_wagtail(client_de, monde):
    client = client_de("contributeur")
    accueil_html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("commitments_aide") in accueil_html
    assert "guide.wagtail.org" not in accueil_html
    assert "docs.wagtail.org" not in accueil_html

    reponse = client.get(reverse("commitments_aide"))
    texte = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Guide de la campagne" in texte
    assert "Soumettre, valider, publier" in texte
    assert "Non engagé" in texte  # the scale, read from the referential
