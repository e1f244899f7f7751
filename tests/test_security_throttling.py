"""Throttling behind a proxy: who the client is, login lockout per user name and per address,
and a bounded number of password reset e-mails."""

import pytest

from manifeste.limitation import adresse_client

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
