"""The demo's national picture: about 1,200 real collectivities of every type and région sign,
report from their signature year, and assess the 9 engagements each year 2021–2026, levels rising
slowly with a few regressions. Everything drawn here comes from generators seeded by the seed and
the collectivity's code, never by its database id nor by the order of the rows: two runs (or a
subset of the territories file) give the same draws for the same collectivity.

`portraits()` is what the indicators' demo reads to draw values that match each collectivity.
"""

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.text import slugify

from manifeste.maturite import Etat
from manifeste.models import Collectivite, Engagement, TypeCollectivite

from .models import Campagne, Evaluation, Membre, Signature
from .workflow import EtatPublication

GRAINE = 2021
ANNEES = range(2021, 2027)
P = EtatPublication
T = TypeCollectivite
# Probability that a collectivity signs, by type (communes and EPCI: see `probabilite_signature`).
P_SIGNE = {T.REGION: 0.7, T.DEPARTEMENT: 0.45}
P_EPCI = {"METRO": 0.9, "MET69": 1.0, "CU": 0.7, "CA": 0.4, "CC": 0.08}
MIN_PAR_REGION = 8  # a région's biggest communes sign until it has that many signatories
# Year of signature: the manifesto dates from late 2021, most signed in its first two years.
ANNEES_SIGNATURE = [(2021, 0.38), (2022, 0.25), (2023, 0.16), (2024, 0.11), (2025, 0.07)]
P_ANNEE_MANQUEE = 0.06  # a year skipped after the first one
P_REPONSE_2026 = 0.55  # the 2026 data are being entered
# Publication state of a year's data: old years are published, recent ones still moving.
ETATS = {
    2025: [
        (P.PUBLIE, 0.7),
        (P.VALIDE, 0.1),
        (P.SOUMIS, 0.08),
        (P.RENVOYE, 0.02),
        (P.BROUILLON, 0.1),
    ],
    2026: [
        (P.PUBLIE, 0.4),
        (P.VALIDE, 0.15),
        (P.SOUMIS, 0.17),
        (P.RENVOYE, 0.03),
        (P.BROUILLON, 0.25),
    ],
}
ETATS_ANCIENS = [(P.PUBLIE, 0.97), (P.VALIDE, 0.03)]
# Syndicats (type « autre ») are not in the territories file: the demo creates a few, one per
# département named here, covering its population.
SYNDICATS = {
    "50": "Syndicat mixte du numérique de la Manche",
    "33": "Syndicat mixte Gironde numérique",
    "35": "Syndicat mixte de coopération numérique d'Ille-et-Vilaine",
    "06": "Syndicat intercommunal des technologies de l'information des Alpes-Maritimes",
    "71": "Syndicat mixte d'informatique de Saône-et-Loire",
    "87": "Syndicat intercommunal de l'informatique de la Haute-Vienne",
    "974": "Syndicat mixte numérique de La Réunion",
    "67": "Syndicat intercommunal des systèmes d'information du Bas-Rhin",
}
NIVEAUX_TEXTE = [
    "un premier état des lieux est en cours",
    "un diagnostic est partagé et des actions pilotes lancées",
    "un plan d'action est voté et déployé dans plusieurs services",
    "les actions sont déployées dans toute la collectivité et suivies par des indicateurs",
    "la démarche est généralisée, évaluée chaque année et partagée avec d'autres territoires",
]


def _cle_tirage(cles):
    return ":".join(map(str, (GRAINE, *cles))).encode()


def uniforme(*cles):
    """A uniform draw in [0, 1) named by its keys (purpose, collectivity…): the same in every
    run, whatever else is drawn, and ten times cheaper than seeding a generator."""
    return int.from_bytes(hashlib.blake2b(_cle_tirage(cles), digest_size=8).digest()) / 2**64


def tirage(*cles):
    """A generator of its own for one purpose and one collectivity, for sequences of draws."""
    return random.Random(_cle_tirage(cles))


def choisir(rng, poids):
    return rng.choices([v for v, _p in poids], [p for _v, p in poids])[0]


@dataclass
class Portrait:
    """What the draws of one signatory depend on."""

    collectivite_id: int
    cle: str  # stable key: type and code
    type: str
    nature: str
    population: int
    classe_taille: str
    maturite: float  # 0–1: how far along it is, bigger ones usually further
    etats: dict = field(default_factory=dict)  # year → publication state of its data
    date_signature: date | None = None


def cle_collectivite(c):
    return f"{c['type']}:{c['code_insee'] or c['siren'] or c['slug']}"


def probabilite_signature(c):
    pop = c["population"] or 0
    if c["type"] == T.COMMUNE:
        return min(0.95, 0.003 + 0.6 * (pop / 60_000) ** 0.8)
    if c["type"] == T.EPCI:
        return P_EPCI.get(c["nature"], 0.1)
    return P_SIGNE.get(c["type"], 1.0)


def _syndicats():
    departements = {
        d.code_insee: d
        for d in Collectivite.objects.filter(type=T.DEPARTEMENT, code_insee__in=SYNDICATS)
    }
    for code, nom in SYNDICATS.items():
        if code in departements:
            d = departements[code]
            Collectivite.objects.get_or_create(
                type=T.AUTRE,
                slug=slugify(f"{nom} demo")[:120],
                defaults={
                    "nom": nom,
                    "population": d.population,
                    "zone": d.zone,
                    "region_id": d.region_id,
                    "departement_id": d.pk,
                },
            )


def _signataires():
    """The actives that sign: drawn per collectivity, then topped up so that every région
    counts at least MIN_PAR_REGION signatories."""
    colonnes = ("id", "type", "nature", "code_insee", "siren", "slug", "population", "region_id")
    actives = list(Collectivite.objects.actives().values(*colonnes, "classe_taille"))
    deja = set(Signature.objects.values_list("collectivite_id", flat=True))
    choisies = {
        c["id"]: c
        for c in actives
        if c["id"] in deja or uniforme("signe", cle_collectivite(c)) < probabilite_signature(c)
    }
    for region_id in {c["region_id"] or c["id"] for c in actives if c["type"] == T.REGION}:
        dans = [c for c in actives if region_id in (c["region_id"], c["id"])]
        manque = MIN_PAR_REGION - sum(c["id"] in choisies for c in dans)
        communes = sorted(
            (c for c in dans if c["type"] == T.COMMUNE and c["id"] not in choisies),
            key=lambda c: (-(c["population"] or 0), cle_collectivite(c)),
        )
        choisies.update((c["id"], c) for c in communes[: max(manque, 0)])
    return choisies.values()


def _portrait(c, nommees):
    cle = cle_collectivite(c)
    rng = tirage("portrait", cle)
    pop = c["population"] or 0
    # Bigger collectivities have more staff for this: their maturity starts higher.
    bonus = {"1": 0.0, "2": 0.05, "3": 0.1, "4": 0.15, "5": 0.2}.get(c["classe_taille"], 0.1)
    portrait = Portrait(
        c["id"],
        cle,
        c["type"],
        c["nature"],
        pop,
        c["classe_taille"],
        min(0.95, rng.betavariate(2, 4) + bonus),
    )
    debut = choisir(rng, ANNEES_SIGNATURE)
    for annee in ANNEES:
        manquee = annee > debut and rng.random() < P_ANNEE_MANQUEE
        absente = annee == 2026 and rng.random() > P_REPONSE_2026
        if annee >= debut and not manquee and not absente:
            portrait.etats[annee] = choisir(rng, ETATS.get(annee, ETATS_ANCIENS))
    if c["id"] in nommees:
        # The named demo accounts' collectivities: the open campaign's data still to submit.
        portrait.etats = {a: P.PUBLIE if a < 2025 else P.BROUILLON for a in ANNEES if a < 2026}
    portrait.date_signature = date(debut, 1, 1) + timedelta(days=rng.randrange(365))
    if debut == 2021:  # the manifesto was launched in the autumn of 2021
        portrait.date_signature = date(2021, 10, 1) + timedelta(days=rng.randrange(90))
    return portrait


def portraits(signees=False):
    """Every signatory of the national picture (the named demo's too), in a stable order;
    `signees`: only those whose signature is recorded."""
    nommees = set(Membre.objects.values_list("collectivite_id", flat=True))
    liste = _signataires()
    if signees:
        ids = set(Signature.objects.values_list("collectivite_id", flat=True))
        liste = [c for c in liste if c["id"] in ids]
    return sorted((_portrait(c, nommees) for c in liste), key=lambda p: p.cle)


def campagnes():
    """Campaigns 2021–2026 (the 2025 data are collected in 2026); existing ones are kept."""
    for annee in ANNEES:
        Campagne.objects.get_or_create(
            annee=annee,
            defaults={
                "date_ouverture": date(annee + 1, 1, 15),
                "date_cloture": date(annee + 1, 6, 30),
            },
        )
    return dict(Campagne.objects.filter(annee__in=ANNEES).values_list("annee", "id"))


def _niveaux(portrait, engagement):
    """Levels by year: a start set by maturity, a slow rise, sometimes one step back."""
    rng = tirage("niveaux", portrait.cle, engagement)
    niveau = min(4, max(0, round(4 * portrait.maturite + rng.gauss(-0.6, 0.7))))
    pente = 0.15 + 0.3 * portrait.maturite
    par_annee = {}
    for annee in ANNEES:
        par_annee[annee] = niveau
        hasard = rng.random()
        if hasard < pente:
            niveau = min(4, niveau + 1)
        elif hasard > 0.96:
            niveau = max(0, niveau - 1)
    return par_annee


def _non_concerne(portrait, engagement, rng):
    """Small communes leave the territory-wide engagements to their intercommunality."""
    petite = portrait.type == T.COMMUNE and portrait.classe_taille == "1"
    return petite and engagement.startswith("A3E1") and rng.random() < 0.4


COLONNES_EVALUATION = [
    "collectivite_id",
    "engagement_id",
    "campagne_id",
    "etat",
    "niveau",
    "justification",
    "narratif",
    "etat_publication",
    "reporte",
    "revu_commentaire",
    "cree_le",
    "modifie_le",
]


def lignes_evaluations(liste, quand):
    """The assessments of `liste` for the years each reported, as rows in COLONNES_EVALUATION
    order (written in bulk by the caller), except for (collectivity, campaign) pairs that
    already have some."""
    campagne_ids = campagnes()
    deja = set(Evaluation.objects.values_list("collectivite_id", "campagne_id").distinct())
    engagements = list(Engagement.objects.courants().values_list("id", "code", "titre_fr"))
    for portrait in liste:
        for eid, code, titre in engagements:
            niveaux = _niveaux(portrait, code)
            rng = tirage("etat", portrait.cle, code)
            non_concerne = _non_concerne(portrait, code, rng)
            for annee, etat_pub in portrait.etats.items():
                if (portrait.collectivite_id, campagne_ids[annee]) in deja:
                    continue
                a_remplir = etat_pub == P.BROUILLON and rng.random() < 0.3
                etat = (
                    Etat.NON_CONCERNE
                    if non_concerne
                    else Etat.NON_RENSEIGNE
                    if a_remplir
                    else Etat.EVALUE
                )
                niveau = niveaux[annee] if etat == Etat.EVALUE else None
                yield (
                    portrait.collectivite_id,
                    eid,
                    campagne_ids[annee],
                    etat.value,
                    niveau,
                    "Compétence exercée par l'intercommunalité." if non_concerne else "",
                    f"<p>{titre} : {NIVEAUX_TEXTE[niveau]} ({annee}).</p>"
                    if niveau is not None
                    else "",
                    etat_pub.value,
                    False,
                    "",
                    quand,
                    quand,
                )


def seed(log):
    """Signatures of the national picture (its assessments and values are written by the
    indicators' demo, with the bulk writer)."""
    _syndicats()
    campagnes()
    liste = portraits()
    signees = set(Signature.objects.values_list("collectivite_id", flat=True))
    Signature.objects.bulk_create(
        Signature(collectivite_id=p.collectivite_id, date_signature=p.date_signature)
        for p in liste
        if p.collectivite_id not in signees
    )
    log(f"Tableau national : {len(liste)} signataires.")
