"""Fixtures of the commitments tests: two signatories, an open campaign, a user per role."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from acces.roles import Role, RoleNational
from commitments.invitations import donner_acces_admin
from commitments.models import Campagne, Evaluation, Membre, ProfilNational, Signature
from manifeste.maturite import Etat
from manifeste.models import Collectivite, Engagement


@pytest.fixture
def monde(db, referentiel, territoires, django_user_model):
    today = timezone.localdate()
    paris = Collectivite.objects.par_identifiant("75056", "commune").get()
    lyon = Collectivite.objects.par_identifiant("69123", "commune").get()
    for c in (paris, lyon):
        Signature.objects.create(collectivite=c, date_signature=today - timedelta(days=400))
    campagne = Campagne.objects.create(
        annee=today.year - 1,
        date_ouverture=today - timedelta(days=10),
        date_cloture=today + timedelta(days=30),
    )
    precedente = Campagne.objects.create(
        annee=today.year - 2,
        date_ouverture=today - timedelta(days=400),
        date_cloture=today - timedelta(days=300),
    )

    def user(username, collectivite=None, role=None, national=None):
        u = django_user_model.objects.create_user(
            username, f"{username}@example.org", "pw", is_active=True
        )
        donner_acces_admin(u)
        if collectivite:
            Membre.objects.create(user=u, collectivite=collectivite, role=role)
        if national:
            ProfilNational.objects.create(user=u, role=national)
        return u

    return SimpleNamespace(
        paris=paris,
        lyon=lyon,
        campagne=campagne,
        precedente=precedente,
        engagement=Engagement.objects.courants().get(code="A1E1"),
        users={
            "lecteur": user("lecteur", paris, Role.LECTEUR),
            "contributeur": user("contributeur", paris, Role.CONTRIBUTEUR),
            "validateur": user("validateur", paris, Role.VALIDATEUR),
            "analyste": user("analyste", national=RoleNational.ANALYSTE),
            "admin": user("admin-national", national=RoleNational.ADMINISTRATEUR),
            "autre": user("contrib-lyon", lyon, Role.VALIDATEUR),
        },
    )


@pytest.fixture
def evaluation_paris(monde):
    return Evaluation.objects.create(
        collectivite=monde.paris,
        engagement=monde.engagement,
        campagne=monde.campagne,
        etat=Etat.EVALUE,
        niveau=2,
        narratif="<p>Fait.</p>",
    )


@pytest.fixture
def evaluation_lyon(monde):
    return Evaluation.objects.create(
        collectivite=monde.lyon,
        engagement=monde.engagement,
        campagne=monde.campagne,
        etat=Etat.EVALUE,
        niveau=3,
        narratif="<p>Secret de Lyon.</p>",
    )
