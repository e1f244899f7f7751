"""One chart = one table of data, told four ways: a plotly figure, a sentence, an HTML table, a CSV.

All four come from `Chart.tableau()`, so the drawing, the table a screen reader reads and the CSV a
reader downloads can never disagree. Figures are built here in Python; the page only ships their
JSON and `static/js/charts.js` draws them with the vendored plotly.js *basic* bundle (bar and
scatter traces only: box plots are drawn from bars and markers, see `_traces_boites`).
"""

import math
from dataclasses import dataclass, fields

import pandas as pd
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from plotly.io.json import to_json_plotly

from indicators import secret_statistique
from publication.cache import en_cache
from publication.figure import Figure

# Okabe & Ito (2008), colour-blind safe; darkest first, the yellow last (weak on white).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]
# Second channel so series stay apart in black-and-white print.
MOTIFS = ["", "/", ".", "x", "\\", "-", "+", "|"]
SYMBOLES = ["circle", "square", "diamond", "triangle-up", "x", "cross", "star", "triangle-down"]
TIRETS = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid", "dash"]

KINDS = ("bar", "line", "box")
# Columns of a box chart's data: one row per group, quartiles computed upstream (aggregation).
COLONNES_BOITE = ["min", "q1", "mediane", "q3", "max"]
POSITION = "position"
# A group figure's coverage (publication.figures.COUVERTURE): when the data carry it, every row says it.
COUVERTURE = ["n", "n_groupe", "part_population"]


def format_nombre(valeur):
    """French display: narrow no-break space between thousands, comma decimal, at most 2 decimals.
    A missing or non-finite number (NaN, an Infinity stored by old rules) reads « — »."""
    if isinstance(valeur, str):
        return valeur
    if valeur is None or not math.isfinite(float(valeur)):
        return "—"
    arrondi = round(float(valeur), 2)
    texte = f"{int(arrondi):,}" if arrondi == int(arrondi) else f"{arrondi:,.2f}".rstrip("0")
    return texte.replace(",", "\u202f").replace(".", ",")


def _csv_valeur(valeur):
    if valeur is None or (isinstance(valeur, float) and not math.isfinite(valeur)):
        return ""
    if isinstance(valeur, float) and valeur == int(valeur):
        return str(int(valeur))
    return str(valeur)


@dataclass
class Chart(Figure):
    """A chart over tidy data.

    bar/line: `data` has the `x` column, a `y` value column and optionally a `series` column
    (one line or bar colour per series value). box: one row per `x` with COLONNES_BOITE and an
    optional POSITION column (the collectivity's own value).
    """

    data: pd.DataFrame
    kind: str = "bar"
    x: str = "annee"
    y: str = "valeur"
    series: str | None = None
    target: float | None = None
    target_label: str = ""
    x_label: str = ""
    source: str = ""
    note: str = ""
    y_range: tuple | None = None

    dom_prefix = "chart"

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Type de graphique inconnu : {self.kind!r} (attendu : {KINDS}).")
        if self.data is None:
            self.data = pd.DataFrame()

    # --- the one table everything else derives from -------------------------------------------
    @property
    def vide(self):
        return self.data.empty

    @property
    def couverture(self):
        return self.kind != "box" and set(COUVERTURE) <= set(self.data.columns)

    @property
    def sans_valeur(self):
        """Data, but every figure too thin to be shown."""
        return self.kind != "box" and not self.vide and self.data[self.y].isna().all()

    def tableau(self):
        """The data as the reader sees it: one row per x, one column per series or statistic
        (with coverage: one row per x and series, then the value and whom it covers)."""
        x_titre = self.x_label or self.x
        if self.vide:  # headers only: an empty CSV still says what it would contain
            if self.kind == "box":
                return pd.DataFrame(columns=[x_titre, *_titres_boite().values()][:-1])
            table = pd.DataFrame(columns=[x_titre, self.titre_valeur()])
            if self.absence:
                table.loc[0] = [self.absence, None]
            return table
        if self.couverture:
            return self._tableau_couverture(x_titre)
        if self.kind == "box":
            colonnes = COLONNES_BOITE + ([POSITION] if POSITION in self.data else [])
            table = self.data[[self.x, *colonnes]].rename(
                columns={self.x: x_titre, **_titres_boite()}
            )
        elif self.series:
            table = self.data.pivot_table(
                index=self.x, columns=self.series, values=self.y, aggfunc="first", sort=False
            )
            table = table.reset_index().rename(columns={self.x: x_titre})
            table.columns.name = None
        else:
            table = self.data[[self.x, self.y]].rename(
                columns={self.x: x_titre, self.y: self.titre_valeur()}
            )
        return table.reset_index(drop=True)

    def _tableau_couverture(self, x_titre):
        d = self.data
        valeurs = [
            v if pd.notna(v) else secret_statistique.texte_insuffisant(n)
            for v, n in zip(d[self.y], d["n"], strict=True)
        ]
        colonnes = {x_titre: list(d[self.x])}
        if self.series:
            colonnes[_("Groupe")] = list(d[self.series])
        colonnes.update(
            {
                self.titre_valeur(): valeurs,
                _("Collectivités ayant publié (n)"): [int(n) for n in d["n"]],
                _("Collectivités du groupe (N)"): [int(n) for n in d["n_groupe"]],
                _("Part de la population (%)"): [
                    None if pd.isna(p) else round(float(p) * 100, 1) for p in d["part_population"]
                ],
            }
        )
        return pd.DataFrame(colonnes)

    # --- CSV and HTML table (rendered by cms/includes/chart.html) ------------------------------
    def csv_table(self):
        table = self.tableau()
        return (
            [str(c) for c in table.columns],
            ([_csv_valeur(v) for v in ligne] for ligne in table.itertuples(index=False)),
        )

    def table(self):
        """Header labels and formatted rows: the first cell of each row is a row header."""
        table = self.tableau()
        entetes = [str(c) for c in table.columns]
        lignes = [
            [format_nombre(v) if i else str(v) for i, v in enumerate(ligne)]
            for ligne in table.itertuples(index=False)
        ]
        return entetes, lignes

    def _signature(self):
        return self.key, sorted(self.params.items()), self.title, self.kind

    # --- sentence --------------------------------------------------------------------------------
    def resume(self):
        """One French sentence that says what the chart shows, from the data itself."""
        if self.vide:
            return self.texte_vide
        if self.sans_valeur:
            return _(
                "Données insuffisantes : moins de %(seuil)s collectivités ont publié chacun de ces chiffres."
            ) % {"seuil": secret_statistique.seuil()}
        unite = self.unite_texte
        if self.kind == "box":
            return self._resume_boite(unite)
        phrase = self._resume_tendance(unite) if self.kind == "line" else self._resume_barres(unite)
        if self.target is not None:
            phrase = phrase[:-1] + self._resume_cible(unite)
        return phrase

    def _resume_barres(self, unite):
        valeurs = self.data.dropna(subset=[self.y])
        haut, bas = valeurs[self.y].idxmax(), valeurs[self.y].idxmin()

        def qui(index):  # .at keeps each column's dtype (a row Series would turn 2023 into 2023.0)
            x = valeurs.at[index, self.x]
            return f"{x}, {valeurs.at[index, self.series]}" if self.series else str(x)

        return _(
            "%(titre)s : de %(bas)s%(unite)s (%(qui_bas)s) à %(haut)s%(unite)s (%(qui_haut)s), sur %(n)s valeurs."
        ) % {
            "titre": self.title,
            "bas": format_nombre(valeurs.at[bas, self.y]),
            "haut": format_nombre(valeurs.at[haut, self.y]),
            "qui_bas": qui(bas),
            "qui_haut": qui(haut),
            "unite": unite,
            "n": len(valeurs),
        }

    def _resume_tendance(self, unite):
        groupes = (
            list(self.data.groupby(self.series, sort=False)) if self.series else [(None, self.data)]
        )
        # The first series with a figure to show (sans_valeur rules out that there is none).
        nom, serie = next(g for g in groupes if g[1][self.y].notna().any())
        serie = serie.dropna(subset=[self.y]).sort_values(self.x)
        x, y = serie[self.x], serie[self.y]  # by column: keeps the years as integers
        phrase = _(
            "%(titre)s : de %(x0)s à %(x1)s, %(qui)s passe de %(v0)s%(unite)s à %(v1)s%(unite)s"
        ) % {
            "titre": self.title,
            "x0": x.iloc[0],
            "x1": x.iloc[-1],
            "qui": nom if nom is not None else _("la valeur"),
            "v0": format_nombre(y.iloc[0]),
            "v1": format_nombre(y.iloc[-1]),
            "unite": unite,
        }
        if len(groupes) > 1:
            phrase += _(" (%(n)s séries au total)") % {"n": len(groupes)}
        return phrase + "."

    def _resume_cible(self, unite):
        valeurs = self.data[self.y].dropna()
        return _(", la cible de %(cible)s%(unite)s étant atteinte par %(k)s sur %(n)s.") % {
            "cible": format_nombre(self.target),
            "unite": unite,
            "k": int((valeurs >= self.target).sum()),
            "n": len(valeurs),
        }

    def _resume_boite(self, unite):
        premier = self.data.iloc[0]  # box rows mix a label and numbers: an object row
        phrase = _(
            "%(titre)s : pour %(qui)s, la médiane est de %(med)s%(unite)s et la moitié des valeurs est entre %(q1)s et %(q3)s%(unite)s"
        ) % {
            "titre": self.title,
            "qui": premier[self.x],
            "med": format_nombre(premier["mediane"]),
            "q1": format_nombre(premier["q1"]),
            "q3": format_nombre(premier["q3"]),
            "unite": unite,
        }
        if POSITION in self.data and not pd.isna(premier[POSITION]):
            phrase += _(" ; la collectivité est à %(v)s%(unite)s") % {
                "v": format_nombre(premier[POSITION]),
                "unite": unite,
            }
        return phrase + "."

    # --- plotly figure ---------------------------------------------------------------------------
    def figure(self):
        """The figure as plotly.js reads it: plain dicts (plotly.py's validated objects cost
        ~30 ms a chart, most of a page with an empty cache), no template (plotly.py's default
        weighs ~6 KB a chart)."""
        traces = _traces_boites(self) if self.kind == "box" else _traces_series(self)
        layout = {
            "template": {},
            "title": {"text": self.title},
            "font": {"family": "system-ui, sans-serif", "size": 14, "color": "#1d2430"},
            "paper_bgcolor": "#ffffff",
            "plot_bgcolor": "#ffffff",
            "separators": ", ",
            "margin": {"l": 60, "r": 20, "t": 60, "b": 60},
            "legend": {"orientation": "h", "y": -0.2},
            "barmode": "group",
            "yaxis": {
                "title": {"text": self.unit},
                "gridcolor": "#d5dbe3",
                "zeroline": True,
                "zerolinecolor": "#4a5565",
                **({"range": list(self.y_range)} if self.y_range else {}),
            },
            "xaxis": {"title": {"text": self.x_label}, "type": "category"},
        }
        if self.target is not None:
            # A line across the plot at the target, labelled above its left end.
            ligne = {"xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": self.target}
            layout["shapes"] = [
                {
                    **ligne,
                    "type": "line",
                    "y1": self.target,
                    "line": {"color": "#a4161a", "dash": "dash", "width": 2},
                }
            ]
            layout["annotations"] = [
                {
                    "text": self.target_label or _("Cible : %(v)s") % {"v": self.target},
                    "showarrow": False,
                    "xref": "x domain",
                    "x": 0,
                    "xanchor": "left",
                    "yref": "y",
                    "y": self.target,
                    "yanchor": "bottom",
                }
            ]
        return {"data": traces, "layout": layout}

    def figure_script(self):
        """The figure as inert JSON for charts.js (no inline script, CSP-friendly)."""
        # plotly's validated objects cost ~50 ms a chart and a dashboard draws a dozen: the JSON
        # is cached by everything it is made of.
        texte = en_cache(
            "figure",
            *(getattr(self, f.name) for f in fields(self) if f.name not in ("data", "params")),
            self.data.to_json(date_format="iso"),
            get_language(),
            calculer=lambda: to_json_plotly(self.figure()),
            versionne=False,
        )
        for caractere, echappe in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
            texte = texte.replace(caractere, echappe)
        return format_html(
            '<script type="application/json" data-chart-for="{}">{}</script>',
            self.dom_id,
            mark_safe(texte),
        )


def _titres_boite():
    return {
        "min": _("Minimum"),
        "q1": _("1er quartile"),
        "mediane": _("Médiane"),
        "q3": _("3e quartile"),
        "max": _("Maximum"),
        POSITION: _("Collectivité"),
    }


def _traces_series(chart):
    groupes = (
        list(chart.data.groupby(chart.series, sort=False))
        if chart.series
        else [(chart.title, chart.data)]
    )
    traces = []
    for i, (nom, serie) in enumerate(groupes):
        couleur = PALETTE[i % len(PALETTE)]
        x = [str(v) for v in serie[chart.x]]
        y = [None if pd.isna(v) else float(v) for v in serie[chart.y]]
        survol = _survol(chart, serie)
        if chart.kind == "line":
            traces.append(
                dict(
                    type="scatter",
                    x=x,
                    y=y,
                    **survol,
                    name=str(nom),
                    mode="lines+markers",
                    line={"color": couleur, "dash": TIRETS[i % len(TIRETS)], "width": 2.5},
                    marker={"symbol": SYMBOLES[i % len(SYMBOLES)], "size": 9},
                )
            )
        else:
            traces.append(
                dict(
                    type="bar",
                    x=x,
                    y=y,
                    **survol,
                    name=str(nom),
                    marker={
                        "color": couleur,
                        "line": {"color": "#1d2430", "width": 1},
                        "pattern": {"shape": MOTIFS[i % len(MOTIFS)], "fgcolor": "#1d2430"},
                    },
                )
            )
    return traces


def _survol(chart, serie):
    """A group figure's hover names whom it covers (« 12 sur 40 collectivités, 45 % … »)."""
    if not chart.couverture:
        return {}
    unite = f" {chart.unit}" if chart.unit else ""
    return {
        "customdata": [
            secret_statistique.texte_couverture(n, total, part)
            for n, total, part in zip(
                serie["n"], serie["n_groupe"], serie["part_population"], strict=True
            )
        ],
        "hovertemplate": f"%{{x}} : %{{y}}{unite}<br>%{{customdata}}<extra>%{{fullData.name}}</extra>",
    }


def _traces_boites(chart):
    """Box plots from the basic bundle: whisker lines, a Q1→Q3 bar, a median tick, a position."""
    donnees = chart.data
    x = [str(v) for v in donnees[chart.x]]
    titres = _titres_boite()
    moustaches_x, moustaches_y = [], []
    for etiquette, bas, haut in zip(x, donnees["min"], donnees["max"], strict=True):
        moustaches_x += [etiquette, etiquette, None]
        moustaches_y += [float(bas), float(haut), None]
    traces = [
        {
            "type": "scatter",
            "x": moustaches_x,
            "y": moustaches_y,
            "mode": "lines",
            "name": f"{titres['min']} – {titres['max']}",
            "line": {"color": "#4a5565", "width": 2},
            "hoverinfo": "skip",
        },
        {
            "type": "bar",
            "x": x,
            "base": [float(v) for v in donnees["q1"]],
            "y": [float(h - b) for b, h in zip(donnees["q1"], donnees["q3"], strict=True)],
            "name": f"{titres['q1']} – {titres['q3']}",
            "width": 0.5,
            "marker": {
                "color": PALETTE[4],
                "line": {"color": "#1d2430", "width": 1},
                "pattern": {"shape": "/", "fgcolor": "#1d2430"},
            },
        },
        {
            "type": "scatter",
            "x": x,
            "y": [float(v) for v in donnees["mediane"]],
            "mode": "markers",
            "name": titres["mediane"],
            "marker": {"symbol": "line-ew", "size": 30, "line": {"width": 4, "color": "#000000"}},
        },
    ]
    if POSITION in donnees:
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": [None if pd.isna(v) else float(v) for v in donnees[POSITION]],
                "mode": "markers",
                "name": titres[POSITION],
                "marker": {
                    "symbol": "diamond",
                    "size": 14,
                    "color": PALETTE[5],
                    "line": {"width": 2, "color": "#000000"},
                },
            }
        )
    return traces


# --- registry: a stable key → a function that rebuilds a chart from GET parameters --------------
_CONSTRUCTEURS = {}


def enregistrer(key):
    """Register `fonction(params: QueryDict) -> Chart` under a URL-safe key (for the CSV view)."""

    def decorateur(fonction):
        _CONSTRUCTEURS[key] = fonction
        return fonction

    return decorateur


def construire(key, params):
    """The chart of `key` for these parameters; KeyError if the key is unknown."""
    return _CONSTRUCTEURS[key](params)
