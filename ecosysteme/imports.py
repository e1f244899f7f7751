"""Reading an actors file, dry run and atomic import, and the error report people can act on:
one line per problem, naming the spreadsheet line, the column and the reason."""

from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from ecosysteme.resources import ActeurResource
from manifeste import spreadsheets
from manifeste.exports.formats import csv_octets, xlsx_octets
from manifeste.sorties import enregistrer_export

FORMATS = ("csv", "xlsx")


class FichierIllisible(ValueError):
    pass


@dataclass(frozen=True)
class Erreur:
    ligne: int  # as numbered in the spreadsheet: the header is line 1
    colonne: str
    raison: str


def format_fichier(nom):
    extension = spreadsheets.extension(nom)
    if extension not in FORMATS:
        raise FichierIllisible(_("Format non pris en charge : envoyez un fichier CSV ou XLSX."))
    return extension


def lire_fichier(contenu, nom):
    """A tablib Dataset from the uploaded bytes; CSV may use ';' or ',' (Excel in French: ';')."""
    format_ = format_fichier(nom)
    try:
        return spreadsheets.lire_tableau(contenu, format_)
    except spreadsheets.TableurIllisible as e:  # says where and why
        raise FichierIllisible(str(e)) from e


def colonnes_manquantes(dataset, resource=None):
    resource = resource or ActeurResource()
    obligatoires = {"nom", "type", "commune"}
    return sorted(obligatoires - set(dataset.headers or []))


def rapport(result, resource=None):
    """Every problem of an import result as `Erreur`s, in line order."""
    resource = resource or ActeurResource()
    colonnes = {f.attribute: f.column_name for f in resource.get_import_fields()}
    erreurs = []
    for ligne in result.invalid_rows:
        for attribut, messages in ligne.error_dict.items():
            colonne = "" if attribut == NON_FIELD_ERRORS else colonnes.get(attribut, attribut)
            erreurs.extend(Erreur(ligne.number + 1, colonne, str(m)) for m in messages)
    for numero, problemes in result.row_errors():
        erreurs.extend(Erreur(numero + 1, "", str(p.error)) for p in problemes)
    erreurs.extend(Erreur(1, "", str(p.error)) for p in result.base_errors)
    return sorted(erreurs, key=lambda e: (e.ligne, e.colonne))


def importer(dataset, dry_run):
    """Run the import; with any error nothing is written. Returns (result, errors)."""
    resource = ActeurResource()
    manquantes = colonnes_manquantes(dataset, resource)
    if manquantes:
        return None, [
            Erreur(1, colonne, _("colonne obligatoire absente")) for colonne in manquantes
        ]
    if "id" not in dataset.headers:  # a file of new actors needs no id column
        dataset.append_col([""] * dataset.height, header="id")
    with transaction.atomic():
        result = resource.import_data(
            dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True
        )
        erreurs = rapport(result, resource)
        if erreurs or dry_run:
            transaction.set_rollback(True)
    return result, erreurs


def exporter(format_, queryset=None):
    """The file's bytes: CSV with ';' and a BOM so that Excel opens it with accents."""
    dataset = ActeurResource().export(queryset)
    if format_ == "xlsx":
        return xlsx_octets(dataset.headers, dataset, "acteurs")
    return csv_octets(dataset.headers, dataset, ";", bom=True)


@task()
def exporter_fichier(nom, format_, langue):
    """The whole directory's file, built by a task and stored as `nom` (manifeste.sorties)."""
    with translation.override(langue):
        return enregistrer_export(nom, exporter(format_))
