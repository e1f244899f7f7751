"""Personal API tokens (Wagtail's APIToken): who a request speaks for, revocation, admin screens."""

import re

import pytest
from wagtail.models import APIToken

from commitments.models import Membre
from manifeste.models import Collectivite

MOI = "/api/v1/compte/moi"


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def agent(django_user_model, territoires):
    user = django_user_model.objects.create_user("agent", "agent@example.org", "pw")
    lyon = Collectivite.objects.get(type="commune", code_insee="69123")
    Membre.objects.create(user=user, collectivite=lyon, role="contributeur")
    return user


@pytest.fixture
def jeton(agent):
    _, plaintext = APIToken.create_token(user=agent, name="Script tableur")
    return plaintext


def test_valid_token_resolves_its_owner_and_memberships(client, agent, jeton):
    response = client.get(MOI, headers=bearer(jeton))
    assert response.status_code == 200
    assert response.json() == {
        "utilisateur": "agent",
        "role_national": None,
        "adhesions": [
            {
                "collectivite": {"nom": "Lyon", "code_insee": "69123", "siren": "216901231"},
                "role": "contributeur",
            }
        ],
    }
    assert APIToken.objects.get(user=agent).last_used_at is not None


def test_token_answers_are_never_publicly_cached(client, jeton):
    response = client.get(MOI, headers=bearer(jeton))
    assert "private" in response["Cache-Control"]
    assert not response.has_header("ETag")


def test_superuser_token_has_the_national_admin_role(client, admin_user):
    _, plaintext = APIToken.create_token(user=admin_user, name="admin")
    assert client.get(MOI, headers=bearer(plaintext)).json()["role_national"] == "administrateur"


def test_revoked_token_is_refused(client, agent, jeton):
    APIToken.objects.get(user=agent).revoke()
    response = client.get(MOI, headers=bearer(jeton))
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


@pytest.mark.parametrize(
    "entetes", [{}, bearer("wagtail_inconnu"), {"Authorization": "Basic eDp5"}]
)
def test_missing_or_unknown_token_is_refused(client, territoires, entetes):
    assert client.get(MOI, headers=entetes).status_code == 401


def test_inactive_user_token_is_refused(client, agent, jeton):
    agent.is_active = False
    agent.save()
    assert client.get(MOI, headers=bearer(jeton)).status_code == 401


def test_a_session_cookie_does_not_replace_the_token(client, agent):
    client.force_login(agent)
    assert client.get(MOI).status_code == 401


def test_only_a_digest_is_stored(agent, jeton):
    token = APIToken.objects.get(user=agent)
    assert jeton not in (token.key_hash, token.prefix)
    assert token.key_hash == APIToken.hash_token(jeton)


def test_admin_creates_a_token_shown_once_and_revokes_it(client, admin_user, agent):
    client.force_login(admin_user)
    assert client.get("/admin/api-tokens/").status_code == 200
    response = client.post("/admin/api-tokens/new/", {"name": "Import", "user": agent.pk})
    assert response.status_code == 200
    token = APIToken.objects.get(user=agent, name="Import")
    plaintext = re.search(r"wagtail_[0-9A-Za-z]+", response.content.decode())[0]
    assert APIToken.hash_token(plaintext) == token.key_hash
    client.logout()
    assert client.get(MOI, headers=bearer(plaintext)).status_code == 200

    client.force_login(admin_user)
    client.post(f"/admin/api-tokens/delete/{token.pk}/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    assert client.get(MOI, headers=bearer(plaintext)).status_code == 401
