"""Four eyes: whoever submitted an assessment or a value cannot validate or publish it, unless
the campaign turned the rule off; a collectivity with a single validator is told so."""

import pytest

from acces.roles import Role
from commitments import services
from commitments.models import Evaluation, Membre
from commitments.validation import RegleEnfreinte
from commitments.workflow import EtatPublication, TransitionRefusee, quatre_yeux_bloque
from indicators import grid
from indicators.models import Indicateur, Valeur
from tests.commitments_helpers import url_evaluation

E = EtatPublication


@pytest.mark.parametrize(
    ("vers", "soumis_par", "actif", "bloque"),
    [
        (E.VALIDE, 1, True, True),
        (E.PUBLIE, 1, True, True),
        (E.RENVOYE, 1, True, False),  # sending one's own submission back is allowed
        (E.VALIDE, 2, True, False),
        (E.VALIDE, None, True, False),  # nobody known submitted it
        (E.VALIDE, 1, False, False),  # the campaign turned the rule off
    ],
)
def test_la_regle_sur_des_valeurs_simples(vers, soumis_par, actif, bloque):
    assert quatre_yeux_bloque(vers, soumis_par, 1, actif) is bloque


def test_qui_soumet_ne_valide_ni_ne_publie(monde, evaluation_paris):
    validateur = monde.users["validateur"]
    services.changer_etat(evaluation_paris, E.SOUMIS, validateur)
    assert E.VALIDE not in services.transitions_offertes(evaluation_paris, validateur)
    with pytest.raises(TransitionRefusee, match="quatre yeux"):
        services.changer_etat(evaluation_paris, E.VALIDE, validateur)
    evaluation_paris.refresh_from_db()
    assert evaluation_paris.etat_publication == E.SOUMIS
    # The national administrator validates; the submitter still cannot publish.
    services.changer_etat(evaluation_paris, E.VALIDE, monde.users["admin"])
    with pytest.raises(TransitionRefusee, match="quatre yeux"):
        services.changer_etat(evaluation_paris, E.PUBLIE, validateur)
    services.changer_etat(evaluation_paris, E.PUBLIE, monde.users["admin"])
    evaluation_paris.refresh_from_db()
    assert evaluation_paris.etat_publication == E.PUBLIE


def test_une_campagne_peut_lever_la_regle(monde, evaluation_paris):
    monde.campagne.quatre_yeux = False
    monde.campagne.save()
    validateur = monde.users["validateur"]
    for vers in (E.SOUMIS, E.VALIDE, E.PUBLIE):
        services.changer_etat(evaluation_paris, vers, validateur)
    assert Evaluation.objects.get().etat_publication == E.PUBLIE


def test_sans_description_rien_n_est_valide_ni_publie(monde, evaluation_paris):
    services.changer_etat(evaluation_paris, E.SOUMIS, monde.users["contributeur"])
    Evaluation.objects.filter(pk=evaluation_paris.pk).update(narratif="<p></p>")
    with pytest.raises(RegleEnfreinte, match="ni validée ni publiée"):
        services.changer_etat(evaluation_paris, E.VALIDE, monde.users["validateur"])
    Evaluation.objects.filter(pk=evaluation_paris.pk).update(etat_publication=E.VALIDE)
    with pytest.raises(RegleEnfreinte, match="ni validée ni publiée"):
        services.changer_etat(evaluation_paris, E.PUBLIE, monde.users["validateur"])
    assert Evaluation.objects.get().etat_publication == E.VALIDE


def test_la_page_le_dit_au_seul_valideur_et_a_qui_a_soumis(client, monde, evaluation_paris):
    validateur = monde.users["validateur"]
    services.changer_etat(evaluation_paris, E.SOUMIS, validateur)
    client.force_login(validateur)
    page = client.get(url_evaluation(monde, monde.paris)).content.decode()
    assert "Vous avez soumis cette évaluation" in page
    assert "Paris n'a qu'une personne habilitée à valider (validateur)" in page
    assert 'value="valide"' not in page and 'value="renvoye"' in page
    # Validating anyway (a forged request) is refused in French, nothing moves.
    reponse = client.post(url_evaluation(monde, monde.paris), {"vers": E.VALIDE}, follow=True)
    assert "règle des quatre yeux" in reponse.content.decode()
    assert Evaluation.objects.get().etat_publication == E.SOUMIS
    # With a second validator, the notice of a single one goes.
    Membre.objects.create(user=monde.users["autre"], collectivite=monde.paris, role=Role.VALIDATEUR)
    page = client.get(url_evaluation(monde, monde.paris)).content.decode()
    assert "qu'une personne habilitée" not in page


def test_les_valeurs_d_indicateurs_suivent_la_meme_regle(monde, catalogue):
    indicateur = Indicateur.objects.get(code="A1E2-01")
    Valeur.objects.create(
        collectivite=monde.paris, indicateur=indicateur, annee=monde.campagne.annee, valeur=1
    )
    validateur = monde.users["validateur"]
    actions = {"voir", "modifier", "valider"}
    annee = monde.campagne.annee
    grid.changer_etat_valeurs(monde.paris, annee, E.BROUILLON, E.SOUMIS, actions, validateur)
    assert Valeur.objects.get().soumis_par == validateur
    with pytest.raises(TransitionRefusee, match="Vous avez soumis"):
        grid.changer_etat_valeurs(monde.paris, annee, E.SOUMIS, E.VALIDE, actions, validateur)
    assert Valeur.objects.get().etat == E.SOUMIS
    grid.changer_etat_valeurs(monde.paris, annee, E.SOUMIS, E.VALIDE, actions, monde.users["admin"])
    assert Valeur.objects.get().etat == E.VALIDE
