"""Every admin export waits for its task, then is served to the user who asked for it."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django_tasks import default_task_backend

EXPORTS = {
    "signataires": lambda m: reverse("commitments_export", args=["xlsx"]),
    "annuaire": lambda m: reverse("ecosysteme_export", args=["xlsx"]),
    "valeurs": lambda m: reverse("indicateurs_export", args=[m.paris.pk]) + "?format=xlsx",
}


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
@pytest.mark.parametrize("export", EXPORTS)
def test_an_admin_export_is_built_by_one_task(client, monde, export):
    client.force_login(monde.users["admin"])
    attente = client.get(EXPORTS[export](monde))
    assert attente.status_code == 202 and "no-cache" in attente["Cache-Control"]
    [suivante] = re.findall(r'content="3; url=([^"]+)"', attente.content.decode())
    suivante = suivante.replace("&amp;", "&")
    assert client.get(suivante).status_code == 202
    [resultat] = default_task_backend.results
    resultat.task.call(*resultat.args, **resultat.kwargs)
    fichier = client.get(suivante)
    assert fichier.status_code == 200 and fichier.getvalue()[:2] == b"PK"
