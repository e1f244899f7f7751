"""Aggregates in the public API: the stored figures the public pages show (publication.figures),
live or of a frozen edition, checked by the dashboards' own filters form.
"""

from typing import Literal

from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError, ValidationError

from indicators import secret_statistique
from indicators.api import CODE_INDICATEUR, indicateur_ou_404
from manifeste.models.collectivite import ClasseTaille, TypeCollectivite
from publication import figures
from publication.filters import FiltresTableau
from publication.models import AUCUN, Edition

router = Router(tags=["Indicateurs"])

# Group → the stored keys the aggregates are split by; the keys' public names.
GROUPES = {
    "national": (),
    "type": ("type",),
    "classe_taille": ("taille",),
    "region": ("region",),
    "departement": ("departement",),
    "epci": ("epci",),
}
NOMS = {"taille": "classe_taille"}
TERRITOIRE = r"^[0-9AB]{2,3}$"


class AgregatFiltres(Schema):
    annee: int | None = Field(
        None, ge=1900, le=2200, description="Année agrégée (celle de l'édition si elle est donnée)."
    )
    edition: int | None = Field(
        None,
        ge=1900,
        le=2200,
        description="Année d'une édition figée : ses chiffres, que les corrections publiées "
        "depuis ne changent pas. Sans : les chiffres à jour.",
    )
    groupe: Literal[tuple(GROUPES)] = Field(
        "national",
        description="Découpage : national, type, classe_taille, region, departement, epci.",
    )
    type: TypeCollectivite | None = Field(None, description="Seulement ce type de collectivité.")
    classe_taille: ClasseTaille | None = Field(None, description="Seulement cette classe.")
    region: str | None = Field(None, pattern=TERRITOIRE, description="Code INSEE de région.")
    departement: str | None = Field(
        None, pattern=TERRITOIRE, description="Code INSEE de département."
    )

    def filtres(self):
        """The filters as the dashboards read them, or a 422 naming each refused parameter."""
        if self.edition is not None:
            if not Edition.objects.filter(annee=self.edition).exists():
                raise HttpError(404, f"Aucune édition {self.edition} n'a été figée.")
            if self.annee not in (None, self.edition):
                _refuser(
                    "annee", f"L'édition {self.edition} ne porte que sur l'année {self.edition}."
                )
        elif self.annee is None:
            _refuser("annee", "Donnez l'année (annee) ou une édition (edition).")
        donnees = {
            "annee": self.annee or self.edition,
            "edition": self.edition,
            "type": self.type,
            "taille": self.classe_taille,
            "region": self.region,
            "departement": self.departement,
        }
        formulaire = FiltresTableau({k: v for k, v in donnees.items() if v is not None})
        if not formulaire.is_valid():
            erreurs = [
                (NOMS.get(champ, champ), str(message))
                for champ, messages in formulaire.errors.items()
                for message in messages
            ]
            raise ValidationError([_erreur(champ, message) for champ, message in erreurs])
        return formulaire.filtres()


def _erreur(champ, message):
    return {"type": "value_error", "loc": ["query", champ], "msg": message}


def _refuser(champ, message):
    raise ValidationError([_erreur(champ, message)])


class AgregatOut(Schema):
    groupe: dict[str, str | None] = Field(description="Le groupe ; null : hors de tout groupe.")
    valeur: float | None = Field(
        description="null quand moins de `seuil_diffusion` collectivités ont publié "
        "(données insuffisantes) ou que le groupe n'a pas de valeur."
    )
    q1: float | None = Field(description="Premier quartile des valeurs des collectivités.")
    mediane: float | None
    q3: float | None
    diffusable: bool = Field(description="Au moins `seuil_diffusion` collectivités ont publié.")
    seuil_diffusion: int = Field(description="Collectivités nécessaires pour publier un agrégat.")
    n: int = Field(description="Collectivités ayant publié une valeur complète.")
    n_groupe: int = Field(description="Collectivités actives du groupe.")
    couverture: float | None = Field(description="n ÷ n_groupe.")
    part_population: float | None = Field(description="Part de la population du groupe couverte.")
    edition: int | None = Field(description="L'édition lue ; null : les chiffres à jour.")


def _nombre(x):
    return None if x is None or x != x else float(x)  # NaN is not equal to itself


@router.get("/{code}/agregats", response=list[AgregatOut], summary="Agrégats d'un indicateur")
def agregats(
    request,
    filtres: Query[AgregatFiltres],
    code: str = Path(..., pattern=CODE_INDICATEUR, description="Code de l'indicateur."),
):
    """The aggregates the public pages show, by the catalogue's rule over published values,
    with each group's coverage and quartiles; a group too few collectivities published for has
    its coverage and null figures, a group where none did has no row. A territorial indicator is split by type as well."""
    indicateur = indicateur_ou_404(code)
    choix = filtres.filtres()
    par = GROUPES[filtres.groupe]
    cles = figures.cles_de(indicateur, par)
    t = figures.par_groupe(indicateur, choix, par, annee=choix["annee"])
    resultat = [
        {
            "groupe": {NOMS.get(c, c): None if ligne[c] == AUCUN else ligne[c] for c in cles},
            "valeur": _nombre(ligne["valeur"]),
            **{q: _nombre(ligne[q]) for q in ("q1", "mediane", "q3")},
            "diffusable": secret_statistique.diffusable(int(ligne["n"])),
            "seuil_diffusion": secret_statistique.seuil(),
            "n": int(ligne["n"]),
            "n_groupe": int(ligne["n_groupe"]),
            "couverture": ligne["n"] / ligne["n_groupe"] if ligne["n_groupe"] else None,
            "part_population": _nombre(ligne["part_population"]),
            "edition": choix.get("edition"),
        }
        for ligne in t.to_dict("records")
    ]
    return sorted(resultat, key=lambda r: [v or "" for v in r["groupe"].values()])


ROUTERS = [("/indicateurs", router)]
