"""The public API, `/api/v1/`: one NinjaAPI, one router per domain.

Another project app publishes endpoints by shipping `<app>/api.py` with `PREFIX` and `router`
(e.g. `PREFIX = "/evaluations"`): it is mounted here without editing this module.
"""

from ninja.openapi.docs import Swagger

from manifeste.decouverte import modules_des_applications

from . import collectivites, compte, referentiel
from .core import OpenDataAPI

api = OpenDataAPI(
    title="Territoires numériques responsables — API ouverte",
    version="1",
    description=(
        "Données publiées du manifeste « Pour des territoires numériques responsables » : "
        "référentiel, collectivités et, à mesure qu'elles sont publiées, évaluations et "
        "indicateurs. Lecture libre ; écriture avec un jeton personnel (en-tête "
        "`Authorization: Bearer <jeton>`), créé et révoqué dans l'administration."
    ),
    urls_namespace="api-v1",
    # The docs page lives at /api/docs (see manifeste/urls.py) and loads Swagger UI from the
    # static files ninja ships ("ninja" in INSTALLED_APPS): no CDN, and no call to the public
    # schema validator either.
    docs=Swagger(settings={"validatorUrl": None}),
    docs_url=None,
)
api.add_router("/referentiel", referentiel.router)
api.add_router("/collectivites", collectivites.router)
api.add_router("/compte", compte.router)


for module in modules_des_applications("api", sauf={"manifeste"}):
    api.add_router(module.PREFIX, module.router)


def docs(request):
    """Browsable documentation of the API, where a token holder can also try requests."""
    return api.docs.render_page(request, api)
