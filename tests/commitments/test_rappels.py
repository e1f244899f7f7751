"""Reminders before closing: to members of late collectivities, each one sent once."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from commitments.models import Evaluation, Rappel
from manifeste.maturite import Etat
from manifeste.models import Engagement


def rappeler(jour, delays="30,7,1"):
    call_command("send_reminders", delays=delays, date=jour.isoformat(), stdout=io.StringIO())


def test_rappel_envoye_une_seule_fois_par_delai(monde):
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


def test_pas_de_rappel_hors_des_delais(monde):
    rappeler(monde.campagne.date_cloture - timedelta(days=31))
    rappeler(monde.campagne.date_cloture + timedelta(days=1))
    assert mail.outbox == []


def test_une_collectivite_qui_a_tout_soumis_n_est_pas_relancee(monde):
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
