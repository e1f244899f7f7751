import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.test import Client

from acces.roles import Role
from commitments.models import Membre
from ecosysteme.models import Acteur, TypeActeur

from .helpers import SIRET_VALIDE, coll, creer_acteur

URL = "/annuaire/proposer/"


@pytest.fixture(autouse=True)
def cache_vide():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def proposition(referentiel, territoires, annuaire):
    return {
        "nom": "Répar'Ordi",
        "type": TypeActeur.RECONDITIONNEUR,
        "description": "Atelier de réparation.",
        "siret": "841 234 567 00011",
        "adresse": "3 rue de la Paix",
        "commune_saisie": "01004",
        "etendue": "departement",
        "engagements": [],
        "courriel_proposant": "moi@example.org",
        "publie": "on",  # must be ignored
    }


def test_a_suggestion_creates_an_unpublished_actor(client, proposition):
    response = client.post(URL, proposition)
    assert response.status_code == 302
    assert response["Location"] == "/annuaire/proposer/merci/"
    acteur = Acteur.objects.get()
    assert not acteur.publie
    assert acteur.siret == SIRET_VALIDE
    assert acteur.commune == coll("commune", "01004")
    assert list(acteur.zone.all()) == [coll("departement", "01")]
    assert client.get(f"/annuaire/acteur/{acteur.slug}/").status_code == 404


def test_suggestion_keeps_the_engagements(client, proposition):
    from manifeste.models import Engagement

    a2e3 = Engagement.objects.courants().get(code="A2E3")
    client.post(URL, {**proposition, "engagements": [a2e3.pk]})
    assert list(Acteur.objects.get().engagements.values_list("code", flat=True)) == ["A2E3"]


@pytest.mark.parametrize(
    ("champ", "valeur", "message"),
    [
        ("siret", "84123456700012", "clé de contrôle"),
        ("commune_saisie", "Atlantide", "Aucune commune"),
        ("commune_saisie", "01", "Aucune commune"),
        ("nom", "", "requis"),
        ("courriel_proposant", "", "requis"),
        ("courriel_proposant", "pas-un-courriel", "courriel valide"),
    ],
)
def test_invalid_suggestion_is_refused(client, proposition, champ, valeur, message):
    response = client.post(URL, {**proposition, champ: valeur})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[champ])
    assert not Acteur.objects.exists()


def test_etendue_missing_at_that_level(client, proposition, territoires):
    # Paris (commune) has an EPCI, but the check must hold for a commune without one.
    from manifeste.models import Collectivite

    Collectivite.objects.filter(code_insee="01004").update(epci=None)
    response = client.post(URL, {**proposition, "etendue": "epci"})
    assert "etendue" in response.context["form"].errors
    assert not Acteur.objects.exists()


def test_honeypot_pretends_success_and_creates_nothing(client, proposition):
    response = client.post(URL, {**proposition, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not Acteur.objects.exists()


def test_rate_limit_per_ip(client, proposition):
    for n in range(5):
        assert client.post(URL, {**proposition, "nom": f"Acteur {n}"}).status_code == 302
    response = client.post(URL, {**proposition, "nom": "Un de trop"})
    assert response.status_code == 429
    assert Acteur.objects.count() == 5
    autre_ip = client.post(URL, {**proposition, "nom": "Autre"}, REMOTE_ADDR="10.0.0.9")
    assert autre_ip.status_code == 302
    assert Acteur.objects.count() == 6


def test_suggestion_form_requires_csrf(proposition):
    client = Client(enforce_csrf_checks=True)
    assert client.post(URL, proposition).status_code == 403
    page = client.get(URL)
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    assert 'name="website"' in page.content.decode()


@pytest.fixture
def suggestion(referentiel, territoires, annuaire):
    lyon = coll("commune", "69123")
    return creer_acteur("Suggéré", TypeActeur.RECYCLEUR, lyon, [lyon], publie=False)


def validateur_de(django_user_model, code, role=Role.VALIDATEUR):
    """A member of a commune, with access to the Wagtail admin (as every member is given)."""
    user = django_user_model.objects.create_user(f"{role}-{code}", password="pw")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    Membre.objects.create(user=user, collectivite=coll("commune", code), role=role)
    return user


def test_validator_of_the_territory_publishes(client, django_user_model, suggestion):
    client.force_login(validateur_de(django_user_model, "69123"))
    listing = client.get("/admin/annuaire/suggestions/")
    assert "Suggéré" in listing.content.decode()
    response = client.post(f"/admin/annuaire/acteurs/{suggestion.pk}/publier/")
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.publie
    assert client.get("/annuaire/acteur/suggere/").status_code == 200


@pytest.mark.parametrize(
    ("code", "role"), [("75056", Role.VALIDATEUR), ("69123", Role.CONTRIBUTEUR)]
)
def test_others_cannot_publish(client, django_user_model, suggestion, code, role):
    client.force_login(validateur_de(django_user_model, code, role))
    assert "Suggéré" not in client.get("/admin/annuaire/suggestions/").content.decode()
    response = client.post(f"/admin/annuaire/acteurs/{suggestion.pk}/publier/")
    # Wagtail's admin turns PermissionDenied into a redirect to its home with a message.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    suggestion.refresh_from_db()
    assert not suggestion.publie


def test_national_admin_publishes_and_rejects(client, admin_user, suggestion):
    client.force_login(admin_user)
    autre = creer_acteur("Spam", TypeActeur.AUTRE, coll("commune", "75056"), [], publie=False)
    client.post(f"/admin/annuaire/acteurs/{suggestion.pk}/publier/")
    client.post(f"/admin/annuaire/acteurs/{autre.pk}/rejeter/")
    suggestion.refresh_from_db()
    assert suggestion.publie
    assert not Acteur.objects.filter(pk=autre.pk).exists()


def test_publish_requires_post(client, admin_user, suggestion):
    client.force_login(admin_user)
    assert client.get(f"/admin/annuaire/acteurs/{suggestion.pk}/publier/").status_code == 405


def test_admin_edit_form_cannot_publish(client, admin_user, suggestion):
    """Publishing goes through the approval screen only: the edit form has no such field."""
    client.force_login(admin_user)
    url = f"/admin/snippets/ecosysteme/acteur/edit/{suggestion.pk}/"
    form = client.get(url).context["form"]
    assert "publie" not in form.fields
    zone = coll("region", "84")
    data = {
        "nom": "Suggéré et corrigé",
        "type": TypeActeur.RECYCLEUR,
        "commune": suggestion.commune_id,
        "publie": "on",
        "zones_desservies-TOTAL_FORMS": 1,
        "zones_desservies-INITIAL_FORMS": 0,
        "zones_desservies-MIN_NUM_FORMS": 0,
        "zones_desservies-MAX_NUM_FORMS": 1000,
        "zones_desservies-0-collectivite": zone.pk,
        "zones_desservies-0-ORDER": 1,
    }
    assert client.post(url, data).status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.nom == "Suggéré et corrigé"
    assert not suggestion.publie
    assert zone in suggestion.zone.all()
