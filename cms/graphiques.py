"""Charts the CMS offers editors, each rebuilt from its URL parameters for the CSV view."""

from django.utils.translation import gettext as _

from cms import data
from cms.charts import KINDS, Chart, enregistrer


def parse_annees(texte):
    """'2023-2025' → [2023, 2024, 2025]; '2022,2024' → [2022, 2024]; '' → None (all years)."""
    texte = (texte or "").replace(" ", "")
    if not texte:
        return None
    annees = set()
    for morceau in texte.split(","):
        debut, _sep, fin = morceau.partition("-")
        if not debut.isdigit() or (fin and not fin.isdigit()):
            raise ValueError(
                f"Années invalides : {texte!r} (attendu : 2024, 2022-2025 ou 2022,2024)."
            )
        annees.update(range(int(debut), int(fin or debut) + 1))
    return sorted(annees)


def graphique_serie(indicateur_code, groupe="national", annees="", kind="line", titre=""):
    """An indicator's aggregate over the years, by group (data.serie)."""
    if groupe not in data.GROUPES:
        groupe = "national"
    if kind not in KINDS or kind == "box":
        kind = "line"
    try:
        liste_annees = parse_annees(annees)
    except ValueError:
        liste_annees, annees = None, ""
    indicateur = data.indicateur(indicateur_code)
    frame = data.serie(indicateur_code, groupe, liste_annees)
    return Chart(
        title=titre or indicateur.libelle,
        data=frame,
        kind=kind,
        x="annee",
        y="valeur",
        series="groupe" if groupe != "national" else None,
        unit=indicateur.unite,
        target=indicateur.cible,
        target_label=indicateur.cible_libelle,
        x_label=_("Année"),
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
