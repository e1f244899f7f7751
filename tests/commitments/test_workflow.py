"""Workflow transitions, national review, history, campaign closing and reopening, copy forward."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from commitments import services
from commitments.models import ActionEvaluation, Evaluation
from commitments.validation import RegleEnfreinte
from commitments.workflow import TRANSITIONS, EtatPublication, TransitionRefusee
from manifeste.maturite import Etat

E = EtatPublication
ROLES = ["lecteur", "contributeur", "validateur", "analyste", "admin", "autre"]
# Who may perform each transition (by the decision table): MODIFIER or VALIDER on Paris.
AUTORISES = {
    "modifier": {"contributeur", "validateur", "admin"},
    "valider": {"validateur", "admin"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("de", "vers"), list(TRANSITIONS))
def test_chaque_transition_autorisee_ou_refusee_selon_le_role(
    monde, evaluation_paris, role, de, vers
):
    Evaluation.objects.filter(pk=evaluation_paris.pk).update(etat_publication=de)
    user = monde.users[role]
    permis = role in AUTORISES[TRANSITIONS[(de, vers)].value]
    if permis:
        services.changer_etat(evaluation_paris, vers, user, commentaire="À revoir")
        evaluation_paris.refresh_from_db()
        assert evaluation_paris.etat_publication == vers
        trace = evaluation_paris.transitions.get()
        assert (trace.de, trace.vers, trace.par) == (de, vers, user)
    else:
        with pytest.raises(TransitionRefusee):
            services.changer_etat(evaluation_paris, vers, user, commentaire="x")
        evaluation_paris.refresh_from_db()
        assert evaluation_paris.etat_publication == de
        assert not evaluation_paris.transitions.exists()


@pytest.mark.parametrize(
    ("de", "vers"), [(E.BROUILLON, E.VALIDE), (E.BROUILLON, E.PUBLIE), (E.SOUMIS, E.PUBLIE)]
)
def test_sauter_une_etape_est_refuse_meme_a_l_admin(monde, evaluation_paris, de, vers):
    Evaluation.objects.filter(pk=evaluation_paris.pk).update(etat_publication=de)
    with pytest.raises(TransitionRefusee, match="impossible"):
        services.changer_etat(evaluation_paris, vers, monde.users["admin"])


def test_renvoyer_exige_le_motif_montre_ensuite(monde, evaluation_paris):
    Evaluation.objects.filter(pk=evaluation_paris.pk).update(etat_publication=E.SOUMIS)
    with pytest.raises(RegleEnfreinte, match="commentaire"):
        services.changer_etat(evaluation_paris, E.RENVOYE, monde.users["validateur"])
    services.changer_etat(
        evaluation_paris, E.RENVOYE, monde.users["validateur"], commentaire="Ajoutez une preuve"
    )
    evaluation_paris.refresh_from_db()
    assert evaluation_paris.etat_publication == E.RENVOYE
    assert services.dernier_renvoi(evaluation_paris).commentaire == "Ajoutez une preuve"
    # Corrected and submitted again by the officer: the reason is no longer shown.
    services.changer_etat(evaluation_paris, E.SOUMIS, monde.users["contributeur"])
    evaluation_paris.refresh_from_db()
    assert services.dernier_renvoi(evaluation_paris) is None


def test_soumettre_un_non_renseigne_est_refuse(monde, evaluation_paris):
    Evaluation.objects.filter(pk=evaluation_paris.pk).update(etat=Etat.NON_RENSEIGNE, niveau=None)
    with pytest.raises(RegleEnfreinte):
        services.changer_etat(evaluation_paris, E.SOUMIS, monde.users["contributeur"])


def test_l_historique_garde_qui_quand_avant_apres(monde, evaluation_paris):
    contributeur = monde.users["contributeur"]
    evaluation_paris.niveau = 3
    evaluation_paris._history_user = contributeur
    evaluation_paris.save()
    services.changer_etat(evaluation_paris, E.SOUMIS, contributeur)
    versions = list(evaluation_paris.history.order_by("history_date"))
    assert len(versions) == 3
    diff = versions[1].diff_against(versions[0])
    assert [(c.field, c.old, c.new) for c in diff.changes] == [("niveau", 2, 3)]
    assert versions[1].history_user == contributeur
    diff = versions[2].diff_against(versions[1])
    assert [(c.field, c.old, c.new) for c in diff.changes] == [
        ("etat_publication", "brouillon", "soumis")
    ]


def test_les_actions_ont_leur_historique(evaluation_paris):
    action = ActionEvaluation.objects.create(evaluation=evaluation_paris, titre="Inventaire")
    action.statut = "faite"
    action.save()
    assert action.history.count() == 2


def test_revue_nationale_distincte_de_la_validation(monde, evaluation_paris):
    with pytest.raises(PermissionDenied):
        services.revoir(evaluation_paris, monde.users["validateur"], "ok")
    with pytest.raises(PermissionDenied):
        services.revoir(evaluation_paris, monde.users["analyste"], "ok")
    services.revoir(evaluation_paris, monde.users["admin"], "Preuves vérifiées")
    evaluation_paris.refresh_from_db()
    assert evaluation_paris.est_revue
    assert evaluation_paris.revu_par == monde.users["admin"]
    assert evaluation_paris.etat_publication == E.BROUILLON  # declared ≠ reviewed


def test_campagne_close_puis_rouverte_pour_une_collectivite(monde, evaluation_paris):
    today = timezone.localdate()
    monde.campagne.date_cloture = today - timedelta(days=1)
    monde.campagne.save()
    contributeur = monde.users["contributeur"]
    with pytest.raises(RegleEnfreinte, match="close"):
        services.changer_etat(evaluation_paris, E.SOUMIS, contributeur)
    assert not services.campagne_modifiable(monde.campagne, monde.paris)

    with pytest.raises(PermissionDenied):
        services.rouvrir(monde.campagne, monde.paris, monde.users["validateur"], today)
    services.rouvrir(monde.campagne, monde.paris, monde.users["admin"], today + timedelta(days=5))
    assert services.campagne_modifiable(monde.campagne, monde.paris)
    assert not services.campagne_modifiable(monde.campagne, monde.lyon)
    services.changer_etat(evaluation_paris, E.SOUMIS, contributeur)
    # The reopening ends at its date.
    assert not services.campagne_modifiable(monde.campagne, monde.paris, today + timedelta(days=6))


def test_reporter_l_an_dernier(monde):
    ancienne = Evaluation.objects.create(
        collectivite=monde.paris,
        engagement=monde.engagement,
        campagne=monde.precedente,
        etat=Etat.EVALUE,
        niveau=3,
        narratif="<p>2023</p>",
        etat_publication=E.PUBLIE,
    )
    ActionEvaluation.objects.create(evaluation=ancienne, titre="Plan", statut="en_cours")
    Evaluation.objects.create(
        collectivite=monde.lyon,
        engagement=monde.engagement,
        campagne=monde.precedente,
        etat=Etat.EVALUE,
        niveau=1,
    )
    with pytest.raises(PermissionDenied):
        services.reporter(monde.paris, monde.campagne, monde.users["lecteur"])
    creees = services.reporter(monde.paris, monde.campagne, monde.users["contributeur"])
    assert len(creees) == 1
    copie = creees[0]
    assert (copie.niveau, copie.reporte, copie.etat_publication) == (3, True, E.BROUILLON)
    assert [a.titre for a in copie.actions.all()] == ["Plan"]
    assert not Evaluation.objects.filter(collectivite=monde.lyon, campagne=monde.campagne).exists()
    # Twice is harmless: nothing already there is overwritten.
    assert services.reporter(monde.paris, monde.campagne, monde.users["contributeur"]) == []
