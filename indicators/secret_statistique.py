"""Whether a group figure may be shown, and the words that go with it.

A figure over several collectivities (national, a type, a size class, a région, a
département, a peer group) is public only when at least `settings.SEUIL_DIFFUSION` of them
published it: below, it would be one or two collectivities' own figures under a group's name.
It is then replaced by « données insuffisantes (n = 2) », and every shown figure says whom it
covers (n of N, share of the population). Missing is never zero: these functions only describe
who published, they never fill the gaps.
"""

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _

from .models import Nature


def seuil():
    return settings.SEUIL_DIFFUSION


def diffusable(n):
    """Whether a group figure computed from `n` collectivities may be shown."""
    return n is not None and n >= seuil()


def masquer(table, colonnes=("valeur",)):
    """`table` (with an `n` column) where the figures of too small groups are NaN."""
    garder = table["n"] >= seuil()
    return table.assign(**{c: table[c].where(garder) for c in colonnes})


def texte_insuffisant(n):
    return _("données insuffisantes (n = %(n)s)") % {"n": entier(n)}


def entier(n):
    return formats.number_format(int(n), 0, force_grouping=True)


def pourcentage(part):
    """A share (0–1) as « 45 % » (« 45% » in English); « < 1 % » rather than a false 0."""
    if part is None or part != part:  # NaN
        return "—"
    centieme = part * 100
    if 0 < centieme < 1:
        return _("< 1 %")
    return _("%(p)s %%") % {"p": formats.number_format(round(centieme), 0)}


def texte_couverture(n, n_groupe, part_population=None):
    """« 12 sur 36 249 collectivités, 45 % de la population »."""
    texte = _("%(n)s sur %(total)s collectivités") % {"n": entier(n), "total": entier(n_groupe)}
    if part_population is not None and part_population == part_population:
        texte += _(", %(part)s de la population") % {"part": pourcentage(part_population)}
    return texte


def unite_agregat(indicateur):
    """The unit of a group figure: a yes/no indicator's is the share of « oui »."""
    # xgettext:no-python-format
    return _("% de « oui »") if indicateur.nature == Nature.BOOL else indicateur.unite


def unite_propre(indicateur):
    """The unit of a collectivity's own figure: « oui »/« non » needs none."""
    return "" if indicateur.nature == Nature.BOOL else indicateur.unite


def annee_diffusable(annees, effectif):
    """The year to show by default among `annees` (latest first), `effectif(annee)` being the
    most collectivities behind any one figure of that year: the latest year with a figure that
    meets the threshold, else the latest with anything published, else None. Years are
    tried latest first and the search stops at the first that qualifies."""
    effectifs = {}
    for annee in annees:
        effectifs[annee] = effectif(annee)
        if diffusable(effectifs[annee]):
            return annee
    return next((a for a in annees if effectifs[a]), None)
