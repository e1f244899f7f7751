"""What every endpoint of the public API shares: cacheable responses, pagination, auth.

Later routers (assessments, indicator values, aggregates) only declare their schemas and
querysets; ETag/304, bounded pagination, JSON errors and token auth come from here.
"""

from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from ninja import Field, NinjaAPI, Schema
from ninja.pagination import LimitOffsetPagination
from wagtail.api.v3.auth import BearerTokenAuth

# Public data change a few times a year; a short shared cache keeps responses fresh enough.
CACHE_MAX_AGE = 300
LIMIT_MAX = 1000
# Bounded so an absurd offset is a 422 on its field, not a database overflow (500).
OFFSET_MAX = 10_000_000


class OpenDataAPI(NinjaAPI):
    """NinjaAPI whose successful GET responses carry an ETag and answer 304 when unchanged."""

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        # Authenticated answers may depend on the user: never shared by a public cache.
        if getattr(request, "auth", None):
            patch_cache_control(response, private=True, no_cache=True)
            return response
        set_response_etag(response)
        patch_cache_control(response, public=True, max_age=CACHE_MAX_AGE)
        # Open data: other public platforms may read it from their visitors' browsers.
        response["Access-Control-Allow-Origin"] = "*"
        return get_conditional_response(request, etag=response["ETag"], response=response)

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """The schema, with the error answers every operation may give documented once here."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["components"].setdefault("schemas", {}).update(SCHEMAS_ERREUR)
        for operations in schema["paths"].values():
            for operation in operations.values():
                reponses = operation.setdefault("responses", {})
                for code, description, nom in ERREURS_DOCUMENTEES:
                    if code == "401" and not operation.get("security"):
                        continue
                    if code in ("404", "422") and not operation.get("parameters"):
                        continue
                    reponses.setdefault(code, _reponse(description, nom))
        return schema


def _reponse(description, nom):
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{nom}"}}},
    }


# ninja's error bodies: {"detail": "..."} or, for invalid input, {"detail": [{loc, msg, type}]}
# where `loc` names the field (["query", "limit"]).
SCHEMAS_ERREUR = {
    "Erreur": {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    "ErreurValidation": {
        "type": "object",
        "properties": {
            "detail": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                        "msg": {"type": "string"},
                        "type": {"type": "string"},
                    },
                    "required": ["loc", "msg", "type"],
                },
            }
        },
        "required": ["detail"],
    },
}
ERREURS_DOCUMENTEES = [
    ("401", "Jeton absent, invalide ou révoqué.", "Erreur"),
    ("404", "Ressource inconnue.", "Erreur"),
    ("422", "Paramètre invalide : `loc` nomme le champ en cause.", "ErreurValidation"),
]


class Pagination(LimitOffsetPagination):
    """`limit`/`offset` with the total `count`; a limit over the maximum is refused, not capped."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=LIMIT_MAX, description="Nombre d'éléments par page.")
        offset: int = Field(0, ge=0, le=OFFSET_MAX, description="Rang du premier élément.")

    def __init__(self, **kwargs):
        super().__init__(max_limit=LIMIT_MAX, **kwargs)


class JetonAPI(BearerTokenAuth):
    """`Authorization: Bearer <jeton>`: a personal token (Wagtail's APIToken, hashed, revocable).

    Sets `request.user` to the token's owner so write endpoints check rights with
    `acces.permissions` like every other screen.
    """

    openapi_scheme = "bearer"
