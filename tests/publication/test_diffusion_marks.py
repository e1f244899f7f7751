"""What a publication asks the diffusion to compute: marks, then the plan drawn from them."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from commitments.workflow import EtatPublication
from publication import diffusion, tasks
from publication.models import DECLARANTES, TOUS, AFaire, Chiffre


def test_a_mark_asks_for_its_year_and_the_count_of_any_year():
    travail = diffusion.plan([("A1E1", 2025, 7), ("A1E2-01", 2025, 8)])
    assert travail == {
        2025: ({"A1E1", "A1E2-01", DECLARANTES}, {7, 8}),
        0: ({DECLARANTES}, {7, 8}),
    }


def test_too_many_collectivities_or_all_of_them_recompute_every_group():
    nombreuses = [("A1E1", 2025, i) for i in range(1, diffusion.PLAFOND + 2)]
    assert diffusion.plan(nombreuses)[2025][1] is None
    assert diffusion.plan([("A1E1", 2025, 0)])[2025][1] is None


@pytest.mark.django_db
def test_every_subject_and_year_when_everything_is_asked(monde):
    travail = diffusion.plan([(TOUS, 0, 0)])
    assert monde.campagne.annee in travail
    sujets, garder = travail[monde.campagne.annee]
    assert monde.engagement.code in sujets and DECLARANTES in sujets and garder is None


@pytest.mark.django_db
def test_only_a_published_assessment_marks_its_engagement_and_year(evaluation_paris):
    AFaire.objects.all().delete()
    evaluation_paris.save()  # a draft: nothing public changes
    assert not AFaire.objects.exists()
    evaluation_paris.etat_publication = EtatPublication.PUBLIE
    evaluation_paris.save()
    marque = AFaire.objects.get()
    assert (marque.sujet, marque.annee, marque.collectivite_id) == (
        evaluation_paris.engagement.code,
        evaluation_paris.campagne.annee,
        evaluation_paris.collectivite_id,
    )


@pytest.mark.django_db
def test_the_marks_become_the_groups_of_the_collectivity(evaluation_paris):
    evaluation_paris.etat_publication = EtatPublication.PUBLIE
    evaluation_paris.save()
    diffusion.calculer_a_faire()
    assert not AFaire.objects.exists()
    national = Chiffre.objects.get(
        sujet=evaluation_paris.engagement.code,
        annee=evaluation_paris.campagne.annee,
        type="",
        taille="",
        region="",
        departement="",
        epci="",
    )
    assert (national.n, national.niveaux["2"], national.valeur) == (1, 1, 2.0)
    assert tasks.etat() == {"en_cours": False, "mis_a_jour": national.calcule_le}
    # Withdrawn: its groups have no figure any more, so no row.
    evaluation_paris.etat_publication = EtatPublication.BROUILLON
    evaluation_paris.save()
    assert tasks.etat()["en_cours"]
    diffusion.calculer_a_faire()
    assert not Chiffre.objects.filter(sujet=evaluation_paris.engagement.code).exists()


def _national(evaluation):
    return Chiffre.objects.filter(
        sujet=evaluation.engagement.code,
        annee=evaluation.campagne.annee,
        **dict.fromkeys(("type", "taille", "region", "departement", "epci"), ""),
    )


@pytest.mark.django_db
def test_the_marks_of_a_worker_killed_midway_are_taken_again_later(evaluation_paris):
    evaluation_paris.etat_publication = EtatPublication.PUBLIE
    evaluation_paris.save()
    prises, marques = diffusion._prendre_marques()  # then the worker dies
    assert marques and AFaire.objects.filter(pris_le=prises).count() == len(marques)
    assert diffusion.calculer_a_faire() == 0  # another worker: they are not its to take yet
    assert tasks.etat()["en_cours"] and not _national(evaluation_paris).exists()
    AFaire.objects.update(pris_le=prises - diffusion.DUREE_MAX - datetime.timedelta(seconds=1))
    assert diffusion.calculer_a_faire() > 0
    assert _national(evaluation_paris).get().n == 1 and not AFaire.objects.exists()


@pytest.mark.django_db
def test_a_publication_during_a_computation_waits_for_the_next_run(evaluation_paris, monkeypatch):
    evaluation_paris.etat_publication = EtatPublication.PUBLIE
    evaluation_paris.save()
    calculer = diffusion.calculer_annee

    def puis_une_correction(annee, *args):
        frames = calculer(annee, *args)  # read before the correction commits
        if annee == evaluation_paris.campagne.annee:
            diffusion.marquer(
                evaluation_paris.engagement.code, annee, evaluation_paris.collectivite_id
            )
        return frames

    monkeypatch.setattr(diffusion, "calculer_annee", puis_une_correction)
    diffusion.calculer_a_faire()
    [restee] = AFaire.objects.all()  # its mark is free again, not deleted with the others
    assert restee.pris_le is None and restee.collectivite_id == evaluation_paris.collectivite_id


@pytest.mark.django_db
def test_a_failed_computation_frees_its_marks_for_the_retry(evaluation_paris, monkeypatch):
    evaluation_paris.etat_publication = EtatPublication.PUBLIE
    evaluation_paris.save()
    monkeypatch.setattr(diffusion, "calculer_annee", lambda *a: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        diffusion.calculer_a_faire()
    assert AFaire.objects.exists() and not AFaire.objects.exclude(pris_le=None).exists()


EN_BASE = override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})


@pytest.mark.django_db
def test_the_state_of_the_diffusion_is_asked_without_cache(client, evaluation_paris):
    diffusion.calculer_a_faire()
    evaluation_paris.etat_publication = EtatPublication.PUBLIE
    evaluation_paris.save()
    reponse = client.get("/donnees/diffusion.json")
    assert "no-cache" in reponse["Cache-Control"] and reponse.json()["en_cours"] is True
    diffusion.calculer_a_faire()
    etat = client.get("/donnees/diffusion.json").json()
    dernier = Chiffre.objects.latest("calcule_le").calcule_le
    assert etat == {"en_cours": False, "mis_a_jour": dernier.isoformat()}


@pytest.mark.django_db
def test_a_waiting_or_running_task_is_a_diffusion_under_way_until_its_worker_is_long_dead():
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    with EN_BASE:
        tasks.diffuser.enqueue()
        assert tasks.etat()["en_cours"]  # waits for a worker
        tache = DBTaskResult.objects.get()
        tache.status, tache.started_at = TaskResultStatus.RUNNING, timezone.now()
        tache.save()
        assert tasks.etat()["en_cours"]  # took the marks and computes
        tache.started_at -= diffusion.DUREE_MAX + datetime.timedelta(seconds=1)
        tache.save()
        assert not tasks.etat()["en_cours"]  # its worker died: nothing is coming


@pytest.mark.django_db
def test_the_admin_shows_the_state_of_the_diffusion_on_every_page(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert 'src="/static/js/diffusion.js"' in html and 'data-url="/donnees/diffusion.json"' in html
    assert "Publication en cours de diffusion sur les pages publiques…" in html


@pytest.mark.django_db
def test_a_whole_computation_gives_the_planner_the_tables_statistics(evaluation_paris, monkeypatch):
    diffusion.calculer_a_faire()
    analyses = []
    monkeypatch.setattr(diffusion, "rafraichir_statistiques", analyses.append)
    evaluation_paris.etat_publication = EtatPublication.PUBLIE
    evaluation_paris.save()
    diffusion.calculer_a_faire()  # one collectivity's groups: the statistics still hold
    assert analyses == []
    diffusion.tout_marquer()
    diffusion.calculer_a_faire()
    assert analyses == [Chiffre]
