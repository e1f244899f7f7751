"""Who a personal token speaks for: the check a client runs before writing."""

from ninja import Router, Schema

from commitments.permissions import role_national

from .collectivites import CollectiviteLien
from .core import JetonAPI

router = Router(tags=["Compte"], auth=JetonAPI())


class AdhesionOut(Schema):
    collectivite: CollectiviteLien
    role: str


class MoiOut(Schema):
    utilisateur: str
    role_national: str | None
    adhesions: list[AdhesionOut]


@router.get("/moi", response=MoiOut, summary="Titulaire du jeton")
def moi(request):
    user = request.user
    return {
        "utilisateur": user.get_username(),
        "role_national": role_national(user),
        "adhesions": [
            {"collectivite": m.collectivite, "role": m.role}
            for m in user.adhesions.select_related("collectivite").order_by("collectivite__nom")
        ],
    }
