"""The one place where public pages read published figures.

Every block, page and CSV view asks these functions, never the models. Only *published* real
data is ever returned (`Evaluation.objects.publiees()`, `Valeur.objects.publiees()`); indicator
aggregates come from indicators.queries / indicators.aggregation, never recomputed here.
"""

from dataclasses import dataclass

import pandas as pd
from django.db.models import Max, Subquery
from django.utils.translation import gettext as _

from commitments.models import Campagne, Evaluation, Signature
from commitments.queries import evaluations_publiees
from indicators import secret_statistique
from indicators.models import Indicateur as IndicateurModele
from indicators.models import Portee, Valeur
from manifeste.maturite import Etat
from manifeste.models import Engagement, TypeCollectivite
from publication import stored
from publication.cache import en_cache
from publication.computation import QUARTILES
from publication.filters import filtrer_collectivites
from publication.maps import regions
from publication.models import AUCUN, DECLARANTES, SIGNATAIRES

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


def _de(modeles, filtres, par=(), **autres):
    """The stored rows of shared indicators in the filters' group, one per value of the keys
    `par`: a territorial indicator's by type as well (never added across levels)."""
    terr = [m.code for m in modeles if m.portee == Portee.TERR]
    autres_codes = [m.code for m in modeles if m.portee != Portee.TERR]
    frames = [stored.lignes(autres_codes, filtres, par, **autres)]
    if terr:
        frames.append(stored.lignes(terr, filtres, _par_terr(par), **autres))
    frames = [f for f in frames if not f.empty] or frames[:1]
    return pd.concat(frames, ignore_index=True)


def _par_terr(par):
    return par if "type" in par else (*par, "type")


def cles_de(modele, par=()):
    """The keys an indicator's figures are split by: `par`, and type for a territorial one."""
    return _par_terr(par) if modele.portee == Portee.TERR else tuple(par)


def par_groupe(modele, filtres, par=(), **autres):
    """The stored rows of one shared indicator in the filters' group, one per value of
    cles_de(modele, par); quartiles and aggregate NaN where too few collectivities published."""
    t = _de([modele], filtres, par, **autres)
    return secret_statistique.masquer(t, ("valeur", *QUARTILES))


def _libelle_cle(cle, valeur):
    """A group key as shown: régions by name, type and size codes as they are."""
    if cle != "region":
        return str(valeur)
    if valeur == AUCUN:
        return _("Non rattachées à une région")
    return regions().get(valeur, valeur)


def _libelles(t, cles):
    """« Région / commune »: each row's keys `cles` as shown."""
    colonnes = [[_libelle_cle(c, v) for v in t[c]] for c in cles]
    return [" / ".join(parts) for parts in zip(*colonnes, strict=True)]


def serie(indicateur_code, groupe="national", annees=None, filtres=None):
    """National aggregate of an indicator per year, one series per group.

    `groupe` is one of GROUPES; `annees` an iterable of years or None for every published year;
    `filtres` a FiltresTableau.filtres() dict. Columns: COLONNES_SERIE.
    """
    modele = _modele(indicateur_code)
    if modele is None:
        return pd.DataFrame(columns=COLONNES_SERIE)
    par = () if groupe == "national" else (groupe,)
    autres = {} if annees is None else {"annee__in": list(annees)}
    t = _de([modele], filtres, par, **autres)
    if t.empty:
        return pd.DataFrame(columns=COLONNES_SERIE)
    cles = cles_de(modele, par)
    t = secret_statistique.masquer(t).assign(groupe=_libelles(t, cles) if cles else "national")
    return t.sort_values(["annee", "groupe"])[COLONNES_SERIE].reset_index(drop=True)


def valeurs_territoires(indicateur_code, annee, niveau="departement", filtres=None):
    """One value per département or région (INSEE code), NaN where too few collectivities
    published it, and `n` how many did; a council counts in its own territory.
    Columns: COLONNES_TERRITOIRES."""
    modele = _modele(indicateur_code)
    if modele is None or annee is None or modele.portee == Portee.TERR:
        return pd.DataFrame(columns=COLONNES_TERRITOIRES)
    t = stored.lignes([indicateur_code], filtres, (niveau,), annee=annee)
    t = secret_statistique.masquer(t[t[niveau] != AUCUN])
    return pd.DataFrame(
        {"code": list(t[niveau]), "valeur": list(t["valeur"]), "n": [int(n) for n in t["n"]]},
        columns=COLONNES_TERRITOIRES,
    )


def non_publie():
    """The row of signatories without a published assessment: missing, never a level 0."""
    return _("Non publié")


def _compte(sujet, filtres, annee):
    """A count stored as a subject (DECLARANTES, SIGNATAIRES) for the filters' group."""
    return int(stored.lignes([sujet], filtres, annee=annee)["n"].sum())


def signataires(filtres=None):
    """How many active collectivities matching the filters signed the manifesto (when the
    edition the filters name was frozen)."""
    filtres = filtres or {}
    if filtres.get("edition"):
        return _compte(SIGNATAIRES, filtres, filtres["edition"])
    return filtrer_collectivites(
        Signature.objects.filter(collectivite__active=True), filtres, prefixe="collectivite__"
    ).count()


def _libelles_niveaux():
    return {
        **{str(n): str(n) for n in NIVEAUX},
        Etat.NON_CONCERNE.value: str(Etat.NON_CONCERNE.label),
        Etat.NON_RENSEIGNE.value: str(Etat.NON_RENSEIGNE.label),
    }


def repartitions_niveaux(engagement_codes, annee=None, filtres=None):
    """{engagement code: frame of COLONNES_REPARTITION} from the stored level counts of the
    year `annee` (default: each engagement's latest published year). « Non concerné »,
    « non renseigné » and the signatories who published nothing (« non publié ») are their own
    rows, never a 0; no published row gives an empty frame."""
    t = stored.lignes(engagement_codes, filtres, **({"annee": annee} if annee else {}))
    libelles = _libelles_niveaux()
    total = signataires(filtres)
    resultat = {}
    for code in engagement_codes:
        du_code = t[t["sujet"] == code]
        if du_code.empty:
            resultat[code] = pd.DataFrame(columns=COLONNES_REPARTITION)
            continue
        niveaux = du_code.loc[du_code["annee"].idxmax(), "niveaux"]
        comptes = [int(niveaux.get(cle, 0)) for cle in libelles]
        resultat[code] = pd.DataFrame(
            {
                "niveau": [*libelles.values(), non_publie()],
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
    engagements = (
        [engagement] if engagement else list(Engagement.objects.values_list("code", flat=True))
    )
    n = stored.plus_grand_n(engagements, filtres, annee=annee)
    if secret_statistique.diffusable(n):
        return n
    indicateurs = IndicateurModele.objects.filter(collectivite__isnull=True)
    if engagement:
        indicateurs = indicateurs.filter(engagement__code=engagement)
    codes = indicateurs.values_list("code", flat=True)
    return max(n, stored.plus_grand_n(codes, filtres, annee=annee))


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
    the latest year with published values), with coverage and legal target, from the stored
    figures; a figure too few collectivities published is None. `terr` indicators give one row
    per collectivity type. Returns (year, frame COLONNES_AGREGATS).
    """
    annee = annee or derniere_annee_publiee()
    if annee is None:
        return None, pd.DataFrame(columns=COLONNES_AGREGATS)
    modeles = {m.code: m for m in IndicateurModele.objects.filter(collectivite__isnull=True)}
    t = _de(modeles.values(), filtres, annee=annee)
    lignes = []
    for ligne in enregistrements(t):
        modele = modeles[ligne["sujet"]]
        cible = modele.cible(annee)
        lignes.append(
            {
                "code": modele.code,
                "libelle": modele.nom_fr,
                "unite": modele.unite,
                "groupe": ligne["type"] if modele.portee == Portee.TERR else "",
                "valeur": ligne["valeur"] if secret_statistique.diffusable(ligne["n"]) else None,
                "n": ligne["n"],
                "n_groupe": ligne["n_groupe"],
                "part_population": ligne["part_population"],
                "cible": None if cible is None else float(cible),
                "nature": modele.nature,
            }
        )
    frame = pd.DataFrame(lignes, columns=COLONNES_AGREGATS)
    return annee, frame.sort_values(["code", "groupe"], ignore_index=True)


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
    with `n` the number of assessments averaged.

    Only « évalué » assessments count: « non concerné » and « non renseigné » are left out of
    the mean and of `n`. A collectivity counts in the territory it belongs to; a département
    or région council counts in its own territory. `annee` defaults to the engagement's latest
    published year. Columns: COLONNES_NIVEAUX_TERRITOIRES.
    """
    if niveau not in ("departement", "region"):
        raise ValueError(f"Maille inconnue : {niveau!r}.")
    if annee is None:
        annee = derniere_annee_evaluations(engagement_code)
    t = stored.lignes([engagement_code], filtres, (niveau,), annee=annee)
    t = t[(t[niveau] != AUCUN) & (t["n_chiffres"] > 0)]
    return pd.DataFrame(
        {"code": list(t[niveau]), "valeur": list(t["valeur"]), "n": list(t["n_chiffres"])},
        columns=COLONNES_NIVEAUX_TERRITOIRES,
    )


# The national dashboard's figures, every one of the year its filters name.


def declarantes(filtres):
    """How many collectivities matching the filters published anything in the filters' year
    (any year if none)."""
    return _compte(DECLARANTES, filtres, filtres.get("annee") or 0)


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
    annee, agregats = agregats_nationaux(filtres.get("annee"), filtres)
    return {
        "repartitions": repartitions_niveaux(engagement_codes, filtres.get("annee"), filtres),
        "annee_indicateurs": annee,
        "agregats": agregats,
        "signataires": signataires(filtres),
        "declarantes": declarantes(filtres),
        "mis_a_jour": None if filtres.get("edition") else stored.mis_a_jour(),
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
