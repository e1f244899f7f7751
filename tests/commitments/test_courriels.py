"""E-mails go by a task, one per message, enqueued with the write that causes them."""

import io
import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django_tasks import default_task_backend
from django_tasks_db.models import DBTaskResult

from commitments import invitations
from commitments.models import Invitation, Rappel
from manifeste import courriels, reprises

PLUS_TARD = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
)
EN_BASE = override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})


class Annulee(Exception):
    pass


def envois():
    """The messages waiting for a worker (a write may enqueue other tasks: a publication)."""
    return [
        r
        for r in default_task_backend.results
        if r.task.module_path == courriels.envoyer.module_path
    ]


def inviter(monde, email="nouvelle@example.org"):
    return invitations.inviter(monde.users["validateur"], monde.paris, email, "contributeur")


@PLUS_TARD
def test_an_invitation_is_sent_by_its_own_task(monde, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inviter(monde)
        inviter(monde, "autre@example.org")
    assert mail.outbox == []  # nothing sent by the request itself
    premier, _second = envois()
    premier.task.call(*premier.args, **premier.kwargs)
    assert [m.to for m in mail.outbox] == [["nouvelle@example.org"]]
    assert "Invitation : Paris" in mail.outbox[0].subject


def test_a_rolled_back_invitation_sends_nothing(monde, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks(execute=True)
    with capture, pytest.raises(Annulee), transaction.atomic():
        inviter(monde)
        raise Annulee
    assert mail.outbox == [] and not Invitation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        inviter(monde)
    assert [m.to for m in mail.outbox] == [["nouvelle@example.org"]]


@EN_BASE
def test_with_the_database_backend_the_task_commits_with_the_write(monde):
    with pytest.raises(Annulee), transaction.atomic():
        inviter(monde)
        raise Annulee
    assert not DBTaskResult.objects.exists()
    inviter(monde)
    [ligne] = DBTaskResult.objects.ready().filter(task_path=courriels.envoyer.module_path)
    assert ligne.args_kwargs["args"][2] == ["nouvelle@example.org"]
    assert mail.outbox == []  # a worker sends it


@PLUS_TARD
def test_a_failed_message_is_tried_again_later(monkeypatch):
    def panne(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("serveur injoignable")

    monkeypatch.setattr(courriels, "send_mail", panne)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        courriels.envoyer.call("Sujet", "Texte", ["a@example.org"])
    [nouvel_essai] = envois()
    assert nouvel_essai.kwargs == {"essai": 1} and nouvel_essai.task.run_after is not None
    with pytest.raises(smtplib.SMTPServerDisconnected):
        courriels.envoyer.call("Sujet", "Texte", ["a@example.org"], essai=reprises.ESSAIS - 1)
    assert len(envois()) == 1  # the last try gives up


def test_a_mail_server_down_does_not_stop_the_reminders(
    monde, monkeypatch, django_capture_on_commit_callbacks
):
    def panne(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("serveur injoignable")

    monkeypatch.setattr(courriels, "send_mail", panne)
    sortie = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        jour = monde.campagne.date_cloture - timedelta(days=7)
        call_command("send_reminders", date=jour.isoformat(), stdout=sortie)
    assert "4 rappel(s) envoyé(s)." in sortie.getvalue()
    assert sortie.getvalue().count("(J-7)") == 4 and Rappel.objects.count() == 4
