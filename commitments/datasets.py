"""Open dataset of the published assessments, one file per campaign year."""

from django.utils.translation import gettext_lazy as _

from manifeste.exports import Colonne, Dataset, enregistrer

from .queries import evaluations_publiees, texte_narratif

TAILLE_LOT = 2000

COLONNES = (
    Colonne("collectivite_siren", "string", _("SIREN de la collectivité.")),
    Colonne("collectivite_code_insee", "string", _("Code INSEE de la collectivité.")),
    Colonne("collectivite_type", "string", _("region, departement, epci, commune ou autre.")),
    Colonne("collectivite_nom", "string", _("Nom de la collectivité.")),
    Colonne("annee", "integer", _("Année de la campagne.")),
    Colonne("engagement", "string", _("Code de l'engagement (A1E1 à A3E3).")),
    Colonne("etat", "string", _("evalue, non_renseigne ou non_concerne.")),
    Colonne("niveau", "integer", _("Niveau de maturité 0 à 4 quand évalué.")),
    Colonne("justification", "string", _("Justification d'un « non concerné ».")),
    Colonne("narratif", "string", _("Ce qui a été fait, en texte brut.")),
)


def lignes(annee):
    """Published assessments of the campaign `annee` only."""
    for e in evaluations_publiees().filter(campagne__annee=annee).iterator(chunk_size=TAILLE_LOT):
        yield {
            "collectivite_siren": e.collectivite.siren,
            "collectivite_code_insee": e.collectivite.code_insee,
            "collectivite_type": e.collectivite.type,
            "collectivite_nom": e.collectivite.nom,
            "annee": e.campagne.annee,
            "engagement": e.engagement.code,
            "etat": e.etat,
            "niveau": e.niveau,
            "justification": e.justification,
            "narratif": texte_narratif(e.narratif),
        }


enregistrer(
    Dataset(
        slug="evaluations",
        titre=_("Évaluations publiées des engagements"),
        description=_(
            "Le niveau de maturité publié par chaque collectivité pour chacun des 9 engagements, "
            "avec ce qu'elle a fait, pour une campagne annuelle."
        ),
        colonnes=COLONNES,
        lignes=lignes,
        annuel=True,
    )
)
