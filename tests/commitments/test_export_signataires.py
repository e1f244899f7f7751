"""The national export is built by a task for the user who asks, with their rights, checked again
at every request."""

import io
import re

import openpyxl
from django.test import override_settings
from django.urls import reverse
from django_tasks import default_task_backend

from commitments.signataires import exporter

PLUS_TARD = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
)


def exports():
    return [r for r in default_task_backend.results if r.task.module_path == exporter.module_path]


def adresse_suivante(reponse):
    [adresse] = re.findall(r'content="3; url=([^"]+)"', reponse.content.decode())
    return adresse.replace("&amp;", "&")


@PLUS_TARD
def test_the_export_waits_for_its_task_then_is_served_to_its_user_only(client, monde):
    url = reverse("commitments_export", args=["xlsx"]) + "?annee=2025"
    client.force_login(monde.users["analyste"])
    attente = client.get(url)
    assert attente.status_code == 202 and 'role="status"' in attente.content.decode()
    assert "Préparation du fichier…" in attente.content.decode()
    suivante = adresse_suivante(attente)
    assert "jeton=" in suivante and "annee=2025" in suivante
    assert client.get(url).status_code == 202  # a double click: the same build
    assert client.get(suivante).status_code == 202
    [resultat] = exports()
    assert resultat.kwargs["user_id"] == monde.users["analyste"].pk
    resultat.task.call(*resultat.args, **resultat.kwargs)
    fichier = client.get(suivante)
    assert fichier.status_code == 200 and "signataires-2025.xlsx" in fichier["Content-Disposition"]
    feuille = openpyxl.load_workbook(io.BytesIO(fichier.getvalue())).active
    assert [feuille.cell(row=r, column=1).value for r in (2, 3)] == ["Lyon", "Paris"]
    client.force_login(monde.users["contributeur"])  # the permission is checked every time
    assert client.get(suivante).status_code == 302  # Wagtail turns a refusal into a redirect
    client.force_login(monde.users["admin"])  # someone else's build is not theirs
    assert client.get(suivante).status_code == 202
    assert len(exports()) == 2
