"""The foundation's open datasets: the referential and the collectivities."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from manifeste.exports import Colonne, Dataset, enregistrer
from manifeste.models import Collectivite, Engagement, Referentiel

# Rows fetched per database round trip: bounded memory whatever the table size.
TAILLE_LOT = 2000

COLONNES_COLLECTIVITES = (
    Colonne("siren", "string", _("SIREN (9 chiffres) ; vide pour les communes sans SIREN connu.")),
    Colonne("code_insee", "string", _("Code INSEE (commune, département, région).")),
    Colonne("type", "string", _("region, departement, epci, commune ou autre.")),
    Colonne("nature", "string", _("Pour un EPCI : CC, CA, CU, METRO, MET69.")),
    Colonne("nom", "string", _("Nom officiel.")),
    Colonne("slug", "string", _("Identifiant de la page publique de la collectivité.")),
    Colonne("population", "integer", _("Population municipale.")),
    Colonne("classe_taille", "string", _("Classe de taille, de 1 (< 3 500 hab.) à 5 (> 100 000).")),
    Colonne("zone", "string", _("metro (métropole) ou drom (outre-mer).")),
    Colonne("region_code_insee", "string", _("Code INSEE de la région.")),
    Colonne("departement_code_insee", "string", _("Code INSEE du département.")),
    Colonne("epci_siren", "string", _("SIREN de l'EPCI de rattachement (communes).")),
    Colonne("active", "boolean", _("Présente dans le référentiel officiel en vigueur.")),
    Colonne("signataire", "boolean", _("Signataire du manifeste.")),
    Colonne("date_signature", "date", _("Date de signature du manifeste.")),
)


def lignes_collectivites(annee=None):
    """Current state of every collectivity (the directory is not versioned by year)."""
    rows = (
        Collectivite.objects.order_by("nom", "type", "code_insee", "pk")
        .values(
            "siren",
            "code_insee",
            "type",
            "nature",
            "nom",
            "slug",
            "population",
            "classe_taille",
            "zone",
            "active",
            region_code_insee=F("region__code_insee"),
            departement_code_insee=F("departement__code_insee"),
            epci_siren=F("epci__siren"),
            date_signature=F("signature__date_signature"),
        )
        .iterator(chunk_size=TAILLE_LOT)
    )
    for row in rows:
        row["signataire"] = row["date_signature"] is not None
        yield row


COLONNES_REFERENTIEL = (
    Colonne("version", "string", _("Version du référentiel.")),
    Colonne("ambition_code", "string", _("Code de l'ambition (A1 à A3).")),
    Colonne("ambition_titre", "string", _("Titre de l'ambition.")),
    Colonne("engagement_code", "string", _("Code de l'engagement (A1E1 à A3E3).")),
    Colonne("engagement_titre", "string", _("Titre de l'engagement.")),
    Colonne("engagement_description", "string", _("Description de l'engagement.")),
    *(
        Colonne(
            f"niveau_{n}",
            "string",
            _("Ce que signifie le niveau %(n)s pour cet engagement.") % {"n": n},
        )
        for n in range(1, 5)
    ),
)


def lignes_referentiel(annee=None):
    """One row per engagement of the current version, its level descriptors as columns."""
    ref = Referentiel.objects.filter(est_courant=True).first()
    engagements = (
        Engagement.objects.filter(ambition__referentiel=ref)
        .select_related("ambition")
        .prefetch_related("descripteurs")
        .order_by("ambition__ordre", "ordre", "code")
    )
    for e in engagements:
        descripteurs = {d.niveau: d.texte_fr for d in e.descripteurs.all()}
        yield {
            "version": ref.version,
            "ambition_code": e.ambition.code,
            "ambition_titre": e.ambition.titre_fr,
            "engagement_code": e.code,
            "engagement_titre": e.titre_fr,
            "engagement_description": e.description_fr,
            **{f"niveau_{n}": descripteurs.get(n, "") for n in range(1, 5)},
        }


enregistrer(
    Dataset(
        slug="collectivites",
        titre=_("Collectivités"),
        description=_(
            "Toutes les collectivités françaises (régions, départements, EPCI, communes) avec leurs "
            "codes, leur population et leur signature du manifeste."
        ),
        colonnes=COLONNES_COLLECTIVITES,
        lignes=lignes_collectivites,
    )
)
enregistrer(
    Dataset(
        slug="referentiel",
        titre=_("Référentiel du manifeste"),
        description=_("Les 9 engagements des 3 ambitions et ce que signifie chaque niveau 1 à 4."),
        colonnes=COLONNES_REFERENTIEL,
        lignes=lignes_referentiel,
    )
)
