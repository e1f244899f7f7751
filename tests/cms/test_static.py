"""Static files are compressed and cache-busted, and dashboard pages stay within their weight."""

import gzip
import io
import json
import re
from unittest import mock

import pandas as pd
import pytest
from django.core.management import call_command
from django.test import override_settings

from acces.signals import publication_modifiee
from commitments.models import Evaluation
from commitments.workflow import EtatPublication
from indicators.models import Valeur
from publication import figures
from publication.cache import invalider_tableaux

MANIFEST_STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
KO = 1024


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """collectstatic once, as in production (hashed names + .gz next to each file)."""
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root, STORAGES=MANIFEST_STORAGE):
        call_command("collectstatic", interactive=False, verbosity=0, stdout=io.StringIO())
    return root


@pytest.fixture
def production_static(static_root):
    with override_settings(STATIC_ROOT=static_root, STORAGES=MANIFEST_STORAGE):
        yield static_root


def _serie(*args, **kwargs):
    return pd.DataFrame({"annee": [2023, 2024], "groupe": ["Communes"] * 2, "valeur": [1.0, 2.0]})


def test_collectstatic_hashes_and_compresses_the_vendored_bundle(static_root):
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["vendor/plotly/plotly-basic.min.js"]
    assert re.fullmatch(r"vendor/plotly/plotly-basic\.min\.[0-9a-f]{12}\.js", hashed)
    assert (static_root / f"{hashed}.gz").exists()
    assert "js/charts.js" in manifest and "css/site.css" in manifest


def _poids_compresse(client, html, root):
    """gzip size of the HTML plus every stylesheet and script it references (first view)."""
    total = len(gzip.compress(html.encode(), 6))
    for url in re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', html):
        total += (root / f"{url}.gz").stat().st_size
    return total


def test_plotly_only_on_pages_with_charts_and_weights_within_budget(
    client, demo, production_static
):
    # Without published data no page draws a chart: withdraw the demo's publications.
    Valeur.objects.update(etat=EtatPublication.BROUILLON)
    Evaluation.objects.update(etat_publication=EtatPublication.BROUILLON)
    publication_modifiee.send(sender=Valeur)  # as bulk writes do
    sans = client.get("/rapport-annuel/").content.decode()
    assert "plotly" not in sans
    assert _poids_compresse(client, sans, production_static) <= 100 * KO
    for url in ("/", "/engagements/", "/tableau-de-bord/", "/collectivites/"):
        assert "plotly" not in client.get(url).content.decode(), url
    invalider_tableaux()  # what publishing values will do
    with mock.patch.object(figures, "serie", side_effect=_serie):
        avec = client.get("/rapport-annuel/").content.decode()
    hashed = re.search(r'src="/static/(vendor/plotly/plotly-basic\.min\.[0-9a-f]{12}\.js)"', avec)
    assert hashed, "the bundle is referenced by its cache-busting name"
    assert _poids_compresse(client, avec, production_static) <= 500 * KO
