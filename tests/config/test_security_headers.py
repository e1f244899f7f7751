"""Security hardening: CSP, login throttling, upload limits, escaping, and every URL walked."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from wagtail.documents import get_document_model

from cms.models import HomePage
from manifeste.demo import ADMIN_PASSWORD, ADMIN_USERNAME
from tests.security_helpers import contentstate
from tests.url_walker import project_urls

# --- Content Security Policy ---


def test_public_pages_get_the_strict_csp(client, referentiel):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


def test_admin_gets_its_own_scoped_policy(client, db):
    policy = client.get("/admin/login/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in policy
    assert "frame-ancestors 'self'" in policy
    assert "object-src 'none'" in policy


# --- Login throttling (django-axes on Wagtail's login form) ---


def _login(client, password):
    return client.post("/admin/login/", {"username": ADMIN_USERNAME, "password": password})


@override_settings(AXES_ENABLED=True)
def test_wagtail_login_is_locked_after_repeated_failures(settings, demo):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "mauvais").status_code == 200  # the form again, with its error
    assert _login(client, ADMIN_PASSWORD).status_code == 302  # still allowed: success resets

    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "mauvais")
    locked = _login(client, ADMIN_PASSWORD)
    assert locked.status_code == 429
    assert "Connexion temporairement bloquée" in locked.content.decode()
    client.logout()
    assert _login(client, ADMIN_PASSWORD).status_code == 429
    assert client.get("/admin/").status_code == 302  # not logged in


# --- Upload limits ---


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1024)
def test_documents_too_large_or_of_unlisted_type_are_refused(client, admin_user):
    client.force_login(admin_user)
    too_big = SimpleUploadedFile("rapport.pdf", b"%PDF" + b"0" * 2048)
    exe = SimpleUploadedFile("outil.exe", b"MZ")
    for upload in (too_big, exe):
        response = client.post(
            "/admin/documents/add/", {"title": upload.name, "file": upload, "collection": 1}
        )
        assert response.status_code == 200
        assert response.context["form"].errors["file"]
    assert not get_document_model().objects.exists()


# --- Escaping what editors write ---

HOSTILE = "<script>alert('xss')</script><img src=x onerror=alert(1)>"


def test_hostile_text_saved_by_an_editor_is_escaped_on_the_home_page(
    client, admin_user, referentiel
):
    home = HomePage.objects.get()
    client.force_login(admin_user)
    response = client.post(
        f"/admin/pages/{home.pk}/edit/",
        {
            "title": home.title,
            "slug": home.slug,
            "chapo": HOSTILE,
            "corps": contentstate(HOSTILE, "javascript:alert(2)"),
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    html = Client().get("/").content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "javascript:" not in html
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in html


# --- Every URL of the project, as each kind of visitor ---

# Pages that no named pattern reaches with sample arguments (Wagtail serves them by path).
EXTRA_URLS = ["/", "/en/", "/en/accessibilite/"]
# One entry per kind of visitor: how to log the client in (features add their roles here).
VISITORS = {"anonyme": lambda client, django_user_model: None}


@pytest.mark.parametrize("visitor", VISITORS)
def test_no_url_of_the_project_fails_with_a_server_error(visitor, demo, django_user_model):
    client = Client(raise_request_exception=False)
    VISITORS[visitor](client, django_user_model)
    urls, _unreachable = project_urls()
    assert len(urls) > 100  # the walker does find the project's URLs
    failures = []
    for name, url in [*urls.items(), *((u, u) for u in EXTRA_URLS)]:
        status = client.get(url).status_code
        if status >= 500:
            failures.append(f"{status} {url} ({name})")
    assert not failures, "\n".join(failures)
