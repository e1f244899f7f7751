"""Open datasets: each declared once (columns with type and description, rows), then written
as CSV or XLSX and described by the same schema on /donnees/.

Each project app declares its datasets in `<app>/datasets.py` by calling
`enregistrer(Dataset(…))`: the referential and collectivities in `manifeste/datasets.py`, published
assessments and indicator values in their own apps, with no edit here.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from manifeste.discovery import modules_des_applications

# Frictionless Table Schema types (https://specs.frictionlessdata.io/table-schema/), so the
# published schema is read by the usual open-data tools; the labels are for people.
TYPES = {
    "string": _("texte"),
    "integer": _("entier"),
    "number": _("nombre décimal"),
    "boolean": _("booléen (oui/non)"),
    "date": _("date (AAAA-MM-JJ)"),
}


@dataclass(frozen=True)
class Colonne:
    nom: str
    type: str
    description: str

    def __post_init__(self):
        if self.type not in TYPES:
            raise ValueError(f"Colonne {self.nom} : type inconnu {self.type!r}.")


@dataclass(frozen=True)
class Dataset:
    """`lignes(annee)` yields one dict per row, keyed by column name (annee is None when the
    dataset does not depend on the year)."""

    slug: str
    titre: str
    description: str
    colonnes: tuple[Colonne, ...]
    lignes: Callable[[int | None], Iterable[dict]] = field(repr=False)
    annuel: bool = False

    @property
    def entete(self):
        return [c.nom for c in self.colonnes]

    def rangees(self, annee=None):
        """Rows as lists in header order; a row missing a declared column is a bug, said here."""
        for ligne in self.lignes(annee):
            yield [ligne[nom] for nom in self.entete]

    def table_schema(self):
        return {
            "fields": [
                {"name": c.nom, "type": c.type, "description": str(c.description)}
                for c in self.colonnes
            ]
        }


_REGISTRE: dict[str, Dataset] = {}
_decouverts = False


def enregistrer(dataset):
    if dataset.slug in _REGISTRE:
        raise ValueError(f"Jeu de données déjà enregistré : {dataset.slug}")
    _REGISTRE[dataset.slug] = dataset
    return dataset


def datasets():
    """Every registered dataset, by slug, once each app's `datasets` module has been imported."""
    global _decouverts
    if not _decouverts:
        list(modules_des_applications("datasets"))
        _decouverts = True
    return _REGISTRE
