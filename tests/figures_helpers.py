"""The demo made hostile, and the matcher of tokens a public figure must never read.

`durcir()` adds, on top of whatever `seed_demo` loaded, the cases that turn a careless
computation into « nan »: a zero denominator, a collectivity with a single year, groups of one
member, a body with no région, département nor population, an indicator nobody answered,
incomplete published values, legal targets missing for some years. It picks its collectivities
from the data (no hard-coded counts), so it works on the small demo and on a national one.
"""

import datetime
import io
import re
from collections import Counter
from dataclasses import dataclass

from django.core.management import call_command

from commitments.models import Campagne, Evaluation, Signature
from commitments.workflow import EtatPublication
from indicators.models import Agregation, Indicateur, Valeur
from indicators.validation import champs_attendus
from manifeste.maturite import Etat
from manifeste.models import Collectivite, Engagement

# Every spelling Python, pandas, numpy, Decimal, JSON and JavaScript give a missing or infinite
# number. Case matters: « Nan-sous-Thil » (a commune) or an English « none » are words; « NaN »,
# « nan », « None » are leaks. A letter, a digit or « _ » on either side makes it part of a word
# (« Nancy », « information », « inférieur », « nanotechnologie », « Infinityx »); a « - » before
# it does not (« -inf » is a leak too).
JETONS = ("nan", "NaN", "NAN", "sNaN", "inf", "Inf", "INF", "Infinity", "infinity", "None")
JETONS += ("undefined", "NaT")
INTERDIT = re.compile(r"(?<![\w])(?:" + "|".join(JETONS) + r")(?![\w])|<NA>")


def jetons_interdits(texte, contexte=30):
    """Each forbidden token of `texte` with the characters around it, to say where it is."""
    return [
        texte[max(0, m.start() - contexte) : m.end() + contexte].replace("\n", " ")
        for m in INTERDIT.finditer(texte)
    ]


@dataclass
class Hostile:
    annee: int  # the year the hostile values are published for
    unique: Collectivite  # a signatory with that single year, alone in its groups
    sans_territoire: Collectivite  # type « autre », no région, département nor population
    inconnu: Indicateur  # in the catalogue, answered by nobody
    filtres_un_membre: dict  # dashboard filters under which `unique` is the only member


def _annee_publiee():
    """The latest year with published shared values (the year dashboards show by default)."""
    annees = Valeur.objects.publiees().values_list("annee", flat=True).order_by("-annee")
    return annees.first()


def _seule_de_son_groupe(exclure):
    """An active commune none of whose peers (same département and size class) is a signatory:
    once it signs, it is a group of one."""
    signataires = Collectivite.objects.filter(signature__isnull=False)
    pris = set(signataires.values_list("departement_id", "classe_taille"))
    candidates = (
        Collectivite.objects.actives()
        .filter(type="commune", signature__isnull=True, departement__isnull=False)
        .exclude(slug__in=exclure)
        .order_by("-code_insee")
    )
    libre = next(
        (c for c in candidates.iterator() if (c.departement_id, c.classe_taille) not in pris), None
    )
    return libre or _liberer_une_seule(signataires, exclure)


def _liberer_une_seule(signataires, exclure):
    """The demo may sign every commune: take back, with its data, one that is alone in its
    group, so that it can sign again as a group of one."""
    communes = signataires.filter(type="commune", departement__isnull=False)
    groupes = Counter(communes.values_list("departement_id", "classe_taille"))
    seule = next(
        c
        for c in communes.exclude(slug__in=exclure).order_by("-code_insee")
        if groupes[(c.departement_id, c.classe_taille)] == 1
    )
    for modele in (Signature, Evaluation, Valeur):
        modele.objects.filter(collectivite=seule).delete()
    return seule


def _donnees(indicateur, i):
    """Plausible values, but a zero denominator for every other ratio (0 / 0 and 3 / 0)."""
    champs = champs_attendus(indicateur)
    if champs == ("booleen",):
        return {"booleen": i % 2 == 0}
    if "numerateur" in champs:
        return {"numerateur": 0 if i % 4 else 3, "denominateur": 0 if i % 2 else 10}
    if "poids" in champs:
        return {"valeur": 5, "poids": 0 if i % 2 else 12}
    return {"valeur": i}


def _publier(collectivite, annee, engagements, indicateurs):
    Signature.objects.get_or_create(
        collectivite=collectivite, defaults={"date_signature": datetime.date(annee, 3, 1)}
    )
    campagne = Campagne.objects.filter(annee=annee).first()
    if campagne is not None:
        for i, engagement in enumerate(engagements):
            etat = (Etat.EVALUE, Etat.NON_CONCERNE, Etat.NON_RENSEIGNE)[i % 3]
            Evaluation.objects.create(
                collectivite=collectivite,
                engagement=engagement,
                campagne=campagne,
                etat=etat,
                niveau=i % 5 if etat == Etat.EVALUE else None,
                justification="Compétence exercée par un syndicat." if i % 3 == 1 else "",
                etat_publication=EtatPublication.PUBLIE,
            )
    for i, indicateur in enumerate(indicateurs):
        # Stored directly, as old data or an import of yesterday's rules would have.
        Valeur.objects.create(
            collectivite=collectivite,
            indicateur=indicateur,
            annee=annee,
            etat=EtatPublication.PUBLIE,
            **_donnees(indicateur, i),
        )


def durcir(exclure=()):
    """Add the hostile cases to the loaded demo; `exclure`: slugs other tests rely on (e.g. the
    profile « without published data »)."""
    annee = _annee_publiee()
    engagements = list(Engagement.objects.courants())
    indicateurs = list(Indicateur.objects.partages())
    unique = _seule_de_son_groupe(exclure)
    _publier(unique, annee, engagements, indicateurs)
    sans_territoire, _cree = Collectivite.objects.get_or_create(
        slug="syndicat-numerique-hostile",
        defaults={"type": "autre", "nom": "Syndicat numérique (données hostiles)"},
    )
    _publier(sans_territoire, annee, engagements[:3], indicateurs[::3])
    # Published but incomplete: a yes/no without its answer, a ratio without its denominator.
    for indicateur in indicateurs:
        if not Valeur.objects.filter(collectivite=sans_territoire, indicateur=indicateur).exists():
            incomplet = {"booleen": None} if indicateur.nature == "bool" else {"numerateur": 1}
            Valeur.objects.create(
                collectivite=sans_territoire,
                indicateur=indicateur,
                annee=annee,
                etat=EtatPublication.PUBLIE,
                **incomplet,
            )
            break
    modele = next(i for i in indicateurs if i.agregation == Agregation.RATIO_OF_SUMS)
    inconnu, _cree = Indicateur.objects.get_or_create(
        code=f"{modele.engagement.code}-99",
        defaults={
            "engagement": modele.engagement,
            "nom_fr": "Indicateur que personne n'a renseigné",
            "nom_en": "Indicator nobody answered",
            "unite": "%",
            "nature": modele.nature,
            "sens": modele.sens,
            "agregation": modele.agregation,
            "portee": modele.portee,
            "echelle": 100,
            "cibles": {str(annee + 5): 50},  # a target, but only for a year to come
        },
    )
    # A target in force from the latest year only: earlier years have none.
    cible = next(i for i in indicateurs if not i.cibles)
    cible.cibles = {str(annee): 10}
    cible.save()
    return Hostile(
        annee=annee,
        unique=unique,
        sans_territoire=sans_territoire,
        inconnu=inconnu,
        filtres_un_membre={
            "type": "commune",
            "taille": unique.classe_taille,
            "departement": unique.departement.code_insee,
            "region": unique.region.code_insee,
        },
    )


def semer_hostile(exclure=()):
    """The demo (`seed_demo` over the loaded territories), then `durcir`."""
    call_command("seed_demo", stdout=io.StringIO())
    return durcir(exclure)
