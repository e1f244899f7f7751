"""Heavy outputs built by tasks: a request serves the stored file, or enqueues its build once and
waits on a page that asks again, or says in French that the build failed."""

import io

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.test import override_settings
from django_tasks import TaskResultStatus, default_task_backend

from manifeste.exports import files
from publication import cache as tableaux
from publication import report_pdf, tasks

PLUS_TARD = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
)
XLSX = "/donnees/collectivites.xlsx"
PDF = "/rapport/lyon-69123/2025.pdf"


def executer(resultat):
    """What a worker does with a waiting task."""
    return resultat.task.call(*resultat.args, **resultat.kwargs)


def assert_attente(reponse):
    assert reponse.status_code == 202
    html = reponse.content.decode()
    assert "<h1>Préparation du fichier…</h1>" in html
    assert 'role="status"' in html and 'aria-live="polite"' in html and "<progress" in html
    assert '<meta http-equiv="refresh" content="3; url=' in html
    assert "no-cache" in reponse["Cache-Control"] and "public" not in reponse["Cache-Control"]


def test_with_tasks_run_at_once_the_first_request_gets_the_file(client, territoires):
    reponse = client.get(XLSX)
    assert reponse.status_code == 200 and "public" in reponse["Cache-Control"]
    assert openpyxl.load_workbook(io.BytesIO(reponse.getvalue())).active["A1"].value
    assert default_storage.exists(files.nom("collectivites", None, "xlsx", files.version()))


@PLUS_TARD
@pytest.mark.parametrize("url", [XLSX, "/donnees/2025.zip", PDF])
def test_a_missing_file_is_built_once_while_visitors_wait(client, referentiel, territoires, url):
    assert_attente(client.get(url))
    assert_attente(client.get(url))  # a double click, another visitor: the same build
    [resultat] = default_task_backend.results
    executer(resultat)
    reponse = client.get(url)
    assert reponse.status_code == 200 and reponse.streaming
    assert reponse.getvalue()[:4] in (b"PK\x03\x04", b"%PDF")
    assert len(default_task_backend.results) == 1


@PLUS_TARD
def test_a_report_is_built_per_language(client, referentiel, territoires):
    client.get(PDF)
    client.get("/en" + PDF)
    assert sorted(r.kwargs["langue"] for r in default_task_backend.results) == ["en", "fr"]
    anglais = next(r for r in default_task_backend.results if r.kwargs["langue"] == "en")
    assert executer(anglais).endswith(".en.pdf")
    assert client.get("/en" + PDF).status_code == 200
    assert client.get(PDF).status_code == 202


def test_a_failed_build_says_so_in_french_and_the_next_request_tries_again(
    client, territoires, monkeypatch
):
    ecrire = files._ecrire

    def panne(*args):
        raise OSError("disque plein")

    monkeypatch.setattr(files, "_ecrire", panne)
    reponse = client.get(XLSX)
    assert reponse.status_code == 503
    html = reponse.content.decode()
    assert "Le fichier n'a pas pu être préparé" in html and 'role="alert"' in html
    assert "disque plein" not in html and "no-cache" in reponse["Cache-Control"]
    monkeypatch.setattr(files, "_ecrire", ecrire)
    assert client.get(XLSX).status_code == 200


@PLUS_TARD
def test_a_build_that_failed_in_a_worker_shows_the_error_once(client, territoires):
    client.get(XLSX)
    [resultat] = default_task_backend.results
    object.__setattr__(resultat, "status", TaskResultStatus.FAILED)
    assert client.get(XLSX).status_code == 503
    assert_attente(client.get(XLSX))  # « Réessayer »: a new build
    assert len(default_task_backend.results) == 2


@PLUS_TARD
def test_a_new_publication_needs_new_files_and_drops_the_old_reports(
    client, referentiel, territoires
):
    client.get(PDF)
    ancien = executer(default_task_backend.results[0])
    precedente, nouvelle = tableaux.nouvelle_publication()
    assert_attente(client.get(PDF))  # the stored one shows the former data
    executer(default_task_backend.results[1])
    tasks.construire_fichiers.call(precedente, nouvelle)
    assert default_storage.exists(ancien)  # a download under way may still read it
    tableaux.nouvelle_publication()
    tasks.construire_fichiers.call(nouvelle, tableaux.version())
    assert not default_storage.exists(ancien)
    assert report_pdf.nom("lyon-69123", 2025, "fr", tableaux.version()) != ancien


@PLUS_TARD
def test_the_waiting_page_speaks_the_visitors_language(client, referentiel, territoires):
    html = client.get("/en" + PDF).content.decode()
    assert "<h1>Preparing the file…</h1>" in html and 'lang="en"' in html
    assert "This page reloads every 3 seconds" in html
