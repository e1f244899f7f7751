"""Open dataset of the published indicator values, one file per year."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from manifeste.exports import Colonne, Dataset, enregistrer

from .anomalies import charger, raison_publique
from .models import NOMBRES, Valeur
from .numbers import ecrire_nombre

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
    Colonne(
        "anomalie",
        "string",
        _(
            "Pourquoi la valeur est vide : enregistrée avant les contrôles actuels, elle les enfreint."
        ),
    ),
)


def lignes_valeurs(annee):
    """Published real values of `annee` only (drafts and synthetic values never leave); a
    stored value that breaks today's rules is written empty, with its reason."""
    qs = (
        Valeur.objects.publiees()
        .filter(annee=annee)
        .order_by("indicateur__code", "collectivite__nom", "collectivite__code_insee", "pk")
    )
    for v in charger(qs):
        c = v.collectivite
        yield {
            "collectivite_siren": c.siren,
            "collectivite_code_insee": c.code_insee,
            "collectivite_type": c.type,
            "collectivite_nom": c.nom,
            "indicateur": v.indicateur.code,
            "unite": v.indicateur.unite,
            "annee": v.annee,
            # 3 rather than the column's 3.000000; same text as the import template.
            **{
                champ: None
                if v.invalide or getattr(v, champ) is None
                else Decimal(ecrire_nombre(getattr(v, champ)))
                for champ in NOMBRES
            },
            "booleen": v.booleen,
            "source": v.source,
            "commentaire": v.commentaire,
            "anomalie": raison_publique(v),
        }


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
