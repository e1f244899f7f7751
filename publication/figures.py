"""The one place where public pages read published figures.

Every block, page and CSV view asks these functions, never the models. Only *published* real
data is ever returned (`Evaluation.objects.publiees()`, `Valeur.objects.publiees()`); indicator
aggregates come from indicators.queries / indicators.aggregation, never recomputed here.
"""

from dataclasses import dataclass

import pandas as pd
from django.db.models import Avg, Case, Count, F, Max, Subquery, When
from django.utils.translation import gettext as _

from commitments.models import Campagne, Evaluation, Signature
from commitments.queries import evaluations_publiees
from indicators import aggregation, queries, secret_statistique
from indicators.models import Indicateur as IndicateurModele
from indicators.models import Portee, Valeur
from manifeste.maturite import Etat
from manifeste.models import Collectivite, TypeCollectivite
from publication.cache import en_cache
from publication.filters import filtrer_collectivites
from publication.profiles import declarantes

# Columns of the frames returned below (the contract with publication.charts / publication.maps).
# Every group figure comes with its coverage: `n` collectivities published it out of the
# group's `n_groupe`, holding `part_population` of its population; a figure of fewer than
# secret_statistique.seuil() collectivities is NaN (« données insuffisantes »).
COUVERTURE = ["n", "n_groupe", "part_population"]
COLONNES_SERIE = ["annee", "groupe", "valeur", *COUVERTURE]
COLONNES_TERRITOIRES = ["code", "valeur", "n"]
COLONNES_REPARTITION = ["niveau", "effectif"]
COLONNES_AGREGATS = [
    "code",
    "libelle",
    "unite",
    "groupe",
    "valeur",
    *COUVERTURE,
    "cible",
    "nature",
]

GROUPES = ("national", "type", "taille", "region")
CLE_GROUPE = {"type": "type", "taille": "classe_taille", "region": "region_id"}
NIVEAUX = range(5)


@dataclass(frozen=True)
class Indicateur:
    code: str
    libelle: str
    unite: str = ""  # of a group figure: « % de « oui » » for a yes/no indicator
    cible: float | None = None
    cible_libelle: str = ""
    nature: str = ""


def _modele(code):
    """The shared (national) indicator of that code, or None."""
    return IndicateurModele.objects.filter(code=code, collectivite__isnull=True).first()


def derniere_cible(modele):
    """The latest legal target set for the indicator: (year, value) or (None, None)."""
    cibles = sorted((int(a), v) for a, v in (modele.cibles or {}).items())
    return cibles[-1] if cibles else (None, None)


def indicateur(code):
    """Label, unit and legal target of an indicator (the code itself when unknown)."""
    modele = _modele(code)
    if modele is None:
        return Indicateur(code=code, libelle=code)
    annee, cible = derniere_cible(modele)
    return Indicateur(
        code=code,
        libelle=modele.nom_fr,
        unite=secret_statistique.unite_agregat(modele),
        cible=None if cible is None else float(cible),
        cible_libelle=_("Cible légale %(annee)s") % {"annee": annee} if annee else "",
        nature=modele.nature,
    )


def _collectivites(filtres):
    return filtrer_collectivites(Collectivite.objects.actives(), filtres or {})


def _libelles_groupe(groupe, index):
    """Readable labels for group keys (type/size codes are labels already; régions by name).
    A `terr` indicator's keys are tuples (its group, then the type): « Région / commune »."""
    if groupe != "region":
        return [" / ".join(map(str, i)) if isinstance(i, tuple) else str(i) for i in index]
    regions = [i[0] if isinstance(i, tuple) else i for i in index]
    # Région councils and bodies with no région are grouped under a missing key (NaN).
    noms = dict(
        Collectivite.objects.filter(id__in=[r for r in regions if pd.notna(r)]).values_list(
            "id", "nom"
        )
    )
    libelles = [
        noms.get(r, str(r)) if pd.notna(r) else _("Non rattachées à une région") for r in regions
    ]
    return [
        " / ".join([libelle, *map(str, i[1:])]) if isinstance(i, tuple) else libelle
        for libelle, i in zip(libelles, index, strict=True)
    ]


def serie(indicateur_code, groupe="national", annees=None, filtres=None):
    """National aggregate of an indicator per year, one series per group.

    `groupe` is one of GROUPES; `annees` an iterable of years or None for every published year;
    `filtres` a FiltresTableau.filtres() dict. Columns: COLONNES_SERIE.
    """
    modele = _modele(indicateur_code)
    if modele is None:
        return pd.DataFrame(columns=COLONNES_SERIE)
    if annees is None:
        annees = sorted(
            set(Valeur.objects.publiees().filter(indicateur=modele).values_list("annee", flat=True))
        )
    par = () if groupe == "national" else (CLE_GROUPE[groupe],)
    collectivites = _collectivites(filtres)
    lignes = []
    for annee in annees:
        t = queries.agreger_sql(modele, annee, par, collectivites=collectivites)
        t = t[t["n"] > 0]
        if t.empty:
            continue
        index = [i if not isinstance(i, tuple) else " / ".join(map(str, i)) for i in t.index]
        libelles = ["national"] * len(t) if not par and modele.portee != Portee.TERR else index
        if par == ("region_id",):
            libelles = _libelles_groupe("region", t.index)
        t = secret_statistique.masquer(t)
        lignes += [
            {"annee": annee, "groupe": g, **ligne}
            for g, ligne in zip(
                libelles, t[["valeur", *COUVERTURE]].to_dict("records"), strict=True
            )
        ]
    return pd.DataFrame(lignes, columns=COLONNES_SERIE)


def valeurs_territoires(indicateur_code, annee, niveau="departement", filtres=None):
    """One value per département or région (INSEE code), NaN where too few collectivities
    published it, and `n` how many did. Columns: COLONNES_TERRITOIRES."""
    modele = _modele(indicateur_code)
    if modele is None or annee is None or modele.portee == Portee.TERR:
        return pd.DataFrame(columns=COLONNES_TERRITOIRES)
    t = queries.agreger_sql(
        modele, annee, (f"{niveau}_id",), collectivites=_collectivites(filtres)
    ).reset_index()
    t = secret_statistique.masquer(t[(t["n"] > 0) & t[f"{niveau}_id"].notna()])
    codes = dict(
        Collectivite.objects.filter(id__in=list(t[f"{niveau}_id"])).values_list("id", "code_insee")
    )
    return pd.DataFrame(
        {
            "code": [codes[i] for i in t[f"{niveau}_id"]],
            "valeur": list(t["valeur"]),
            "n": [int(n) for n in t["n"]],
        },
        columns=COLONNES_TERRITOIRES,
    )


def libelle_niveau(etat, niveau):
    if etat == Etat.NON_CONCERNE:
        return str(Etat.NON_CONCERNE.label)
    if etat == Etat.EVALUE and pd.notna(niveau):
        return str(int(niveau))
    return str(Etat.NON_RENSEIGNE.label)


def non_publie():
    """The row of signatories without a published assessment: missing, never a level 0."""
    return _("Non publié")


def signataires(filtres=None):
    """How many active collectivities matching the filters signed the manifesto."""
    return filtrer_collectivites(
        Signature.objects.filter(collectivite__active=True), filtres or {}, prefixe="collectivite__"
    ).count()


def repartitions_niveaux(engagement_codes, annee=None, filtres=None):
    """{engagement code: frame of COLONNES_REPARTITION} in one query, from published assessments
    of the year `annee` (default: each engagement's latest published year). « Non concerné »,
    « non renseigné » and the signatories who published nothing (« non publié ») are their own
    rows, never a 0; no published row gives an empty frame."""
    qs = filtrer_collectivites(
        Evaluation.objects.publiees().filter(engagement__code__in=list(engagement_codes)),
        filtres or {},
        prefixe="collectivite__",
    )
    if annee:
        qs = qs.filter(campagne__annee=annee)
    lignes = pd.DataFrame.from_records(
        qs.values_list("engagement__code", "campagne__annee", "etat", "niveau")
        .annotate(effectif=Count("id"))
        .order_by(),
        columns=["engagement", "annee", "etat", "niveau", "effectif"],
    )
    ordre = [str(n) for n in NIVEAUX] + [
        str(Etat.NON_CONCERNE.label),
        str(Etat.NON_RENSEIGNE.label),
    ]
    total = signataires(filtres)
    resultat = {}
    for code in engagement_codes:
        lignes_code = lignes[lignes["engagement"] == code]
        if lignes_code.empty:
            resultat[code] = pd.DataFrame(columns=COLONNES_REPARTITION)
            continue
        lignes_code = lignes_code[lignes_code["annee"] == lignes_code["annee"].max()]
        niveaux = [
            libelle_niveau(e, n)
            for e, n in zip(lignes_code["etat"], lignes_code["niveau"], strict=True)
        ]
        effectifs = lignes_code.assign(niveau=niveaux).groupby("niveau")["effectif"].sum()
        comptes = [int(effectifs.get(n, 0)) for n in ordre]
        resultat[code] = pd.DataFrame(
            {
                "niveau": [*ordre, non_publie()],
                "effectif": [*comptes, max(0, total - sum(comptes))],
            },
            columns=COLONNES_REPARTITION,
        )
    return resultat


def publiees_sur(frame):
    """(collectivities that published, signatories) of a repartitions_niveaux frame."""
    effectifs = dict(zip(frame["niveau"], frame["effectif"], strict=True))
    total = sum(effectifs.values())
    return total - effectifs.get(non_publie(), 0), total


def repartition_niveaux(engagement_code, annee=None, filtres=None):
    """How many collectivities stand at each maturity level of an engagement, with « non
    concerné » and « non renseigné » as their own rows (never counted as 0).
    Columns: COLONNES_REPARTITION."""
    return repartitions_niveaux([engagement_code], annee, filtres)[engagement_code]


def derniere_annee_publiee():
    """The latest year with published shared values; one indexed probe per campaign year
    rather than a MAX over every value."""
    valeurs = Valeur.objects.publiees().filter(indicateur__collectivite__isnull=True)
    annees = Campagne.objects.order_by("-annee").values_list("annee", flat=True)
    return next((a for a in annees if valeurs.filter(annee=a).exists()), None)


def annees_campagnes():
    """The campaign years, latest first."""
    return list(Campagne.objects.order_by("-annee").values_list("annee", flat=True))


def effectif_max(annee, filtres=None, engagement=None):
    """The most collectivities matching the filters behind any one figure of `annee`: the
    published assessments of one engagement, then, only if that falls short of the threshold,
    the published values of one shared indicator (those of `engagement` if given)."""
    filtres = filtres or {}

    def plus_grand(qs, cle):
        qs = filtrer_collectivites(qs.filter(collectivite__active=True), filtres, "collectivite__")
        comptes = qs.values(cle).annotate(n=Count("id")).order_by().values_list("n", flat=True)
        return max(comptes, default=0)

    evaluations = Evaluation.objects.publiees().filter(campagne__annee=annee)
    valeurs = Valeur.objects.publiees().filter(annee=annee, indicateur__collectivite__isnull=True)
    if engagement:
        evaluations = evaluations.filter(engagement__code=engagement)
        valeurs = valeurs.filter(indicateur__engagement__code=engagement)
    n = plus_grand(evaluations, "engagement_id")
    return n if secret_statistique.diffusable(n) else max(n, plus_grand(valeurs, "indicateur_id"))


def annee_par_defaut(filtres=None, engagement=None):
    """The year a page shows when the visitor chose none (secret_statistique.annee_diffusable)."""
    return secret_statistique.annee_diffusable(
        annees_campagnes(), lambda annee: effectif_max(annee, filtres, engagement)
    )


def enregistrements(frame):
    """A frame's rows as dicts for templates, NaN as None (a template would print « nan »)."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def lignes_agregats(frame):
    """The rows of an agregats_nationaux frame as shown, in the active language (the frame is
    cached for every language): a yes/no indicator's unit is the share of « oui », a level
    its name."""
    lignes = enregistrements(frame)
    for ligne in lignes:
        ligne["unite"] = secret_statistique.unite_agregat(
            IndicateurModele(nature=ligne["nature"], unite=ligne["unite"])
        )
        if ligne["groupe"]:
            ligne["groupe"] = TypeCollectivite(ligne["groupe"]).label
    return lignes


def agregats_nationaux(annee=None, filtres=None):
    """Each shared indicator's aggregate over the filtered collectivities for `annee` (default:
    the latest year with published values), with coverage and legal target, in a few queries;
    a figure too few collectivities published is None. `terr` indicators give one row
    per collectivity type. Returns (year, frame COLONNES_AGREGATS).
    """
    annee = annee or derniere_annee_publiee()
    if annee is None:
        return None, pd.DataFrame(columns=COLONNES_AGREGATS)
    modeles = list(IndicateurModele.objects.filter(collectivite__isnull=True).order_by("code"))
    tables = queries.agreger_sql_plusieurs(modeles, annee, collectivites=_collectivites(filtres))
    lignes = []
    for modele in modeles:
        cible = modele.cible(annee)
        for groupe, ligne in tables[modele.pk].iterrows():
            agregat = aggregation.agregat_de_ligne(ligne)
            if agregat.n == 0:
                continue
            lignes.append(
                {
                    "code": modele.code,
                    "libelle": modele.nom_fr,
                    "unite": modele.unite,
                    "groupe": groupe if modele.portee == Portee.TERR else "",
                    "valeur": agregat.valeur if secret_statistique.diffusable(agregat.n) else None,
                    "n": agregat.n,
                    "n_groupe": agregat.n_groupe,
                    "part_population": agregat.part_population,
                    "cible": None if cible is None else float(cible),
                    "nature": modele.nature,
                }
            )
    return annee, pd.DataFrame(lignes, columns=COLONNES_AGREGATS)


COLONNES_NIVEAUX_TERRITOIRES = ["code", "valeur", "n"]


def derniere_annee_evaluations(engagement_code):
    """The latest campaign year with a published assessment of the engagement, or None."""
    return (
        Evaluation.objects.publiees()
        .filter(engagement__code=engagement_code)
        .aggregate(a=Max("campagne__annee"))["a"]
    )


def niveaux_territoires(engagement_code, annee=None, niveau="departement", filtres=None):
    """Mean published maturity level of an engagement per département or région (INSEE code),
    with `n` the number of assessments averaged, in one query.

    Only « évalué » assessments count: « non concerné » and « non renseigné » are left out of
    the mean and of `n`. A collectivity counts in the territory it belongs to; a département
    or région council counts in its own territory. `annee` defaults to the engagement's latest
    published year. Columns: COLONNES_NIVEAUX_TERRITOIRES.
    """
    if niveau not in ("departement", "region"):
        raise ValueError(f"Maille inconnue : {niveau!r}.")
    if annee is None:
        annee = derniere_annee_evaluations(engagement_code)
    territoire = Case(
        When(collectivite__type=niveau, then=F("collectivite__code_insee")),
        default=F(f"collectivite__{niveau}__code_insee"),
    )
    lignes = (
        filtrer_collectivites(
            Evaluation.objects.publiees().filter(
                engagement__code=engagement_code,
                campagne__annee=annee,
                etat=Etat.EVALUE,
                collectivite__active=True,
            ),
            filtres or {},
            prefixe="collectivite__",
        )
        .annotate(territoire=territoire)
        .filter(territoire__isnull=False)
        .values("territoire")
        .annotate(moyenne=Avg("niveau"), n=Count("id"))
        .order_by("territoire")
    )
    return pd.DataFrame(
        [(ligne["territoire"], float(ligne["moyenne"]), ligne["n"]) for ligne in lignes],
        columns=COLONNES_NIVEAUX_TERRITOIRES,
    )


# The national dashboard's figures, every one of the year its filters name.


def annee_affichee(filtres):
    """The visitor's year, else the latest one enough collectivities matching the filters
    published (cached until the next publication)."""
    if filtres.get("annee"):
        return filtres["annee"]
    autres = sorted((k, v) for k, v in filtres.items() if k != "annee")
    return en_cache("annee_par_defaut", autres, calculer=lambda: annee_par_defaut(dict(autres)))


def chiffres_nationaux(engagement_codes, filtres):
    """Every figure of the national dashboard for these filters, all of the year `filtres`
    names (cached by the page: at national scale they take seconds, and a publication
    refreshes them)."""
    collectivites = filtrer_collectivites(Collectivite.objects.actives(), filtres)
    annee, agregats = agregats_nationaux(filtres.get("annee"), filtres)
    return {
        "repartitions": repartitions_niveaux(engagement_codes, filtres.get("annee"), filtres),
        "annee_indicateurs": annee,
        "agregats": agregats,
        "signataires": filtrer_collectivites(
            Signature.objects.all(), filtres, prefixe="collectivite__"
        ).count(),
        "declarantes": declarantes(collectivites, filtres.get("annee")),
    }


def narratifs_exemplaires(engagement, annee, limite):
    """The published assessments with a narrative of the most advanced collectivities on the
    engagement, in `annee` (default: its latest published campaign year): highest level first,
    then most recently updated."""
    publiees = evaluations_publiees().filter(engagement=engagement)
    derniere = publiees.order_by("-campagne__annee").values("campagne__annee")[:1]
    return (
        publiees.filter(
            campagne__annee=annee or Subquery(derniere),
            etat=Etat.EVALUE,
            collectivite__active=True,
        )
        .exclude(narratif="")
        .order_by("-niveau", "-modifie_le", "collectivite__nom")[:limite]
    )
