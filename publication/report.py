"""The yearly report of one collectivity: the data it shows, gathered in one place.

The template only loops over what `rapport_collectivite` returns, so published assessments and
indicator values plug in here (`evaluations_publiees`, `indicateurs_publies`) without touching
the page or the PDF. The collectivity's public profile shows the same lines
(`engagements_publies`, `indicateurs_publies`): one source for both.
"""

from dataclasses import dataclass, field

from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import get_language, gettext

from manifeste.maturite import Etat, taux_completion
from manifeste.models import Engagement, NiveauMaturite


@dataclass
class LigneEngagement:
    ambition_code: str
    ambition_titre: str
    code: str
    titre: str
    etat: str = Etat.NON_RENSEIGNE
    niveau: int | None = None
    libelle_niveau: str = ""
    descripteur: str = ""  # what the level reached means for this engagement
    recit: str = ""  # what the collectivity did

    @property
    def evaluee(self):
        return self.etat != Etat.NON_RENSEIGNE


def par_ambition(lignes):
    """Engagement lines grouped by ambition, in the referential's order: [(code, titre, [lignes])]."""
    groupes = {}
    for ligne in lignes:
        groupes.setdefault((ligne.ambition_code, ligne.ambition_titre), []).append(ligne)
    return [(code, titre, lignes) for (code, titre), lignes in groupes.items()]


def avec_pairs(lignes):
    """The indicator lines that have a peer comparison (a local indicator has none)."""
    return [ligne for ligne in lignes if ligne.pairs]


@dataclass
class Rapport:
    collectivite: object
    annee: int
    signature: object
    engagements: list[LigneEngagement]
    indicateurs: list = field(default_factory=list)
    genere_le: object = None

    @property
    def ambitions(self):
        return par_ambition(self.engagements)

    @property
    def comparaisons(self):
        return avec_pairs(self.indicateurs)

    @property
    def completion(self):
        return taux_completion(ligne.etat for ligne in self.engagements)

    @property
    def nb_evalues(self):
        return sum(ligne.evaluee for ligne in self.engagements)


@dataclass
class LigneIndicateur:
    code: str
    libelle: str
    unite: str
    valeur: str  # the year's figure, written out (a rate for a ratio, oui/non)
    tendance: list  # [(annee, figure)] over the report's past years, oldest first
    cible: object = None  # the legal target in force, None when there is none
    cible_atteinte: bool | None = None
    pairs: list = field(default_factory=list)  # publication.peers.Comparaison, one per group


def evaluations_publiees(collectivite, annee):
    """Published assessments by engagement code: {code: (etat, niveau, recit)}; the narrative as
    plain text. Only published data may ever appear in a public report."""
    from commitments.queries import evaluations_publiees, texte_narratif

    return {
        e.engagement.code: (e.etat, e.niveau, texte_narratif(e.narratif))
        for e in evaluations_publiees().filter(collectivite=collectivite, campagne__annee=annee)
    }


ANNEES_TENDANCE = 5


def _chiffre(indicateur, x):
    if indicateur.nature == "bool":
        return gettext("oui") if x else gettext("non")
    return floatformat(x, -2)


def indicateurs_publies(collectivite, annee):
    """The collectivity's published values of `annee`, each with its trend over the previous
    years, whether it meets the legal target (indicators.aggregation's per-collectivity
    figure: a ratio is its rate) and how it stands among its peers. Four queries at most;
    `collectivite` comes with its département and région."""
    from indicators import secret_statistique
    from indicators.aggregation import cible_atteinte, par_collectivite
    from indicators.models import Indicateur, Valeur
    from indicators.queries import charger_valeurs, par_indicateur
    from publication import peers

    indicateurs = list(
        Indicateur.objects.filter(
            valeurs__in=Valeur.objects.publiees().filter(collectivite=collectivite, annee=annee)
        ).order_by("code")
    )
    if not indicateurs:
        return []
    groupes = peers.groupes_de_pairs(collectivite)
    # A collectivity's own indicators have no peers.
    distributions = distributions_des_pairs(
        groupes, [i for i in indicateurs if i.collectivite_id is None], annee
    )
    annees = range(annee - ANNEES_TENDANCE + 1, annee + 1)
    df = charger_valeurs(
        indicateurs, annees, valeurs=Valeur.objects.publiees().filter(collectivite=collectivite)
    )
    lignes = []
    lignes_de = par_indicateur(df)
    for indicateur in indicateurs:
        # The collectivity's own rows: its figure of each year.
        par_annee = par_collectivite(lignes_de[indicateur.pk], indicateur, par="annee")
        tendance = [(a, float(par_annee[a])) for a in annees if a in par_annee.index]
        if not tendance or tendance[-1][0] != annee:
            continue  # incomplete value: nothing to print
        chiffre = tendance[-1][1]
        atteinte = cible_atteinte(chiffre, indicateur, annee)
        cible = indicateur.cible(annee)
        lignes.append(
            LigneIndicateur(
                code=indicateur.code,
                libelle=indicateur.nom,
                unite=secret_statistique.unite_propre(indicateur),
                valeur=_chiffre(indicateur, chiffre),
                tendance=[(a, _chiffre(indicateur, x)) for a, x in tendance],
                cible=cible,
                cible_atteinte=atteinte,
                pairs=[]
                if indicateur.collectivite_id
                else [
                    peers.situer(
                        chiffre,
                        g.libelle,
                        distributions[(g.criteres_tries, indicateur.pk)],
                    )
                    for g in groupes
                ],
            )
        )
    return lignes


def distributions_des_pairs(groupes, indicateurs, annee):
    """{(group's criteria, indicator id): peers.Distribution} for `annee`, from the stored
    figures of the groups: one query."""
    from publication import peers, stored

    lignes = stored.des_groupes(
        [g.criteres for g in groupes], [i.code for i in indicateurs], annee=annee
    )
    return {
        (g.criteres_tries, i.pk): peers.distribution(
            lignes.get((stored.cle(g.criteres), i.code)), i
        )
        for g in groupes
        for i in indicateurs
    }


def engagements_publies(collectivite, annee):
    """One line per engagement of the current referential, filled from the assessments published
    for `annee` (None: every line « non renseigné »). One query, plus three for the referential
    when it is not cached."""
    engagements, niveaux = referentiel_courant()
    evaluations = {} if annee is None else evaluations_publiees(collectivite, annee)
    lignes = []
    for e in engagements:
        ligne = LigneEngagement(e.ambition_code, e.ambition_titre, e.code, e.titre)
        if e.code in evaluations:
            ligne.etat, ligne.niveau, ligne.recit = evaluations[e.code]
            if ligne.niveau is not None:
                ligne.libelle_niveau = niveaux.get(ligne.niveau, "")
                ligne.descripteur = e.descripteurs.get(ligne.niveau, "")
        lignes.append(ligne)
    return lignes


@dataclass(frozen=True)
class EngagementCourant:
    ambition_code: str
    ambition_titre: str
    code: str
    titre: str
    descripteurs: dict  # {level: what it means for this engagement}


def referentiel_courant():
    """(engagements, {level: label}) of the current referential in the active language: shared
    by every profile and report, so cached until the referential changes (publication.signals)."""
    from publication.cache import (
        en_cache,  # the cache of every published figure lives with the pages
    )

    def calculer():
        engagements = (
            Engagement.objects.filter(ambition__referentiel__est_courant=True)
            .select_related("ambition")
            .prefetch_related("descripteurs")
            .order_by("ambition__ordre", "ordre", "code")
        )
        niveaux = NiveauMaturite.objects.filter(referentiel__est_courant=True)
        return (
            [
                EngagementCourant(
                    e.ambition.code,
                    e.ambition.titre,
                    e.code,
                    e.titre,
                    {d.niveau: d.texte for d in e.descripteurs.all()},
                )
                for e in engagements
            ],
            {n.niveau: n.libelle for n in niveaux},
        )

    return en_cache("referentiel", get_language(), calculer=calculer)


def rapport_collectivite(collectivite, annee):
    return Rapport(
        collectivite=collectivite,
        annee=annee,
        signature=getattr(collectivite, "signature", None),
        engagements=engagements_publies(collectivite, annee),
        indicateurs=indicateurs_publies(collectivite, annee),
        genere_le=timezone.now(),
    )
