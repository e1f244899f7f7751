"""The manifesto's referential: versions, ambitions, engagements with level descriptors, levels.

Everything is addressed by code (A1, A1E1) and version, never by database id.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema

from manifeste.models import Ambition, DescripteurNiveau, Engagement, NiveauMaturite, Referentiel

router = Router(tags=["Référentiel"])

VERSION = Field(
    None,
    max_length=20,
    pattern=r"^[\w.-]+$",
    description="Version du référentiel (par défaut, la version courante).",
)


class VersionFiltre(Schema):
    version: str | None = VERSION


class ReferentielOut(Schema):
    version: str
    titre: str
    est_courant: bool


class NiveauOut(Schema):
    niveau: int
    libelle_fr: str
    libelle_en: str
    signification_fr: str
    signification_en: str


class DescripteurOut(Schema):
    niveau: int
    texte_fr: str
    texte_en: str


class EngagementOut(Schema):
    code: str
    ambition: str = Field(alias="ambition.code")
    ordre: int
    titre_fr: str
    titre_en: str
    description_fr: str
    description_en: str
    descripteurs: list[DescripteurOut]

    @staticmethod
    def resolve_descripteurs(obj):
        return list(obj.descripteurs.all())


class AmbitionOut(Schema):
    code: str
    ordre: int
    titre_fr: str
    titre_en: str
    description_fr: str
    description_en: str
    engagements: list[EngagementOut]

    @staticmethod
    def resolve_engagements(obj):
        return list(obj.engagements.all())


class ReferentielCompletOut(ReferentielOut):
    ambitions: list[AmbitionOut]
    niveaux: list[NiveauOut]

    @staticmethod
    def resolve_ambitions(obj):
        return list(obj.ambitions.all())

    @staticmethod
    def resolve_niveaux(obj):
        return list(obj.niveaux.all())


def referentiel(version):
    """The requested version, or the current one; 404 when it does not exist."""
    if version:
        return get_object_or_404(Referentiel, version=version)
    return get_object_or_404(Referentiel, est_courant=True)


def engagements(ref):
    return (
        Engagement.objects.filter(ambition__referentiel=ref)
        .select_related("ambition")
        .prefetch_related(
            Prefetch("descripteurs", queryset=DescripteurNiveau.objects.order_by("niveau"))
        )
        .order_by("ambition__ordre", "ordre", "code")
    )


@router.get("/versions", response=list[ReferentielOut], summary="Versions du référentiel")
def versions(request):
    return Referentiel.objects.order_by("version")


@router.get("", response=ReferentielCompletOut, summary="Référentiel complet")
def referentiel_complet(request, filtres: Query[VersionFiltre]):
    """Ambitions, their engagements with the level descriptors, and the maturity scale."""
    ref = referentiel(filtres.version)
    return (
        Referentiel.objects.prefetch_related(
            Prefetch("ambitions", queryset=Ambition.objects.order_by("ordre", "code")),
            Prefetch("ambitions__engagements", queryset=engagements(ref)),
            Prefetch("niveaux", queryset=NiveauMaturite.objects.order_by("niveau")),
        )
        .filter(pk=ref.pk)
        .get()
    )


@router.get("/engagements", response=list[EngagementOut], summary="Engagements")
def liste_engagements(request, filtres: Query[VersionFiltre]):
    return engagements(referentiel(filtres.version))


@router.get("/engagements/{code}", response=EngagementOut, summary="Un engagement")
def engagement(
    request,
    filtres: Query[VersionFiltre],
    code: str = Path(..., max_length=10, pattern=r"^[A-Za-z0-9]+$", examples=["A1E1"]),
):
    return get_object_or_404(engagements(referentiel(filtres.version)), code__iexact=code)


@router.get("/niveaux", response=list[NiveauOut], summary="Échelle de maturité")
def niveaux(request, filtres: Query[VersionFiltre]):
    return referentiel(filtres.version).niveaux.order_by("niveau")
