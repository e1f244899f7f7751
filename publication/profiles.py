"""What each collectivity published: its latest years, its profile, profiles side by side.

Profiles and the comparison show only published data (publication.publiees), each part at one year,
and come from the public cache, which every publication renews.
"""

from dataclasses import dataclass

from django.db.models import Subquery
from django.utils.translation import get_language

from publication import report
from publication.cache import en_cache
from publication.publiees import publications


@dataclass
class Profil:
    """What a profile shows of the published data, cached until the next publication."""

    annee_evaluations: int | None
    engagements: list  # report.LigneEngagement
    annee_indicateurs: int | None
    indicateurs: list  # report.LigneIndicateur, with the peer comparison

    @property
    def ambitions(self):
        return report.par_ambition(self.engagements)

    @property
    def comparaisons(self):
        return report.avec_pairs(self.indicateurs)

    @property
    def annee_rapport(self):
        """The latest year with anything published: the printed report to offer."""
        return derniere_annee(self)


def avec_dernieres_annees(collectivites):
    """Annotate each collectivity with its latest year of published assessments and values."""
    evaluations, valeurs = publications()
    return collectivites.annotate(
        annee_evaluations=Subquery(
            evaluations.order_by("-campagne__annee").values("campagne__annee")[:1]
        ),
        annee_indicateurs=Subquery(valeurs.order_by("-annee").values("annee")[:1]),
    )


def derniere_annee(collectivite):
    """The latest year the collectivity (annotated by `avec_dernieres_annees`, or a Profil)
    published anything for, or None."""
    return max(
        filter(None, (collectivite.annee_evaluations, collectivite.annee_indicateurs)), default=None
    )


def annee_comparaison(collectivites):
    """The year a comparison shows by default: the latest any of `collectivites` (annotated by
    `avec_dernieres_annees`) published anything for, or None."""
    return max(filter(None, map(derniere_annee, collectivites)), default=None)


def profil_publie(collectivite, annee=None):
    """The published data of a collectivity annotated by `avec_dernieres_annees`: every part
    of `annee`, or (no year) each part at its own latest year. Cached under
    the dashboards' version, which every publication bumps; keyed by language too, since
    labels are translated."""
    ans = (
        (annee, annee)
        if annee
        else (collectivite.annee_evaluations, collectivite.annee_indicateurs)
    )
    return en_cache(
        "profil",
        collectivite.pk,
        *ans,
        get_language(),
        calculer=lambda: Profil(
            ans[0],
            report.engagements_publies(collectivite, ans[0]),
            ans[1],
            [] if ans[1] is None else report.indicateurs_publies(collectivite, ans[1]),
        ),
    )


@dataclass
class Comparaison:
    """The side-by-side table: every collectivity's published data of one year."""

    annee: int | None
    profils: list  # Profil, one per collectivity, in the chosen order
    engagements: list  # [(LigneEngagement of the first, [LigneEngagement per collectivity])]
    indicateurs: list  # [(LigneIndicateur, [LigneIndicateur or None per collectivity])]


def comparer_profils(collectivites, annee=None):
    """`collectivites` (annotated by `avec_dernieres_annees`) side by side in `annee` (default:
    annee_comparaison), never a figure of another year; profiles come from the cache."""
    annee = annee or annee_comparaison(collectivites)
    profils = [profil_publie(c, annee) for c in collectivites] if annee else []
    par_code = [{ligne.code: ligne for ligne in p.indicateurs} for p in profils]
    codes = sorted(set().union(*par_code))
    return Comparaison(
        annee,
        profils,
        [
            (lignes[0], list(lignes))
            for lignes in zip(*(p.engagements for p in profils), strict=True)
        ],
        [
            (next(d[code] for d in par_code if code in d), [d.get(code) for d in par_code])
            for code in codes
        ],
    )
