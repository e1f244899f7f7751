"""Spreadsheet format of indicator values: one row per value, the same columns in and out.

Reading uses django-import-export's formats (tablib datasets) after settling the French
dialects (separator, encoding); writing uses a ModelResource whose fields are exactly the
import's columns, so export → edit → import is a round trip.
"""

import unicodedata
from pathlib import PurePosixPath

from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task
from import_export import fields, resources
from import_export.formats.base_formats import CSV, XLSX

from manifeste import spreadsheets
from manifeste.exports.formats import csv_octets, xlsx_octets
from manifeste.sorties import enregistrer_export

from .anomalies import charger
from .models import NOMBRES, Valeur
from .numbers import ecrire_nombre

COLONNES = [
    "collectivite",
    "type_collectivite",
    "indicateur",
    "annee",
    *NOMBRES,
    "commentaire",
    "justification",
]
# Export only: why a stored value that breaks today's rules is written empty (an import
# ignores this column, and a row left without value is skipped, so the round trip holds).
ANOMALIE = "anomalie"
OBLIGATOIRES = ["collectivite", "indicateur", "annee"]
COLONNES_VALEUR = list(NOMBRES)
FORMATS = {"csv": CSV, "xlsx": XLSX}
TAILLE_MAX = 20 * 1024 * 1024  # 100,000 rows are about 5 MB of CSV
OUI = {"oui", "o", "vrai", "yes", "y", "true", "1"}
NON = {"non", "n", "faux", "no", "false", "0"}


class FichierRefuse(Exception):
    """The whole file is refused before reading its rows."""


def _normaliser_entete(nom):
    sans_accents = unicodedata.normalize("NFKD", str(nom or "")).encode("ascii", "ignore")
    return sans_accents.decode().strip().lower().replace(" ", "_").replace("-", "_")


def _a_nos_colonnes(entete):
    return set(OBLIGATOIRES) <= {_normaliser_entete(nom) for nom in entete}


def verifier_taille(taille):
    if taille > TAILLE_MAX:
        raise FichierRefuse(
            _("fichier trop volumineux (%(mo).1f Mo, maximum %(max)d Mo)")
            % {"mo": taille / 2**20, "max": TAILLE_MAX // 2**20}
        )


def lire_fichier(contenu, nom):
    """bytes of a .csv or .xlsx → (headers normalised, rows as lists, first data line number)."""
    extension = spreadsheets.extension(nom)
    if extension not in FORMATS:
        raise FichierRefuse(
            _("extension « %(ext)s » refusée : fichier .csv ou .xlsx attendu")
            % {"ext": extension or "?"}
        )
    verifier_taille(len(contenu))
    if not contenu.strip():
        raise FichierRefuse(_("fichier vide"))
    try:
        dataset = spreadsheets.lire_tableau(contenu, extension, feuille_voulue=_a_nos_colonnes)
    except spreadsheets.TableurIllisible as erreur:  # the file's fault, said where and why
        raise FichierRefuse(str(erreur)) from erreur
    entetes = [_normaliser_entete(h) for h in dataset.headers or []]
    manquantes = [c for c in OBLIGATOIRES if c not in entetes]
    if manquantes:
        raise FichierRefuse(
            _("colonnes obligatoires absentes : %(cols)s (colonnes lues : %(lues)s)")
            % {"cols": ", ".join(manquantes), "lues": ", ".join(entetes) or _("aucune")}
        )
    return entetes, dataset


texte = spreadsheets.texte_cellule


def lire_booleen(cellule):
    brut = texte(cellule).lower()
    if not brut:
        return None
    if brut in OUI:
        return True
    if brut in NON:
        return False
    raise ValueError(_("« %s » : oui ou non attendu") % texte(cellule))


class ValeurResource(resources.ModelResource):
    """Export of values in the import's columns (see COLONNES)."""

    collectivite = fields.Field(column_name="collectivite")
    type_collectivite = fields.Field(column_name="type_collectivite")
    indicateur = fields.Field(column_name="indicateur", attribute="indicateur__code")
    annee = fields.Field(column_name="annee", attribute="annee")
    valeur = fields.Field(column_name="valeur")
    numerateur = fields.Field(column_name="numerateur")
    denominateur = fields.Field(column_name="denominateur")
    poids = fields.Field(column_name="poids")
    commentaire = fields.Field(column_name="commentaire", attribute="commentaire")
    justification = fields.Field(column_name="justification", attribute="justification")
    anomalie = fields.Field(column_name=ANOMALIE)

    class Meta:
        model = Valeur
        fields = [*COLONNES, ANOMALIE]
        export_order = [*COLONNES, ANOMALIE]

    def dehydrate_collectivite(self, valeur):
        return valeur.collectivite.identifiant

    def dehydrate_type_collectivite(self, valeur):
        return valeur.collectivite.type

    def _nombre(self, valeur, champ):
        return "" if valeur.invalide else ecrire_nombre(getattr(valeur, champ))

    def dehydrate_valeur(self, valeur):
        if valeur.indicateur.nature == "bool":
            return "" if valeur.booleen is None else ("oui" if valeur.booleen else "non")
        return self._nombre(valeur, "valeur")

    def dehydrate_numerateur(self, valeur):
        return self._nombre(valeur, "numerateur")

    def dehydrate_denominateur(self, valeur):
        return self._nombre(valeur, "denominateur")

    def dehydrate_poids(self, valeur):
        return self._nombre(valeur, "poids")

    def dehydrate_anomalie(self, valeur):
        return " ; ".join(map(str, valeur.anomalies))


def exporter(valeurs):
    """A tablib Dataset of `valeurs` (already filtered by the permission layer)."""
    qs = valeurs.select_related("collectivite", "indicateur").order_by(
        "collectivite__nom", "annee", "indicateur__code"
    )
    # A stored value that breaks today's rules is written empty, with its reason.
    return ValeurResource().export(queryset=list(charger(qs)))


def octets(dataset, titre, format_):
    """The file's bytes; CSV with a BOM so that Excel opens it with accents."""
    if format_ == "csv":
        return csv_octets(dataset.headers, dataset, bom=True)
    return xlsx_octets(dataset.headers, dataset, titre)


@task()
def exporter_fichier(nom, collectivite_id, format_, langue):
    """The values of one collectivity, built by a task and stored as `nom` (manifeste.sorties);
    in the language of who asked (an anomaly's reason is written out)."""
    valeurs = Valeur.objects.reelles().filter(collectivite_id=collectivite_id)
    with translation.override(langue):
        contenu = octets(exporter(valeurs), PurePosixPath(nom).stem, format_)
    return enregistrer_export(nom, contenu)
