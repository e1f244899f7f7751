import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from manifeste.demo import ADMIN_PASSWORD, ADMIN_USERNAME
from manifeste.models import Engagement


def test_home_page_presents_the_9_engagements(client, referentiel):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for engagement in Engagement.objects.all():
        assert engagement.code in html
        assert engagement.titre_fr.replace("'", "&#x27;") in html
    assert '<html lang="fr">' in html


def test_home_page_in_english(client, referentiel):
    response = client.get("/en/")
    assert "Organise access to public services for all" in response.content.decode()


def test_admin_loads_for_the_demo_admin(client, demo):
    assert client.login(username=ADMIN_USERNAME, password=ADMIN_PASSWORD)
    assert client.get("/admin/").status_code == 200
    response = client.get("/admin/snippets/manifeste/collectivite/?q=75056")
    assert response.status_code == 200
    assert "Paris" in response.content.decode()


def test_seed_demo_is_idempotent(demo, django_user_model):
    call_command("seed_demo", stdout=io.StringIO())
    assert django_user_model.objects.filter(username=ADMIN_USERNAME).count() == 1


def test_engagement_code_is_read_only_once_created(client, admin_user, referentiel):
    client.force_login(admin_user)
    engagement = Engagement.objects.get(code="A1E1")
    url = f"/admin/snippets/manifeste/engagement/edit/{engagement.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert form.fields["code"].disabled
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"code": "ZZZZ", "titre_fr": "Nouveau titre", "ambition": engagement.ambition_id})
    data.update(
        {
            f"descripteurs-{k}": v
            for k, v in {
                "TOTAL_FORMS": 0,
                "INITIAL_FORMS": 0,
                "MIN_NUM_FORMS": 0,
                "MAX_NUM_FORMS": 1000,
            }.items()
        }
    )
    client.post(url, data)
    engagement.refresh_from_db()
    assert engagement.code == "A1E1"


@pytest.mark.parametrize("module", ["config.settings.production"])
def test_check_deploy_is_clean(module, monkeypatch):
    import subprocess
    import sys

    env = {
        "DJANGO_SETTINGS_MODULE": module,
        "SECRET_KEY": "x" * 60 + "y-z!Q",
        "ALLOWED_HOSTS": "tnr.example.org",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@override_settings(LANGUAGE_CODE="fr")
def test_unknown_page_is_404(client, referentiel):
    assert client.get("/nexiste-pas/").status_code == 404


@override_settings(LANGUAGE_CODE="fr")
def test_unknown_page_is_served_in_the_sites_layout(client, referentiel):
    reponse = client.get("/nexiste-pas/")
    html = reponse.content.decode()
    assert '<html lang="fr">' in html and "<title>Page introuvable" in html
    assert 'class="skip-link"' in html and "<h1>Page introuvable</h1>" in html
    anglais = client.get("/en/nexiste-pas/").content.decode()
    assert '<html lang="en">' in anglais and "Page not found" in anglais


def test_server_error_page_needs_no_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert '<html lang="fr">' in html and "<title>Erreur du serveur" in html


def test_demonstration_banner_only_in_a_database_the_demo_filled(client, referentiel):
    from django.core.cache import cache

    from manifeste.demo_mode import marquer

    assert "bandeau-demo" not in client.get("/").content.decode()
    marquer()
    cache.clear()  # the page itself was cached whole; seed_demo's writes renew it
    html = client.get("/").content.decode()
    assert 'class="bandeau-demo"' in html and "Données de démonstration." in html
    assert "Demonstration data." in client.get("/en/").content.decode()
