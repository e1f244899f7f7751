"""What a chart and a map have in common: a title and a unit, an empty state, a DOM id, a table
(headers and rows) and the CSV of that table, rebuilt by the chart-CSV view from `key` and `params`.

`Chart` (publication.charts) and `Map` (publication.maps) derive from `Figure`, so templates and
the CSV view read both through the same names.
"""

import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from manifeste.exports.formats import csv_texte


@dataclass
class Figure:
    title: str
    # Keyword-only, so each subclass keeps its own data as its second positional argument.
    unit: str = field(default="", kw_only=True)
    # What the empty state says instead of the generic « no data yet ».
    absence: str = field(default="", kw_only=True)
    # Stable key and parameters of the CSV view that rebuilds this very figure (see publication.urls).
    key: str = field(default="", kw_only=True)
    params: dict = field(default_factory=dict, kw_only=True)

    # Prefix of the DOM id (class attribute, not a field).
    dom_prefix = "figure"

    @property
    def vide(self):
        raise NotImplementedError

    @property
    def texte_vide(self):
        return self.absence or _("Pas encore de données publiées.")

    def _signature(self):
        """What makes two figures of one page distinct, in a stable order (ids stay the same)."""
        raise NotImplementedError

    @property
    def dom_id(self):
        signature = "|".join(str(partie) for partie in self._signature())
        return f"{self.dom_prefix}-" + hashlib.sha1(signature.encode()).hexdigest()[:10]

    def titre_valeur(self):
        """Header of the value column."""
        return f"{_('Valeur')} ({self.unit})" if self.unit else _("Valeur")

    @property
    def unite_texte(self):
        """The unit as it follows a number in a sentence (no-break space before it)."""
        return f"\u00a0{self.unit}" if self.unit else ""

    # --- table and CSV ---------------------------------------------------------------------------
    def table(self):
        """(headers, rows) of the HTML table, numbers formatted for reading."""
        raise NotImplementedError

    def csv_table(self):
        """(headers, rows) of the CSV, raw numbers."""
        raise NotImplementedError

    def csv(self):
        entetes, lignes = self.csv_table()
        return csv_texte(entetes, lignes, fin_de_ligne="\n")

    @property
    def csv_url(self):
        if not self.key:
            return ""
        url = reverse("chart_csv", kwargs={"key": self.key})
        return f"{url}?{urlencode(self.params, doseq=True)}" if self.params else url
