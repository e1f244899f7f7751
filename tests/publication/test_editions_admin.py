"""The national administrator freezes an edition from the admin: once, by a task, confirmed."""

import pytest
from django.test import override_settings

from acces.roles import RoleNational
from commitments.invitations import donner_acces_admin
from commitments.models import Campagne, ProfilNational
from publication.models import Edition
from tests.publication.test_editions import _close

pytestmark = pytest.mark.django_db
EDITIONS = "/admin/editions/"
EN_BASE = override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})


@pytest.fixture
def national(demo, client, django_user_model):
    def connecter(role):
        user = django_user_model.objects.create_user(f"national-{role}", password="pw")
        donner_acces_admin(user)
        ProfilNational.objects.create(user=user, role=role)
        client.force_login(user)
        return client

    return connecter


def _figer(client, annee, **donnees):
    return client.post(f"{EDITIONS}{annee}/figer/", {"confirmer": "1", **donnees}, follow=True)


def _messages(reponse):
    return [str(m) for m in reponse.context["messages"]]


def test_only_the_national_administrator_sees_and_freezes_editions(national):
    analyste = national(RoleNational.ANALYSTE)
    # Wagtail turns a refusal into a redirect to the admin's home, with its message.
    assert analyste.get(EDITIONS).url == "/admin/"
    assert analyste.post(f"{EDITIONS}{_close()}/figer/", {"confirmer": "1"}).url == "/admin/"
    menu = '"url": "/admin/editions/"'  # the sidebar's props
    assert menu not in analyste.get("/admin/").content.decode()
    admin = national(RoleNational.ADMINISTRATEUR)
    assert menu in admin.get("/admin/").content.decode()
    assert not Edition.objects.exists()


def test_freezing_is_confirmed_refused_in_french_then_done_once(national):
    admin = national(RoleNational.ADMINISTRATEUR)
    annee = _close()
    page = admin.get(EDITIONS).content.decode()
    assert f"Figer l'édition {annee}" in page and "Ouverte jusqu'au" in page
    ouverte = Campagne.objects.latest("annee").annee
    assert f"Figer l'édition {ouverte}" not in page  # its campaign is open: said instead
    assert f"La campagne {ouverte} est ouverte" in page
    assert _messages(admin.post(f"{EDITIONS}{annee}/figer/", follow=True)) == [
        f"Cochez la confirmation pour figer l'édition {annee}."
    ]
    assert _messages(_figer(admin, ouverte))[0].startswith(f"La campagne {ouverte} est ouverte")
    assert not Edition.objects.exists()
    assert _messages(_figer(admin, annee)) == [f"Édition {annee} figée."]
    edition = Edition.objects.get()
    assert edition.figee_par == "national-administrateur" and edition.sha256
    assert _messages(_figer(admin, annee)) == [f"L'édition {annee} est déjà figée."]
    page = admin.get(EDITIONS).content.decode()
    assert edition.sha256 in page and f"/donnees/editions/{annee}.zip" in page
    assert Edition.objects.count() == 1


def test_a_freeze_waiting_for_its_worker_is_shown_and_asked_once(national):
    from django_tasks_db.models import DBTaskResult

    admin = national(RoleNational.ADMINISTRATEUR)
    annee = _close()
    with EN_BASE:
        assert _messages(_figer(admin, annee)) == [
            f"Figement de l'édition {annee} lancé : cette page le suit."
        ]
        _figer(admin, annee)  # a double click
        page = admin.get(EDITIONS).content.decode()
        assert "Figement en cours" in page and 'http-equiv="refresh"' in page
        assert f"Figer l'édition {annee}" not in page
        assert DBTaskResult.objects.filter(task_path__endswith="figer_edition").count() == 1
    assert not Edition.objects.exists()  # no worker ran it
