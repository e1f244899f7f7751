"""The public API, `/api/v1/`: one NinjaAPI assembling the routers of every project app.

An app publishes endpoints by shipping an `api` module with `ROUTERS`, a list of
`(prefix, router)` (e.g. `("/evaluations", router)`): it is mounted here in app order,
without editing this module.
"""

from ninja.openapi.docs import Swagger

from manifeste.api.core import OpenDataAPI
from manifeste.discovery import modules_des_applications

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
    # The docs page lives at /api/docs (see config/urls.py) and loads Swagger UI from the
    # static files ninja ships ("ninja" in INSTALLED_APPS): no CDN, and no call to the public
    # schema validator either.
    docs=Swagger(settings={"validatorUrl": None}),
    docs_url=None,
)
for module in modules_des_applications("api"):
    for prefix, router in module.ROUTERS:
        api.add_router(prefix, router)


def docs(request):
    """Browsable documentation of the API, where a token holder can also try requests."""
    return api.docs.render_page(request, api)
