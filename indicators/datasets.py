"""Open dataset of the published indicator values, one file per year."""

from decimal import Decimal

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from manifeste.exports import Colonne, Dataset, enregistrer

from .models import Valeur
from .nombres import ecrire_nombre

TAILLE_LOT = 2000
NOMBRES = ("valeur", "numerateur", "denominateur", "poids")

COLONNES = (
    Colonne("collectivite_siren", "string", _("SIREN de la collectivité.")),
    Colonne("collectivite_code_insee", "string", _("Code INSEE de la collectivité.")),
    Colonne("collectivite_type", "string", _("region, departement, epci, commune ou autre.")),
    Colonne("collectivite_nom", "string", _("Nom de la collectivité.")),
    Colonne("indicateur", "string", _("Code de l'indicateur du catalogue (A1E2-01…).")),
    Colonne("unite", "string", _("Unité d'affichage de l'indicateur.")),
    Colonne("annee", "integer", _("Année de la valeur.")),
    Colonne("valeur", "number", _("Valeur (nombre, quantité, score, moyenne).")),
    Colonne("numerateur", "number", _("Numérateur d'un ratio.")),
    Colonne("denominateur", "number", _("Dénominateur d'un ratio.")),
    Colonne("poids", "number", _("Poids d'une moyenne pondérée.")),
    Colonne("booleen", "boolean", _("Réponse d'un indicateur oui / non.")),
    Colonne("source", "string", _("Source déclarée par la collectivité.")),
    Colonne("commentaire", "string", _("Commentaire de la collectivité.")),
)


def lignes(annee):
    """Published real values of `annee` only (drafts and synthetic values never leave)."""
    return (
        Valeur.objects.publiees()
        .filter(annee=annee)
        .order_by("indicateur__code", "collectivite__nom", "collectivite__code_insee", "pk")
        .values(
            "annee",
            "valeur",
            "numerateur",
            "denominateur",
            "poids",
            "booleen",
            "source",
            "commentaire",
            collectivite_siren=F("collectivite__siren"),
            collectivite_code_insee=F("collectivite__code_insee"),
            collectivite_type=F("collectivite__type"),
            collectivite_nom=F("collectivite__nom"),
            indicateur_code=F("indicateur__code"),
            unite=F("indicateur__unite"),
        )
        .iterator(chunk_size=TAILLE_LOT)
    )


def lignes_valeurs(annee):
    for ligne in lignes(annee):
        ligne["indicateur"] = ligne.pop("indicateur_code")
        for champ in NOMBRES:
            # 3 rather than the column's 3.000000; same text as the import template.
            if ligne[champ] is not None:
                ligne[champ] = Decimal(ecrire_nombre(ligne[champ]))
        yield ligne


enregistrer(
    Dataset(
        slug="valeurs-indicateurs",
        titre=_("Valeurs publiées des indicateurs"),
        description=_(
            "Les valeurs d'indicateurs publiées par les collectivités pour l'année : une ligne par "
            "collectivité et indicateur ; un ratio est donné par ses deux parties."
        ),
        colonnes=COLONNES,
        lignes=lignes_valeurs,
        annuel=True,
    )
)
