"""A correction of a published assessment waits for a validator: the public keeps reading the
published content (the API, the profile's figures) until « Publié » copies the correction over."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from commitments import services
from commitments.models import CorrectionEvaluation, Evaluation, Preuve
from commitments.validation import RegleEnfreinte, verifier_edition
from commitments.workflow import EtatPublication, TransitionRefusee
from manifeste.maturite import Etat
from tests.commitments_helpers import donnees, url_evaluation

E = EtatPublication


@pytest.fixture
def publiee(evaluation_paris):
    Evaluation.objects.filter(pk=evaluation_paris.pk).update(etat_publication=E.PUBLIE)
    return Evaluation.objects.get(pk=evaluation_paris.pk)


def public(client, monde):
    """What an anonymous reuser reads of Paris's A1E1 assessment: (level, narrative)."""
    client.logout()
    url = f"/api/v1/evaluations?collectivite={monde.paris.code_insee}&type=commune&engagement=A1E1"
    lignes = client.get(url).json()["items"]
    return [(ligne["niveau"], ligne["narratif"]) for ligne in lignes]


@pytest.mark.parametrize(
    ("etat", "permis"),
    [
        (E.BROUILLON, True),
        (E.RENVOYE, True),
        (E.PUBLIE, True),
        (E.SOUMIS, False),
        (E.VALIDE, False),
    ],
)
def test_only_a_draft_or_a_published_assessment_is_edited(etat, permis):
    if permis:
        verifier_edition(etat, campagne_ouverte=True, reouverte=False)
    else:
        with pytest.raises(RegleEnfreinte, match="En attente de validation"):
            verifier_edition(etat, campagne_ouverte=True, reouverte=False)
    with pytest.raises(RegleEnfreinte, match="close"):
        verifier_edition(etat, campagne_ouverte=False, reouverte=False)


@pytest.mark.parametrize("auteur", ["contributeur", "validateur", "admin"])
def test_no_public_figure_moves_until_a_validator_publishes_the_correction(
    client, monde, publiee, auteur
):
    assert public(client, monde) == [(2, "Fait.")]
    client.force_login(monde.users[auteur])
    reponse = client.post(
        url_evaluation(monde, monde.paris), donnees(niveau=4, html="<p>Mieux.</p>")
    )
    assert reponse.status_code == 302
    publiee.refresh_from_db()
    assert (publiee.etat_publication, publiee.niveau) == (E.PUBLIE, 2)
    correction = CorrectionEvaluation.objects.get(evaluation=publiee)
    assert (correction.etat_publication, correction.niveau, correction.par) == (
        E.BROUILLON,
        4,
        monde.users[auteur],
    )
    assert public(client, monde) == [(2, "Fait.")]

    # Submitted, validated (by someone else: four eyes): still the published content.
    client.force_login(monde.users[auteur])
    client.post(url_evaluation(monde, monde.paris), {"vers": E.SOUMIS})
    valideur = monde.users["admin" if auteur == "validateur" else "validateur"]
    client.force_login(valideur)
    client.post(url_evaluation(monde, monde.paris), {"vers": E.VALIDE})
    assert CorrectionEvaluation.objects.get().etat_publication == E.VALIDE
    assert public(client, monde) == [(2, "Fait.")]

    client.force_login(valideur)
    page = client.post(url_evaluation(monde, monde.paris), {"vers": E.PUBLIE}, follow=True)
    assert "Statut : « Publié »" in page.content.decode()
    assert public(client, monde) == [(4, "Mieux.")]
    assert not CorrectionEvaluation.objects.exists()
    journal = [(t.de, t.vers, t.sur_correction) for t in publiee.transitions.all()]
    assert journal == [
        (E.BROUILLON, E.SOUMIS, True),
        (E.SOUMIS, E.VALIDE, True),
        (E.VALIDE, E.PUBLIE, True),
    ]


@pytest.mark.parametrize("role", ["contributeur", "lecteur", "analyste", "autre"])
def test_nobody_but_a_validator_publishes_a_correction(monde, publiee, role):
    services.enregistrer_contenu(_avec(publiee, niveau=3), monde.users["contributeur"])
    CorrectionEvaluation.objects.update(etat_publication=E.VALIDE)
    with pytest.raises(TransitionRefusee):
        services.changer_etat(publiee, E.PUBLIE, monde.users[role])
    publiee.refresh_from_db()
    assert publiee.niveau == 2 and CorrectionEvaluation.objects.get().niveau == 3


def test_the_page_shows_the_published_content_beside_the_pending_one(client, monde, publiee):
    client.force_login(monde.users["contributeur"])
    html = client.get(url_evaluation(monde, monde.paris)).content.decode()
    assert "Vos modifications formeront une correction" in html
    client.post(url_evaluation(monde, monde.paris), donnees(niveau=4, html="<p>Mieux.</p>"))
    html = client.get(url_evaluation(monde, monde.paris)).content.decode()
    assert "Correction en attente" in html and "Brouillon" in html
    assert "Niveau : 2" in html  # the published version
    coche = re.search(r'<input[^>]*name="reponse"[^>]*checked[^>]*>', html).group(0)
    assert 'value="4"' in coche  # the form edits the pending content
    # Submitted, the correction is not edited any more (a validator sends it back).
    client.post(url_evaluation(monde, monde.paris), {"vers": E.SOUMIS})
    reponse = client.post(url_evaluation(monde, monde.paris), donnees(niveau=1), follow=True)
    assert "En attente de validation" in reponse.content.decode()
    assert CorrectionEvaluation.objects.get().niveau == 4


def test_giving_back_the_published_content_drops_the_correction(client, monde, publiee):
    client.force_login(monde.users["contributeur"])
    client.post(url_evaluation(monde, monde.paris), donnees(niveau=4, html="<p>Fait.</p>"))
    assert CorrectionEvaluation.objects.exists()
    client.post(url_evaluation(monde, monde.paris), donnees(niveau=2, html="<p>Fait.</p>"))
    assert not CorrectionEvaluation.objects.exists()
    assert not publiee.transitions.exists()


def test_evidence_added_with_a_correction_is_public_only_once_published(client, monde, publiee):
    client.force_login(monde.users["contributeur"])
    fichier = SimpleUploadedFile("rapport.pdf", b"%PDF-1.4 demo")
    client.post(
        url_evaluation(monde, monde.paris),
        donnees(niveau=2, html="<p>Fait.</p>", fichier=fichier, fichier_public="on"),
    )
    preuve = Preuve.objects.get()
    assert preuve.publique and preuve.avec_correction
    # The evidence alone keeps the correction: it must be published to be public.
    assert CorrectionEvaluation.objects.get().niveau == 2
    client.logout()
    assert client.get(preuve.document.url).status_code == 404
    CorrectionEvaluation.objects.update(etat_publication=E.VALIDE)
    services.changer_etat(publiee, E.PUBLIE, monde.users["validateur"])
    assert client.get(preuve.document.url).status_code == 200


def test_withdrawing_a_publication_stays_an_explicit_act(monde, publiee):
    with pytest.raises(TransitionRefusee):
        services.changer_etat(publiee, E.BROUILLON, monde.users["contributeur"])
    services.changer_etat(publiee, E.BROUILLON, monde.users["validateur"], commentaire="Erreur")
    publiee.refresh_from_db()
    assert publiee.etat_publication == E.BROUILLON
    ligne = publiee.transitions.get()
    assert (ligne.de, ligne.vers, ligne.sur_correction, ligne.commentaire) == (
        E.PUBLIE,
        E.BROUILLON,
        False,
        "Erreur",
    )


def test_the_workspace_lists_a_submitted_correction_to_validate(client, monde, publiee):
    services.enregistrer_contenu(_avec(publiee, niveau=3), monde.users["contributeur"])
    services.changer_etat(publiee, E.SOUMIS, monde.users["contributeur"])
    client.force_login(monde.users["validateur"])
    html = client.get("/admin/mes-collectivites/?a_valider=1").content.decode()
    assert "correction : Soumis" in html


def _avec(evaluation, **contenu):
    evaluation = Evaluation.objects.get(pk=evaluation.pk)
    for champ, valeur in {"etat": Etat.EVALUE, **contenu}.items():
        setattr(evaluation, champ, valeur)
    return evaluation
