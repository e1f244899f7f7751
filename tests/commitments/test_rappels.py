"""Reminders before closing: to members of late collectivities, each one sent once."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from commitments.models import Evaluation, Rappel
from manifeste.maturite import Etat
from manifeste.models import Engagement


@pytest.fixture
def rappeler(django_capture_on_commit_callbacks):
    """The command, then the messages it enqueued once each reminder's record committed."""

    def rappeler(jour, delays="30,7,1"):
        sortie = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", delays=delays, date=jour.isoformat(), stdout=sortie)
        return sortie.getvalue()

    return rappeler


def test_rappel_envoye_une_seule_fois_par_delai(monde, rappeler):
    cloture = monde.campagne.date_cloture
    rappeler(cloture - timedelta(days=7))
    destinataires = sorted(m.to[0] for m in mail.outbox)
    # Every member of Paris and of Lyon (neither has finished).
    assert destinataires == sorted(
        f"{u}@example.org" for u in ("lecteur", "contributeur", "validateur", "contrib-lyon")
    )
    rappeler(cloture - timedelta(days=7))
    rappeler(cloture - timedelta(days=5))  # still the "7 days" reminder: already sent
    assert len(mail.outbox) == 4
    assert Rappel.objects.filter(delai=7).count() == 4
    rappeler(cloture - timedelta(days=1))
    assert len(mail.outbox) == 8


def test_pas_de_rappel_hors_des_delais(monde, rappeler):
    rappeler(monde.campagne.date_cloture - timedelta(days=31))
    rappeler(monde.campagne.date_cloture + timedelta(days=1))
    assert mail.outbox == []


def test_une_collectivite_qui_a_tout_soumis_n_est_pas_relancee(monde, rappeler):
    for engagement in Engagement.objects.courants():
        Evaluation.objects.create(
            collectivite=monde.paris,
            engagement=engagement,
            campagne=monde.campagne,
            etat=Etat.EVALUE,
            niveau=1,
            etat_publication="soumis",
        )
    rappeler(monde.campagne.date_cloture - timedelta(days=1))
    assert [m.to[0] for m in mail.outbox] == ["contrib-lyon@example.org"]


def test_delais_invalides(db):
    with pytest.raises(CommandError, match="entiers"):
        call_command("send_reminders", delays="trente", stdout=io.StringIO())
