"""Indicators in the public API: the catalogue, published values and batch writes (their
aggregates are the read side's: publication.api).

Reads start from `Valeur.objects.publiees()`: a draft, submitted or synthetic value is never
exposed. The batch write goes through the import's own checks (indicators.imports.analyser:
validation, permission layer) and writer (history), so it behaves exactly like a file import.
"""

import math

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.pagination import paginate

from manifeste.api.collectivites import CODE, CollectiviteLien, resoudre
from manifeste.api.core import JetonAPI, Pagination
from manifeste.free_text import LONGUEUR_COMMENTAIRE
from manifeste.models import TypeCollectivite

from .anomalies import charger, raison_publique
from .imports import analyser, decrire_corrections, ecrire
from .models import NOMBRES, Indicateur, Valeur
from .resources import COLONNES

router = Router(tags=["Indicateurs"])

CODE_INDICATEUR = r"^[0-9A-Za-z-]{1,20}$"
ANNEE = Field(None, ge=1900, le=2200, description="Année de la valeur.")
LOT_MAX = 5000


class IndicateurOut(Schema):
    code: str
    engagement: str = Field(alias="engagement.code")
    nom_fr: str
    nom_en: str
    unite: str
    # Public names of API v1, read from the French fields.
    kind: str = Field(alias="nature")
    direction: str = Field(alias="sens")
    aggregation: str = Field(alias="agregation")
    scope: str = Field(alias="portee")
    scale: int = Field(alias="echelle")
    numerateur: str
    denominateur: str
    cibles: dict


def catalogue():
    return Indicateur.objects.partages().select_related("engagement").order_by("code")


@router.get("", response=list[IndicateurOut], summary="Catalogue des indicateurs")
def liste(request):
    """The shared catalogue (a collectivity's local indicators are not published)."""
    return list(catalogue())


def indicateur_ou_404(code):
    return get_object_or_404(catalogue(), code__iexact=code)


class ValeurFiltres(Schema):
    collectivite: str | None = Field(
        None, max_length=9, pattern=CODE, description="SIREN ou code INSEE de la collectivité."
    )
    type: TypeCollectivite | None = Field(
        None, description="Type, quand un code INSEE désigne plusieurs collectivités."
    )
    indicateur: str | None = Field(
        None, pattern=CODE_INDICATEUR, description="Code de l'indicateur (A1E2-01)."
    )
    annee: int | None = ANNEE

    def filtrer(self, qs):
        if self.collectivite:
            qs = qs.filter(collectivite=resoudre(self.collectivite, self.type))
        if self.indicateur:
            qs = qs.filter(indicateur__code__iexact=self.indicateur)
        if self.annee is not None:
            qs = qs.filter(annee=self.annee)
        return qs


class ValeurOut(Schema):
    collectivite: CollectiviteLien
    type_collectivite: str = Field(alias="collectivite.type")
    indicateur: str = Field(alias="indicateur.code")
    annee: int
    valeur: float | None
    numerateur: float | None
    denominateur: float | None
    poids: float | None
    booleen: bool | None
    source: str
    commentaire: str
    anomalie: str = Field(
        description="Pourquoi les nombres sont null : la valeur enregistrée enfreint les "
        "contrôles actuels (vide sinon)."
    )


class LecturesSures:
    """A queryset whose pages are read by `anomalies.charger`: a stored value that breaks
    today's rules (Infinity, an 11 on a 1-10 score) is given with null numbers and its reason,
    never loaded as is (which raises) nor published as « Infinity »."""

    def __init__(self, qs):
        self.qs = qs

    def all(self):  # the paginator counts on `.all().count()`
        return self.qs

    def __getitem__(self, tranche):
        page = list(charger(self.qs[tranche]))
        for valeur in page:
            valeur.anomalie = raison_publique(valeur)
            if valeur.invalide:
                for champ in NOMBRES:
                    setattr(valeur, champ, None)
        return page


@router.get("/valeurs", response=list[ValeurOut], summary="Valeurs publiées")
@paginate(Pagination)
def valeurs(request, filtres: Query[ValeurFiltres]):
    """Published values only, by indicator, year, then collectivity (stable across pages)."""
    qs = Valeur.objects.publiees().select_related("collectivite", "indicateur")
    return LecturesSures(
        filtres.filtrer(qs).order_by(
            "indicateur__code", "annee", "collectivite__nom", "collectivite__code_insee", "pk"
        )
    )


def _nombre(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


class ValeurIn(Schema):
    collectivite: str = Field(..., max_length=20, description="SIREN ou code INSEE.")
    type_collectivite: TypeCollectivite | None = None
    indicateur: str = Field(..., max_length=20)
    annee: int
    valeur: bool | float | None = Field(None, description="Nombre, ou oui/non (true/false).")
    numerateur: float | None = None
    denominateur: float | None = None
    poids: float | None = None
    commentaire: str = Field("", max_length=LONGUEUR_COMMENTAIRE)
    justification: str = Field(
        "",
        max_length=LONGUEUR_COMMENTAIRE,
        description="Obligatoire pour une valeur hors de sa plage plausible.",
    )


class LotIn(Schema):
    valeurs: list[ValeurIn] = Field(..., min_length=1, max_length=LOT_MAX)


class ContenuOut(Schema):
    valeur: float | None = None
    numerateur: float | None = None
    denominateur: float | None = None
    poids: float | None = None
    booleen: bool | None = None
    commentaire: str = ""


class CorrectionOut(Schema):
    collectivite: str = Field(description="SIREN (ou code INSEE) de la collectivité.")
    indicateur: str
    annee: int
    publiee: ContenuOut = Field(description="Ce que le public voit, jusqu'à la publication.")
    en_attente: ContenuOut = Field(description="La correction, à valider puis publier.")


class LotOut(Schema):
    nouvelles: int
    modifiees: int
    inchangees: int
    ignorees: int
    corrections: list[CorrectionOut] = Field(
        description="Valeurs publiées corrigées : elles restent publiées telles quelles tant "
        "qu'un valideur n'a pas publié leur correction."
    )


def _rangee(v):
    """One value as an import row (the columns of indicators.resources.COLONNES)."""
    donnees = v.dict()
    return [donnees.get(colonne) for colonne in COLONNES]


@router.post(
    "/valeurs", response=LotOut, auth=JetonAPI(), summary="Écrire un lot de valeurs (jeton)"
)
def ecrire_lot(request, lot: LotIn):
    """Checks every value like an import (the number reader, validation, plausibility, rights
    of the token's owner); a single error writes nothing and the 422 lists each one with its
    index in `valeurs` and its field (NaN, Infinity, a number beyond 14 digits included).
    A changed draft goes back to draft; a changed published value stays published as it was
    and gets a pending correction, listed in `corrections`; history records the change ('api')."""
    rapport = analyser(COLONNES, [_rangee(v) for v in lot.valeurs], request.user)
    if rapport.refuse:
        raise ValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ["body", "valeurs"]
                    + ([] if e.ligne is None else [e.ligne - 2, e.colonne]),
                    "msg": e.raison,
                }
                for e in rapport.erreurs
            ]
        )
    ecrire(rapport, request.user, raison="api")
    return {
        "nouvelles": len(rapport.nouvelles),
        "modifiees": len(rapport.modifiees),
        "inchangees": rapport.inchangees,
        "ignorees": rapport.ignorees,
        "corrections": [
            {
                "collectivite": collectivite.siren or collectivite.code_insee,
                "indicateur": indicateur.code,
                "annee": c.annee,
                "publiee": {k: _nombre(v) if k in NOMBRES else v for k, v in c.publiee.items()},
                "en_attente": {
                    k: _nombre(v) if k in NOMBRES else v for k, v in c.en_attente.items()
                },
            }
            for collectivite, indicateur, c in decrire_corrections(rapport.corrections)
        ],
    }


ROUTERS = [("/indicateurs", router)]
