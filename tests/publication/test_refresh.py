"""A publication reaches the public pages in one switch, the pages visitors read computed
before it (publication.refresh)."""

import logging
import re
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.models import Evaluation
from indicators.models import Valeur
from publication import cache, refresh
from tests.cms.test_profil import commune, lyon_publie, profil, site, table  # noqa: F401
from tests.dashboards_helpers import cellules

pytestmark = pytest.mark.django_db


@pytest.fixture
def lyon(request):
    """Lyon with published levels and values (test_dashboards_profil's fixture)."""
    return request.getfixturevalue("lyon_publie")


def chiffre(client, lyon):
    return cellules(table(profil(client, lyon), "Indicateurs publiés"))[1][1][:3]


def corriger(lyon, numerateur):
    valeur = Valeur.objects.get(collectivite=lyon, annee=2025, indicateur__code="A2E3-01")
    valeur.numerateur = numerateur
    valeur.save()


def test_a_committed_publication_switches_to_figures_computed_beforehand(
    client, lyon, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    assert chiffre(client, lyon) == "50 "  # a visitor reads it: it will be replayed
    with django_capture_on_commit_callbacks(execute=True):
        corriger(lyon, 8)
    assert not refresh.a_diffuser()
    # Computed before the switch: the visitor's request finds it cached (routing and the
    # collectivity only), with the new figure.
    with django_assert_max_num_queries(7):
        assert chiffre(client, lyon) == "80 "


def test_nothing_changes_for_visitors_before_the_commit(client, lyon):
    chiffre(client, lyon)
    avant = cache.version()
    corriger(lyon, 8)  # not committed (the test's transaction)
    assert cache.version() == avant
    assert refresh.a_diffuser()


def test_visitors_read_the_former_figures_until_the_switch(
    client, lyon, django_capture_on_commit_callbacks, monkeypatch
):
    chiffre(client, lyon)
    avant, pendant = cache.version(), []
    rejouer = refresh.rejouer

    def rejouer_puis_lire(pages):
        rejouer(pages)
        # A visitor in another thread while the refresh runs: still the former namespace.
        visiteur = threading.Thread(target=lambda: pendant.append(cache.version()))
        visiteur.start()
        visiteur.join()

    monkeypatch.setattr(refresh, "rejouer", rejouer_puis_lire)
    with django_capture_on_commit_callbacks(execute=True):
        corriger(lyon, 8)
    assert pendant == [avant]
    assert cache.version() != avant


def test_one_refresh_covers_every_publication_committed_before_it_starts():
    premier = refresh.nouveau_ticket()
    assert refresh.a_diffuser()
    assert refresh.diffuser(premier) == 0  # no page read yet: a switch all the same
    assert not refresh.a_diffuser()
    assert refresh.diffuser(premier) is None  # already covered: nothing computed twice
    deuxieme, troisieme = refresh.nouveau_ticket(), refresh.nouveau_ticket()
    assert refresh.diffuser(deuxieme) == 0
    assert refresh.diffuser(troisieme) is None


def test_a_request_that_publishes_switches_once_its_response_is_sent(
    client, monde, evaluation_paris
):
    Evaluation.objects.filter(pk=evaluation_paris.pk).update(etat_publication="valide")
    avant = cache.version()
    client.force_login(monde.users["validateur"])
    page = client.post(
        reverse("commitments_transition", args=[evaluation_paris.pk]), {"vers": "publie"}
    )
    assert Evaluation.objects.get(pk=evaluation_paris.pk).etat_publication == "publie"
    assert cache.version() != avant
    assert not refresh.a_diffuser()
    # The publisher is told, on the next page, that the public pages follow shortly.
    assert "quelques instants" in client.get(page.url).content.decode()
    assert "quelques instants" not in client.get(page.url).content.decode()


def test_only_anonymous_readings_of_public_pages_are_replayed(client, lyon, admin_user):
    chemin = f"/collectivites/{lyon.slug}/"
    client.post(chemin)  # not a reading
    client.get("/cette-page-n-existe-pas/")
    assert refresh.pages_lues() == []
    autre = f"/collectivites/{commune('01001').slug}/?annee=2025"
    client.get(chemin)
    client.get(autre)
    assert [p[1] for p in refresh.pages_lues()] == [autre, chemin]
    client.force_login(admin_user)  # may see drafts
    client.get(f"/collectivites/{commune('75056').slug}/")
    assert len(refresh.pages_lues()) == 2


def test_pages_read_over_https_behind_the_proxy_are_replayed_so(client, lyon, settings, caplog):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    entetes = {"x-forwarded-proto": "https"}
    assert client.get(f"/collectivites/{lyon.slug}/", headers=entetes).status_code == 200
    with caplog.at_level(logging.WARNING, logger="publication.refresh"):
        assert refresh.diffuser(refresh.nouveau_ticket()) == 1
    assert caplog.records == []  # a redirection to https would be logged


def test_the_periodic_command_covers_what_waits_and_only_that(capsys):
    call_command("diffuser_publications")
    assert "Rien à diffuser" in capsys.readouterr().out
    refresh.nouveau_ticket()  # a process that died before its switch
    call_command("diffuser_publications")
    assert "à jour" in capsys.readouterr().out
    assert not refresh.a_diffuser()


# --- whole pages for anonymous visitors (publication.page_cache) --------------------------------
def test_an_anonymous_page_is_served_whole_until_the_next_switch(
    client, lyon, django_capture_on_commit_callbacks, django_assert_num_queries
):
    premiere = profil(client, lyon)
    with django_assert_num_queries(0):
        assert profil(client, lyon) == premiere
    with django_capture_on_commit_callbacks(execute=True):
        corriger(lyon, 8)
    assert chiffre(client, lyon) == "80 "


def test_headers_of_a_cached_page_are_set_on_each_response(client, lyon):
    chemin = f"/collectivites/{lyon.slug}/"
    client.get(chemin)
    servie = client.get(chemin, headers={"accept-encoding": "gzip"})
    assert "Content-Security-Policy" in servie.headers
    assert not servie.cookies


def test_signed_in_users_are_never_served_from_it(client, lyon, admin_user):
    chemin = f"/collectivites/{lyon.slug}/"
    client.get(chemin)
    client.force_login(admin_user)  # may see drafts, has messages
    with CaptureQueriesContext(connection) as requetes:
        client.get(chemin)
    assert requetes  # rendered for them


def test_a_page_with_a_form_is_never_served_from_it(referentiel, territoires, annuaire):
    jetons = {
        re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        for page in (Client().get("/annuaire/proposer/").content.decode() for _ in range(2))
    }
    assert len(jetons) == 2  # each visitor their own CSRF token


def test_the_language_links_lead_to_this_page_in_each_language(client, lyon):
    html = profil(client, lyon)
    assert f'href="/en/collectivites/{lyon.slug}/" lang="en" hreflang="en">English</a>' in html
    assert 'aria-current="true">Français</a>' in html
    assert "csrfmiddlewaretoken" not in html
