"""HTML to PDF with WeasyPrint, reading stylesheets from our static files, never the network."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher

BASE = "http://rapport.invalid"  # a base that cannot resolve: relative URLs stay local


class FichiersStatiques(URLFetcher):
    """Serves `/static/…` from the static files (app dirs or STATIC_ROOT); refuses anything else,
    so rendering a report never makes a request, however the page's HTML changes."""

    def __init__(self):
        super().__init__(allowed_protocols={"file"})

    def fetch(self, url, headers=None):
        prefixe = BASE + settings.STATIC_URL
        if not url.startswith(prefixe):
            raise ValueError(f"Ressource externe refusée dans un PDF : {url}")
        chemin = url[len(prefixe) :].split("?")[0]
        fichier = finders.find(chemin) or (Path(settings.STATIC_ROOT) / chemin)
        if not Path(fichier).is_file():
            raise ValueError(f"Fichier statique introuvable : {chemin}")
        return super().fetch(Path(fichier).resolve().as_uri(), headers)


def en_pdf(html):
    return HTML(string=html, base_url=BASE + "/", url_fetcher=FichiersStatiques()).write_pdf()
