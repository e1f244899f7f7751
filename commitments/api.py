"""Published assessments in the public API (nothing but `Evaluation.objects.publiees()`), and
whom a personal token speaks for."""

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from acces.permissions import role_national
from manifeste.api.collectivites import CODE, CollectiviteLien, resoudre
from manifeste.api.core import JetonAPI, Pagination
from manifeste.models import TypeCollectivite

from .queries import evaluations_publiees, texte_narratif

router = Router(tags=["Évaluations"])
compte = Router(tags=["Compte"], auth=JetonAPI())


class EvaluationFiltres(Schema):
    collectivite: str | None = Field(
        None, max_length=9, pattern=CODE, description="SIREN ou code INSEE de la collectivité."
    )
    type: TypeCollectivite | None = Field(
        None, description="Type, quand un code INSEE désigne plusieurs collectivités."
    )
    engagement: str | None = Field(
        None, pattern=r"^[A-Za-z0-9]{1,10}$", description="Code de l'engagement (A1E1…A3E3)."
    )
    annee: int | None = Field(None, ge=1900, le=2200, description="Année de la campagne.")

    def filtrer(self, qs):
        if self.collectivite:
            qs = qs.filter(collectivite=resoudre(self.collectivite, self.type))
        if self.engagement:
            qs = qs.filter(engagement__code__iexact=self.engagement)
        if self.annee is not None:
            qs = qs.filter(campagne__annee=self.annee)
        return qs


class EvaluationOut(Schema):
    collectivite: CollectiviteLien
    type_collectivite: str = Field(alias="collectivite.type")
    engagement: str = Field(alias="engagement.code")
    annee: int = Field(alias="campagne.annee")
    etat: str = Field(description="evalue, non_renseigne ou non_concerne.")
    niveau: int | None = Field(description="Niveau de maturité 0 à 4 quand évalué.")
    justification: str
    narratif: str = Field(description="Ce qui a été fait, en texte brut.")

    @staticmethod
    def resolve_narratif(obj):
        return texte_narratif(obj.narratif)


@router.get("", response=list[EvaluationOut], summary="Évaluations publiées")
@paginate(Pagination)
def liste(request, filtres: Query[EvaluationFiltres]):
    """Published assessments, by year, collectivity then engagement; filters combine (AND)."""
    return filtres.filtrer(evaluations_publiees())


class AdhesionOut(Schema):
    collectivite: CollectiviteLien
    role: str


class MoiOut(Schema):
    utilisateur: str
    role_national: str | None
    adhesions: list[AdhesionOut]


@compte.get("/moi", response=MoiOut, summary="Titulaire du jeton")
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


ROUTERS = [("/evaluations", router), ("/compte", compte)]
