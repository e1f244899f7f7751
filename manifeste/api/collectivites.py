"""Collectivities: the directory with its filters, and one collectivity by SIREN, INSEE or slug."""

import datetime

from django.db.models import F, Q
from django.http import Http404
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.pagination import paginate

from manifeste.models import ClasseTaille, Collectivite, TypeCollectivite

from .core import Pagination

router = Router(tags=["Collectivités"])

CODE = r"^[0-9A-Za-z]{1,9}$"


class CollectiviteFiltres(Schema):
    type: TypeCollectivite | None = Field(None, description="Type de collectivité.")
    region: str | None = Field(None, pattern=CODE, description="Code INSEE de la région.")
    departement: str | None = Field(
        None, pattern=CODE, description="Code INSEE du département (69, 2A, 974…)."
    )
    classe_taille: ClasseTaille | None = Field(None, description="Classe de taille (1 à 5).")
    signataire: bool | None = Field(None, description="Signataire du manifeste ou non.")
    q: str | None = Field(
        None,
        min_length=1,
        max_length=100,
        pattern=r"^[^\x00]*$",
        description="Recherche : partie du nom, code INSEE ou SIREN exact.",
    )

    def filtrer(self, qs):
        if self.type:
            qs = qs.filter(type=self.type)
        if self.region:
            qs = qs.filter(region__code_insee__iexact=self.region)
        if self.departement:
            qs = qs.filter(departement__code_insee__iexact=self.departement)
        if self.classe_taille:
            qs = qs.filter(classe_taille=self.classe_taille)
        if self.signataire is not None:
            qs = qs.filter(signature__isnull=not self.signataire)
        if self.q:
            q = self.q.strip()
            qs = qs.filter(Q(nom__icontains=q) | Q(code_insee__iexact=q) | Q(siren=q))
        return qs


class CollectiviteLien(Schema):
    """Another collectivity named in a payload: its codes and name, enough to look it up."""

    nom: str
    code_insee: str
    siren: str | None


class CollectiviteOut(Schema):
    nom: str
    slug: str
    type: TypeCollectivite
    nature: str
    code_insee: str
    siren: str | None
    population: int | None
    classe_taille: str
    zone: str
    active: bool
    region: CollectiviteLien | None
    departement: CollectiviteLien | None
    epci: CollectiviteLien | None
    signataire: bool
    date_signature: datetime.date | None

    @staticmethod
    def resolve_signataire(obj):
        return obj.date_signature is not None


def collectivites():
    return (
        Collectivite.objects.select_related("region", "departement", "epci")
        .annotate(date_signature=F("signature__date_signature"))
        # `pk` only breaks ties between homonyms so pages never overlap; it is not published.
        .order_by("nom", "type", "code_insee", "pk")
    )


def resoudre(identifiant, type_=None):
    """A collectivity by SIREN (9 digits), INSEE code (+ type when shared) or slug.

    Raises Http404 when none matches, and a validation error on `type` when an INSEE code
    names several levels (Paris 75 is both a département and, as 75056, a commune).
    """
    qs = collectivites()
    trouvees = list(qs.par_identifiant(identifiant, type_)[:2])
    if len(trouvees) > 1:
        raise ValidationError(
            [
                {
                    "type": "ambiguous",
                    "loc": ["query", "type"],
                    "msg": "Code INSEE partagé par plusieurs collectivités : préciser le type.",
                }
            ]
        )
    if trouvees:
        return trouvees[0]
    par_slug = qs.filter(slug=identifiant.lower())
    if type_:
        par_slug = par_slug.filter(type=type_)
    collectivite = par_slug.first()
    if collectivite is None:
        raise Http404("Aucune collectivité pour cet identifiant.")
    return collectivite


@router.get("", response=list[CollectiviteOut], summary="Collectivités")
@paginate(Pagination)
def liste(request, filtres: Query[CollectiviteFiltres]):
    """Active collectivities, by name; filters combine (AND)."""
    return filtres.filtrer(collectivites().filter(active=True))


class TypeFiltre(Schema):
    type: TypeCollectivite | None = Field(
        None, description="Type, quand un code INSEE désigne plusieurs collectivités."
    )


@router.get("/{identifiant}", response=CollectiviteOut, summary="Une collectivité")
def detail(
    request,
    filtres: Query[TypeFiltre],
    identifiant: str = Path(
        ...,
        max_length=120,
        pattern=r"^[0-9A-Za-z-]+$",
        description="SIREN, code INSEE ou slug.",
        examples=["200046977", "69123", "lyon-69123"],
    ),
):
    return resoudre(identifiant, filtres.type)
