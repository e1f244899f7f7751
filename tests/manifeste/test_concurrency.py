"""Optimistic concurrency on the edit forms (assessment, catalogue, actor): a stale form never
overwrites a newer edit; a field typed over a changed value is a conflict shown beside the
stored value; a field absent from the POST is never written."""

import json

import pytest

from commitments.forms import EvaluationForm
from commitments.models import Evaluation
from ecosysteme.models import Acteur
from indicators.models import Indicateur
from manifeste.concurrency import CHAMP
from tests.commitments_helpers import narratif, url_evaluation
from tests.formulaires_helpers import donnees_formulaire


# --- the rule, on the assessment's form without HTTP ---------------------------------------------
def _lu(evaluation):
    """The form as it was read now: its POST data."""
    form = EvaluationForm(instance=Evaluation.objects.get(pk=evaluation.pk))
    return {
        "reponse": form["reponse"].value(),
        "justification": form["justification"].value(),
        "narratif": form.fields["narratif"].widget.format_value(form["narratif"].value()),
        CHAMP: form[CHAMP].value(),
    }


def _envoyer(evaluation, donnees):
    form = EvaluationForm(donnees, instance=Evaluation.objects.get(pk=evaluation.pk))
    if form.is_valid():
        form.save()
    return form


def test_an_untouched_field_keeps_what_someone_else_stored(evaluation_paris):
    lu = _lu(evaluation_paris)
    Evaluation.objects.filter(pk=evaluation_paris.pk).update(niveau=3)  # someone else
    form = _envoyer(evaluation_paris, {**lu, "narratif": narratif("<p>Mon ajout.</p>")})
    assert form.is_valid(), form.errors
    evaluation_paris.refresh_from_db()
    assert evaluation_paris.niveau == 3 and "Mon ajout." in evaluation_paris.narratif


def test_a_field_typed_over_a_newer_value_is_a_conflict_then_kept_when_sent_again(
    evaluation_paris,
):
    lu = _lu(evaluation_paris)
    Evaluation.objects.filter(pk=evaluation_paris.pk).update(niveau=3)
    form = _envoyer(evaluation_paris, {**lu, "reponse": "4"})
    assert not form.is_valid()
    assert "la valeur enregistrée est « 3 »" in form.errors["reponse"][0]
    evaluation_paris.refresh_from_db()
    assert evaluation_paris.niveau == 3  # nothing saved
    # The re-rendered form carries today's reading: sending it again keeps the typed value.
    relu = form[CHAMP].value()
    assert json.loads(relu)["reponse"] == "3"
    assert _envoyer(evaluation_paris, {**lu, "reponse": "4", CHAMP: relu}).is_valid()
    evaluation_paris.refresh_from_db()
    assert evaluation_paris.niveau == 4


def test_the_same_value_typed_by_both_is_no_conflict(evaluation_paris):
    lu = _lu(evaluation_paris)
    Evaluation.objects.filter(pk=evaluation_paris.pk).update(niveau=3)
    assert _envoyer(evaluation_paris, {**lu, "reponse": "3"}).is_valid()


def test_a_merge_is_checked_as_a_whole(evaluation_paris):
    """Someone set « non concerné » with its reason; this stale form only typed a level: the
    answer is one choice, so it is a conflict, and nothing is saved."""
    lu = _lu(evaluation_paris)
    Evaluation.objects.filter(pk=evaluation_paris.pk).update(
        etat="non_concerne", niveau=None, justification="Compétence de l'EPCI."
    )
    form = _envoyer(evaluation_paris, {**lu, "reponse": "4"})
    assert not form.is_valid()
    evaluation_paris.refresh_from_db()
    assert (evaluation_paris.etat, evaluation_paris.niveau) == ("non_concerne", None)


def test_a_field_absent_from_the_post_is_never_written(evaluation_paris):
    Evaluation.objects.filter(pk=evaluation_paris.pk).update(justification="Gardée.")
    lu = _lu(evaluation_paris)
    del lu["justification"]
    assert _envoyer(evaluation_paris, {**lu, "reponse": "1"}).is_valid()
    evaluation_paris.refresh_from_db()
    assert (evaluation_paris.niveau, evaluation_paris.justification) == (1, "Gardée.")


# --- through the pages ---------------------------------------------------------------------------
def test_the_assessment_page_shows_the_conflict_and_saves_nothing(client, monde, evaluation_paris):
    client.force_login(monde.users["contributeur"])
    url = url_evaluation(monde, monde.paris)
    donnees = donnees_formulaire(client.get(url).content.decode())
    Evaluation.objects.filter(pk=evaluation_paris.pk).update(niveau=3)
    reponse = client.post(url, {**donnees, "reponse": "4", "vers": "soumis"})
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert "la valeur enregistrée est « 3 »" in html and "Vos saisies sont conservées" in html
    evaluation_paris.refresh_from_db()
    assert (evaluation_paris.niveau, evaluation_paris.etat_publication) == (3, "brouillon")
    # Sent again from the page as re-rendered: saved with the transition.
    assert client.post(url, {**donnees_formulaire(html), "vers": "soumis"}).status_code == 302
    evaluation_paris.refresh_from_db()
    assert (evaluation_paris.niveau, evaluation_paris.etat_publication) == (4, "soumis")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_the_catalogue_form_merges_and_refuses_a_stale_overwrite(admin_client, catalogue):
    indicateur = Indicateur.objects.get(code="A2E3-01")
    url = f"/admin/snippets/indicators/indicateur/edit/{indicateur.pk}/"
    donnees = donnees_formulaire(admin_client.get(url).content.decode())
    Indicateur.objects.filter(pk=indicateur.pk).update(nom_en="Renamed by a colleague")

    admin_client.post(url, {**donnees, "unite": "% (pièces)"})
    indicateur.refresh_from_db()
    assert (indicateur.unite, indicateur.nom_en) == ("% (pièces)", "Renamed by a colleague")

    donnees = donnees_formulaire(admin_client.get(url).content.decode())
    Indicateur.objects.filter(pk=indicateur.pk).update(nom_fr="Renommé par un collègue")
    reponse = admin_client.post(url, {**donnees, "nom_fr": "Mon nom"})
    assert reponse.status_code == 200
    assert "la valeur enregistrée est « Renommé par un collègue »" in reponse.content.decode()
    indicateur.refresh_from_db()
    assert indicateur.nom_fr == "Renommé par un collègue"


def test_the_actor_form_refuses_a_stale_overwrite(admin_client, demo):
    acteur = Acteur.objects.order_by("pk").first()
    url = f"/admin/snippets/ecosysteme/acteur/edit/{acteur.pk}/"
    donnees = donnees_formulaire(admin_client.get(url).content.decode())
    Acteur.objects.filter(pk=acteur.pk).update(description="Écrite par un collègue.")
    reponse = admin_client.post(url, {**donnees, "description": "La mienne."})
    assert reponse.status_code == 200
    assert "la valeur enregistrée est « Écrite par un collègue. »" in reponse.content.decode()
    acteur.refresh_from_db()
    assert acteur.description == "Écrite par un collègue."
    # An unrelated edit over the colleague's one goes through and keeps it.
    donnees = donnees_formulaire(admin_client.get(url).content.decode())
    Acteur.objects.filter(pk=acteur.pk).update(siret="")
    assert admin_client.post(url, {**donnees, "nom": acteur.nom + " (2)"}).status_code == 302
    acteur.refresh_from_db()
    assert acteur.nom.endswith(" (2)") and acteur.description == "Écrite par un collègue."
