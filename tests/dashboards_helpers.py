"""Reads back what a page shows: HTML tables and CSV, as plain lists of strings."""

import csv
import io
from html.parser import HTMLParser


class _TableParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self._cell, self._row = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"attrs": dict(attrs), "rows": [], "caption": ""})
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = {"text": "", "tag": tag, "scope": dict(attrs).get("scope")}
        elif tag == "caption":
            self._cell = {"text": "", "tag": "caption"}

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(self._cell)
            self._cell = None
        elif tag == "caption" and self._cell is not None:
            self.tables[-1]["caption"] = self._cell["text"].strip()
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1]["rows"].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"] += data


def tables_html(html):
    parser = _TableParser()
    parser.feed(html)
    return parser.tables


def cellules(table):
    return [[c["text"].strip() for c in row] for row in table["rows"]]


def nombre_fr(texte):
    """'1 234,5' → 1234.5; '—' → None; anything else unchanged."""
    if texte in ("—", ""):
        return None
    brut = texte.replace("\u202f", "").replace("\u00a0", "").replace(",", ".")
    try:
        return float(brut)
    except ValueError:
        return texte


def lire_csv(texte):
    return list(csv.reader(io.StringIO(texte)))
