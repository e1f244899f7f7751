"""Throttling behind a proxy: who the client is, login lockout per user name and per address,
and a bounded number of password reset e-mails."""

import pytest
from django.core import mail
from django.test import Client
from django_tasks import default_task_backend

from manifeste.throttling import adresse_client

MOT_DE_PASSE = "Correct-Cheval-Pile-42"

# --- The client's address ---


def test_a_forwarded_for_sent_by_the_client_is_ignored_without_the_setting(rf, settings):
    settings.ADRESSE_CLIENT_ENTETE = ""
    request = rf.get("/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert adresse_client(request) == "198.51.100.1"


def test_the_configured_header_gives_the_address(rf, settings):
    settings.ADRESSE_CLIENT_ENTETE = "HTTP_X_REAL_IP"
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="203.0.113.9")
    assert adresse_client(request) == "203.0.113.9"


def test_of_a_forwarded_for_only_the_hop_the_proxy_appended_counts(rf, settings):
    settings.ADRESSE_CLIENT_ENTETE = "HTTP_X_FORWARDED_FOR"
    forge = "198.51.100.66, 203.0.113.9"  # the client wrote the first one
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forge)
    assert adresse_client(request) == "203.0.113.9"


@pytest.mark.parametrize("valeur", [None, "", "pas-une-adresse"])
def test_a_missing_or_invalid_header_falls_back_to_the_peer(rf, settings, valeur):
    settings.ADRESSE_CLIENT_ENTETE = "HTTP_X_REAL_IP"
    entetes = {} if valeur is None else {"HTTP_X_REAL_IP": valeur}
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", **entetes)
    assert adresse_client(request) == "10.0.0.2"


# --- Login lockout (django-axes) ---


@pytest.fixture
def axes(settings, db):
    settings.AXES_ENABLED = True
    return settings.LIMITES_CONNEXION


@pytest.fixture
def agent(django_user_model):
    return django_user_model.objects.create_user("agent", "agent@example.org", MOT_DE_PASSE)


def _connexion(username, password, **entetes):
    return Client().post("/admin/login/", {"username": username, "password": password}, **entetes)


def _verrouille(reponse):
    return reponse.status_code == 429 and "Connexion temporairement bloquée" in (
        reponse.content.decode()
    )


def test_one_user_name_is_locked_whatever_the_addresses(axes, agent):
    for i in range(axes["username"] - 1):
        assert _connexion("agent", "mauvais", REMOTE_ADDR=f"198.51.100.{i}").status_code == 200
    # The failure that reaches the limit locks; then even the right password is refused.
    assert _verrouille(_connexion("agent", "mauvais", REMOTE_ADDR="198.51.100.99"))
    assert _verrouille(_connexion("agent", MOT_DE_PASSE, REMOTE_ADDR="203.0.113.1"))


def test_one_address_is_locked_after_its_own_higher_limit(axes, agent, django_user_model):
    django_user_model.objects.create_user("collegue", "collegue@example.org", MOT_DE_PASSE)
    # Each name stays under its limit; the address takes more than one name's limit.
    noms = [f"nom{i}" for i in range(axes["ip_address"])]
    assert axes["ip_address"] > axes["username"]
    for nom in noms[:-1]:
        spoof = {"HTTP_X_FORWARDED_FOR": f"192.0.2.{len(nom)}"}  # changes nothing
        assert _connexion(nom, "mauvais", REMOTE_ADDR="198.51.100.7", **spoof).status_code == 200
    # One short of the limit, and a success does not wipe the address's other failures.
    assert _connexion("collegue", MOT_DE_PASSE, REMOTE_ADDR="198.51.100.7").status_code == 302
    assert _verrouille(_connexion(noms[-1], "mauvais", REMOTE_ADDR="198.51.100.7"))
    assert _verrouille(_connexion("agent", MOT_DE_PASSE, REMOTE_ADDR="198.51.100.7"))
    assert _connexion("agent", MOT_DE_PASSE, REMOTE_ADDR="198.51.100.8").status_code == 302


def test_behind_the_proxy_an_address_is_the_one_in_the_configured_header(axes, agent, settings):
    settings.ADRESSE_CLIENT_ENTETE = "HTTP_X_REAL_IP"
    proxy = {"REMOTE_ADDR": "10.0.0.2"}  # every visitor arrives from the proxy
    for i in range(axes["ip_address"]):
        _connexion(f"nom{i}", "mauvais", HTTP_X_REAL_IP="203.0.113.66", **proxy)
    assert _verrouille(_connexion("agent", MOT_DE_PASSE, HTTP_X_REAL_IP="203.0.113.66", **proxy))
    voisin = _connexion("agent", MOT_DE_PASSE, HTTP_X_REAL_IP="203.0.113.5", **proxy)
    assert voisin.status_code == 302


# --- Password reset e-mails ---


@pytest.fixture
def reinitialiser(django_capture_on_commit_callbacks):
    """A reset request, and its e-mail's task once the request's writes commit."""

    def reinitialiser(email, adresse):
        with django_capture_on_commit_callbacks(execute=True):
            return Client().post("/admin/password_reset/", {"email": email}, REMOTE_ADDR=adresse)

    return reinitialiser


def _neutre(reponse):
    return reponse.status_code == 302 and reponse["Location"] == "/admin/password_reset/done/"


def test_one_account_gets_a_bounded_number_of_reset_emails(settings, agent, reinitialiser):
    limite = settings.REINITIALISATIONS_PAR_COMPTE
    for i in range(limite + 2):
        assert _neutre(reinitialiser("Agent@example.org", f"198.51.100.{i}"))
    assert len(mail.outbox) == limite
    assert {m.to[0] for m in mail.outbox} == {"agent@example.org"}


def test_one_address_sends_a_bounded_number_of_reset_emails(
    settings, django_user_model, reinitialiser
):
    limite = settings.REINITIALISATIONS_PAR_ADRESSE
    for i in range(limite + 2):
        django_user_model.objects.create_user(f"agent{i}", f"agent{i}@example.org", "x")
        assert _neutre(reinitialiser(f"agent{i}@example.org", "198.51.100.7"))
    assert len(mail.outbox) == limite
    assert _neutre(reinitialiser(f"agent{limite + 1}@example.org", "198.51.100.8"))
    assert len(mail.outbox) == limite + 1  # another address is not held back


def test_an_unknown_address_gets_the_same_answer_and_no_email(agent, reinitialiser):
    assert _neutre(reinitialiser("personne@example.org", "198.51.100.7"))
    assert mail.outbox == []


def test_a_reset_email_is_sent_by_a_task(agent, reinitialiser, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    assert _neutre(reinitialiser("agent@example.org", "198.51.100.7"))
    assert mail.outbox == []  # not by the request
    [envoi] = default_task_backend.results
    envoi.task.call(*envoi.args, **envoi.kwargs)
    [message] = mail.outbox
    assert message.to == ["agent@example.org"] and "/admin/password_reset/" in message.body
