"""Charts and maps the CMS offers editors, each rebuilt from its URL parameters for the CSV view."""

import re

from django.utils.translation import gettext as _

from indicators import secret_statistique
from manifeste.params import lire_annee, lire_annees
from publication import figures
from publication.cache import en_cache
from publication.charts import KINDS, Chart, enregistrer
from publication.filters import FiltresTableau
from publication.maps import LEVELS, Map

CODE_ENGAGEMENT = re.compile(r"A\d+E\d+")


def parse_annees(texte):
    """'2023-2025' → [2023, 2024, 2025]; '2022,2024' → [2022, 2024]; '' → None (all years)."""
    return lire_annees(texte)


def graphique_serie(indicateur_code, groupe="national", annees="", kind="line", titre=""):
    """An indicator's aggregate over the years, by group (figures.serie)."""
    if groupe not in figures.GROUPES:
        groupe = "national"
    if kind not in KINDS or kind == "box":
        kind = "line"
    try:
        liste_annees = parse_annees(annees)
    except ValueError:
        liste_annees, annees = None, ""
    indicateur = figures.indicateur(indicateur_code)
    frame = en_cache(
        "serie",
        indicateur_code,
        groupe,
        liste_annees,
        calculer=lambda: figures.serie(indicateur_code, groupe, liste_annees),
    )
    return Chart(
        title=titre or indicateur.libelle,
        data=frame,
        kind=kind,
        x="annee",
        y="valeur",
        # A terr indicator is never summed across levels: even « national » is one per type.
        series="groupe" if groupe != "national" or frame["groupe"].nunique() > 1 else None,
        unit=indicateur.unite,
        target=indicateur.cible,
        target_label=indicateur.cible_libelle,
        x_label=_("Année"),
        note=note_seuil(),
        y_range=(0, 100) if indicateur.nature == "bool" else None,
        key="serie",
        params={
            "indicateur": indicateur_code,
            "groupe": groupe,
            "annees": annees,
            "type": kind,
            "titre": titre,
        },
    )


@enregistrer("serie")
def _serie_depuis_url(params):
    return graphique_serie(
        params.get("indicateur", ""),
        params.get("groupe", "national"),
        params.get("annees", ""),
        params.get("type", "line"),
        params.get("titre", ""),
    )


def note_seuil():
    return _(
        "Chaque chiffre porte sur les seules collectivités qui l'ont publié ; publié par moins "
        "de %(seuil)s, il n'est pas montré (« données insuffisantes »)."
    ) % {"seuil": secret_statistique.seuil()}


def graphique_repartition(code, filtres=None, frame=None, titre=""):
    """How many collectivities stand at each level of an engagement in the year of the
    filters, under the dashboard's filters; `frame` when the caller already has the figures
    (figures.repartitions_niveaux). Fewer than the threshold published: no distribution."""
    filtres = filtres or {}
    if frame is None:
        frame = en_cache(
            "repartition",
            code,
            sorted(filtres.items()),
            calculer=lambda: figures.repartition_niveaux(code, filtres.get("annee"), filtres),
        )
    absence = note = ""
    if not frame.empty:
        n, total = figures.publiees_sur(frame)
        note = _("%(n)s signataires sur %(total)s ont publié cette évaluation.") % {
            "n": secret_statistique.entier(n),
            "total": secret_statistique.entier(total),
        }
        if not secret_statistique.diffusable(n):
            absence, frame = secret_statistique.texte_insuffisant(n), frame.iloc[:0]
    annee = filtres.get("annee")
    return Chart(
        title=titre
        or (
            _("Niveaux de maturité — %(code)s, %(annee)s") % {"code": code, "annee": annee}
            if annee
            else _("Niveaux de maturité — %(code)s") % {"code": code}
        ),
        data=frame,
        kind="bar",
        x="niveau",
        y="effectif",
        x_label=_("Niveau"),
        unit=_("collectivités"),
        absence=absence,
        note=note,
        key="repartition",
        params={"engagement": code, **filtres},
    )


@enregistrer("repartition")
def _repartition_depuis_url(params):
    code = params.get("engagement", "")
    if not CODE_ENGAGEMENT.fullmatch(code):
        raise KeyError(code)
    return graphique_repartition(code, FiltresTableau(params).filtres())


def carte_territoires(code, annee, niveau="departement", titre=""):
    """An indicator's values (or an engagement's mean level) per département or région."""
    if niveau not in LEVELS:
        niveau = "departement"
    engagement = CODE_ENGAGEMENT.fullmatch(code)
    nom, calculer = (
        ("niveaux_territoires", figures.niveaux_territoires)
        if engagement
        else ("territoires", figures.valeurs_territoires)
    )
    frame = en_cache(nom, code, annee, niveau, calculer=lambda: calculer(code, annee, niveau))
    if engagement:
        # One fixed 0–4 scale, so maps of different years compare.
        libelle, unite, bornes = _("Niveau moyen %(code)s") % {"code": code}, "", [1, 2, 3, 4]
        regle = _(
            "Moyenne des niveaux (0 à 4) des évaluations publiées des collectivités du "
            "territoire ; « non concerné » et « non renseigné » sont exclus. Effectif : nombre "
            "de collectivités évaluées."
        )
    else:
        indicateur = figures.indicateur(code)
        libelle, unite, bornes = indicateur.libelle, indicateur.unite, None
        regle = _("Effectif : nombre de collectivités du territoire ayant publié la valeur.")
    effectifs = {c: int(n) for c, n in zip(frame["code"], frame["n"], strict=True)}
    frame = secret_statistique.masquer(frame)
    regle = f"{regle} {note_seuil()}"
    return Map(
        title=titre or (f"{libelle} ({annee})" if annee else libelle),
        values=dict(zip(frame["code"], frame["valeur"], strict=True)),
        level=niveau,
        unit=unite,
        bounds=bornes,
        counts=effectifs,
        rule=regle,
        key="carte",
        params={"code": code, "annee": annee, "niveau": niveau, "titre": titre},
    )


@enregistrer("carte")
def _carte_depuis_url(params):
    annee = params.get("annee", "")
    return carte_territoires(
        params.get("code", ""),
        lire_annee(annee, "annee"),
        params.get("niveau", "departement"),
        params.get("titre", ""),
    )


def derniers_agregats(annee=None, edition=None):
    """(year, frame) of every shared indicator's national aggregate of `annee` (default: the
    latest year published, figures.agregats_nationaux), live or of a frozen `edition`."""
    filtres = {"edition": edition} if edition else None
    return en_cache(
        "agregats", annee, edition, calculer=lambda: figures.agregats_nationaux(annee, filtres)
    )


def lignes_agregats(codes=None, annee=None, edition=None):
    """(year, rows) of the national aggregates of `annee` (default: latest), only those of
    `codes` if given: dicts of figures.COLONNES_AGREGATS, NaN as None."""
    annee, agregats = derniers_agregats(annee, edition)
    if codes is not None:
        agregats = agregats[agregats["code"].isin(list(codes))]
    return annee, figures.lignes_agregats(agregats)


def annee_indicateur(code):
    """The year an indicator's national figure is shown by default: the latest whose
    national figure meets the threshold, else the latest published (None: never published)."""
    frame = en_cache(
        "serie", code, "national", None, calculer=lambda: figures.serie(code, "national", None)
    )
    effectifs = frame.groupby("annee")["n"].max()
    return secret_statistique.annee_diffusable(
        sorted(effectifs.index, reverse=True), lambda annee: int(effectifs[annee])
    )


def agregat_indicateur(code, annee=None):
    """One indicator's national aggregate of `annee` (default: annee_indicateur) as a row of
    figures.COLONNES_AGREGATS with its `annee` and `couverture`; None when nothing of that year
    is published."""
    annee = annee or annee_indicateur(code)
    if annee is None:
        return None
    annee, lignes = lignes_agregats([code], annee)
    if not lignes:
        return None
    ligne = lignes[0]
    couverture = secret_statistique.texte_couverture(
        ligne["n"], ligne["n_groupe"], ligne["part_population"]
    )
    return {**ligne, "annee": annee, "couverture": couverture}
