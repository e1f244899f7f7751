"""The demo seed: signatories, members of each role, assessments in every state; idempotent."""

import io

from django.core.management import call_command

from commitments.models import (
    Campagne,
    Evaluation,
    Membre,
    ProfilNational,
    Signature,
    TransitionEvaluation,
)
from commitments.workflow import EtatPublication


def test_seed_demo(demo, client):
    assert Signature.objects.count() >= 3
    assert set(Membre.objects.values_list("role", flat=True)) == {
        "lecteur",
        "contributeur",
        "validateur",
    }
    assert ProfilNational.objects.count() == 2
    assert Campagne.objects.count() >= 2  # the indicators demo may add years
    etats = set(Evaluation.objects.values_list("etat_publication", flat=True))
    assert etats == set(EtatPublication.values)
    assert TransitionEvaluation.objects.exists()
    avant = (
        Evaluation.objects.count(),
        Membre.objects.count(),
        TransitionEvaluation.objects.count(),
    )
    call_command("seed_demo", stdout=io.StringIO())
    apres = (
        Evaluation.objects.count(),
        Membre.objects.count(),
        TransitionEvaluation.objects.count(),
    )
    assert avant == apres
    # A demo contributor logs in with the demo password and reaches the workspace.
    from manifeste.demo import ADMIN_PASSWORD

    assert client.login(username="contrib-paris", password=ADMIN_PASSWORD)
    page = client.get("/admin/mes-collectivites/")
    assert page.status_code == 200
    assert "Paris" in page.content.decode()
