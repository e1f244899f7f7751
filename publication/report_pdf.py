"""A collectivity's yearly report as PDF, built by a task and stored (manifeste.sorties).

WeasyPrint takes seconds per report: a request never renders one. A PDF is named by the
published data's version and the language, so it is never older than the page it prints;
the task after a publication drops the former versions' PDF (`oublier`).
"""

from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from manifeste.models import Collectivite
from manifeste.pdf import en_pdf
from manifeste.sorties import enregistrer, garder
from publication.report import rapport_collectivite

TEMPLATE = "reports/collectivite.html"
DOSSIER = "rapports"


def contexte(collectivite, annee, pdf):
    return {"rapport": rapport_collectivite(collectivite, annee), "pdf": pdf}


def nom(slug, annee, langue, version):
    return f"{DOSSIER}/{version}/{slug}-{annee}.{langue}.pdf"


@task()
def construire(slug, annee, langue, version):
    """The PDF stored under `nom(…)`; returns that name."""
    collectivite = Collectivite.objects.select_related("region", "departement", "epci").get(
        slug=slug
    )
    with translation.override(langue):
        html = render_to_string(TEMPLATE, contexte(collectivite, annee, True))
    return enregistrer(nom(slug, annee, langue, version), lambda sortie: sortie.write(en_pdf(html)))


def oublier(*versions):
    """Drop the PDF of every version but `versions`."""
    garder(DOSSIER, {str(v) for v in versions})
