"""Import of indicator values: read, check every row, then write everything or nothing.

django-import-export's per-row path (one SELECT and one save per row) runs at a few hundred
rows per second; the target is 5,000 rows/s, so rows are checked here in memory against
lookups loaded once, and written with bulk_create / bulk_update (history included). See
docs/adr/indicators-import.md.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acces.permissions import a_action_nationale, collectivites_pour
from acces.roles import Action
from commitments.models import Campagne
from commitments.workflow import EtatPublication
from manifeste.models import Collectivite, TypeCollectivite

from .anomalies import lire_sures
from .models import Indicateur, Plausibilite, Valeur
from .numbers import NombreRefuse, lire_annee, lire_nombre
from .resources import COLONNES, COLONNES_VALEUR, FichierRefuse, lire_booleen, lire_fichier, texte
from .validation import CHAMPS_VALEUR, controler_plausibilite, valider
from .writes import ecrire_valeurs

LOT = 2000
TYPES = frozenset(TypeCollectivite.values)  # the enum's .values is rebuilt at each access
CHAMPS_COMPARES = (*CHAMPS_VALEUR, "commentaire", "justification")


@dataclass(frozen=True)
class ErreurLigne:
    ligne: int | None
    colonne: str
    raison: str

    def __str__(self):
        if self.ligne is None:
            return _("fichier : %s") % self.raison
        return _("ligne %(ligne)s, colonne %(colonne)s : %(raison)s") % {
            "ligne": self.ligne,
            "colonne": self.colonne,
            "raison": self.raison,
        }


@dataclass(slots=True)
class NouvelleValeur:
    """A value to create: plain attributes, no model instance (see ecriture.py)."""

    collectivite_id: int
    indicateur_id: int
    annee: int
    saisi_par_id: int | None
    valeur: object = None
    numerateur: object = None
    denominateur: object = None
    poids: object = None
    booleen: bool | None = None
    commentaire: str = ""
    justification: str = ""
    plausibilite: str = Plausibilite.PLAUSIBLE
    source: str = ""
    etat: str = EtatPublication.BROUILLON
    synthetique: bool = False


@dataclass(frozen=True)
class Correction:
    """A row that corrects a published value: both contents, shown beside each other."""

    collectivite_id: int
    indicateur_id: int
    annee: int
    publiee: dict
    en_attente: dict


def decrire_corrections(corrections, limite=None):
    """The corrections with their collectivity and indicator (two queries), for display."""
    corrections = corrections[:limite]
    collectivites = Collectivite.objects.in_bulk({c.collectivite_id for c in corrections})
    indicateurs = Indicateur.objects.in_bulk({c.indicateur_id for c in corrections})
    return [
        (collectivites[c.collectivite_id], indicateurs[c.indicateur_id], c) for c in corrections
    ]


@dataclass(frozen=True, slots=True)
class Changement:
    """What a row of the dry run does to one value: `ancien` is None for a new value, else the
    content it replaces (the pending correction's, if any) and the state it leaves."""

    ligne: int
    collectivite_id: int
    indicateur_id: int
    annee: int
    nouveau: dict
    ancien: dict | None = None
    etat: str = ""

    def cellules(self):
        """[(field, old, new)] of the fields this row changes; of a new value, those it fills."""
        ancien = self.ancien or {}
        return [
            (champ, ancien.get(champ), self.nouveau.get(champ))
            for champ in CHAMPS_COMPARES
            if ancien.get(champ) != self.nouveau.get(champ)
            and not (self.ancien is None and self.nouveau.get(champ) in (None, ""))
        ]


@dataclass
class Rapport:
    quand: object = None
    lignes: int = 0
    nouvelles: list = field(default_factory=list)
    modifiees: list = field(default_factory=list)
    inchangees: int = 0
    ignorees: int = 0
    erreurs: list = field(default_factory=list)
    ecrit: bool = False
    corrections: list = field(default_factory=list)  # of published values: Correction
    changements: list = field(default_factory=list)  # of the dry run, in file order

    @property
    def refuse(self):
        return bool(self.erreurs)

    def resume(self):
        return _(
            "%(lignes)s lignes : %(n)s nouvelles, %(m)s modifiées, %(i)s inchangées, "
            "%(v)s vides ignorées, %(e)s erreurs."
        ) % {
            "lignes": self.lignes,
            "n": len(self.nouvelles),
            "m": len(self.modifiees),
            "i": self.inchangees,
            "v": self.ignorees,
            "e": len(self.erreurs),
        }

    def texte(self):
        return "\n".join([self.resume(), *map(str, self.erreurs)])


class _Referentiels:
    """Everything a row is checked against, loaded once per file (a handful of queries)."""

    def __init__(self, user):
        self.par_siren, self.par_insee, self.population = {}, defaultdict(dict), {}
        for pk, siren, insee, type_, population in Collectivite.objects.values_list(
            "id", "siren", "code_insee", "type", "population"
        ):
            self.population[pk] = population
            if siren:
                self.par_siren[siren] = pk
            if insee:
                self.par_insee[insee.upper()][type_] = pk
        self.indicateurs = {i.code.upper(): i for i in Indicateur.objects.all()}
        self.annees = set(Campagne.objects.values_list("annee", flat=True))
        # None = every collectivity (national administrators, command line).
        self.autorisees = None
        if user is not None and not a_action_nationale(user, Action.MODIFIER):
            self.autorisees = set(
                collectivites_pour(user, Action.MODIFIER).values_list("id", flat=True)
            )

    def collectivite(self, identifiant, type_):
        if len(identifiant) == 9 and identifiant.isdigit():
            pk = self.par_siren.get(identifiant)
        else:
            niveaux = self.par_insee.get(identifiant.upper(), {})
            if type_:
                pk = niveaux.get(type_)
            elif len(niveaux) > 1:
                raise ValueError(
                    _("code INSEE « %(c)s » partagé par %(n)s : précisez type_collectivite")
                    % {"c": identifiant, "n": ", ".join(sorted(niveaux))}
                )
            else:
                pk = next(iter(niveaux.values()), None)
        if pk is None:
            raise ValueError(_("collectivité « %s » inconnue (SIREN ou code INSEE)") % identifiant)
        return pk


def _lire_ligne(cellules, indicateur):
    """The value fields of one row, parsed; a yes/no is read from the `valeur` column."""
    donnees, erreurs = {}, []
    for colonne in COLONNES_VALEUR:
        try:
            if colonne == "valeur" and indicateur.nature == "bool":
                donnees["booleen"] = lire_booleen(cellules.get(colonne))
            else:
                donnees[colonne] = lire_nombre(cellules.get(colonne))
        except ValueError as erreur:  # NombreRefuse, or lire_booleen's refusal
            erreurs.append((colonne, str(erreur)))
    return donnees, erreurs


def _colonne(champ):
    return "valeur" if champ == "booleen" else champ


def analyser(entetes, dataset, user=None):
    """Check every row; returns the report with the values to create and to change."""
    ref = _Referentiels(user)
    rapport = Rapport()
    index = {nom: entetes.index(nom) for nom in COLONNES if nom in entetes}
    vues = {}  # (collectivite, indicateur, annee) → first line
    lues = []
    for ligne, row in enumerate(dataset, start=2):
        cellules = {nom: row[i] for nom, i in index.items()}
        if not any(texte(c) for c in row):
            continue  # trailing or spacer rows
        rapport.lignes += 1
        if not any(texte(cellules.get(c)) for c in COLONNES_VALEUR):
            rapport.ignorees += 1  # a template row left blank
            continue
        erreurs = []

        def erreur(colonne, raison, ligne=ligne, erreurs=erreurs):
            erreurs.append(ErreurLigne(ligne, colonne, raison))

        type_ = texte(cellules.get("type_collectivite")).lower()
        if type_ and type_ not in TYPES:
            erreur(
                "type_collectivite",
                _("« %(t)s » inconnu (attendu : %(v)s)")
                % {"t": type_, "v": ", ".join(sorted(TYPES))},
            )
            type_ = ""
        try:
            collectivite = ref.collectivite(texte(cellules["collectivite"]), type_)
            if ref.autorisees is not None and collectivite not in ref.autorisees:
                erreur("collectivite", _("vous ne pouvez pas saisir pour cette collectivité"))
        except ValueError as e:
            collectivite = None
            erreur("collectivite", str(e))
        indicateur = ref.indicateurs.get(texte(cellules["indicateur"]).upper())
        if indicateur is None:
            erreur("indicateur", _("indicateur « %s » inconnu") % texte(cellules["indicateur"]))
        elif indicateur.collectivite_id and indicateur.collectivite_id != collectivite:
            erreur("indicateur", _("indicateur local d'une autre collectivité"))
        try:
            annee = lire_annee(cellules["annee"])
        except NombreRefuse as refus:
            annee = None
            erreur("annee", str(refus))
        if indicateur is not None:
            donnees, illisibles = _lire_ligne(cellules, indicateur)
            donnees["commentaire"] = texte(cellules.get("commentaire"))
            donnees["justification"] = texte(cellules.get("justification"))
            for colonne, raison in illisibles:
                erreur(colonne, raison)
            if not illisibles:
                regles = valider(
                    indicateur,
                    donnees,
                    annee=annee,
                    annees_campagnes=ref.annees if annee is not None else None,
                )
                for e in regles:
                    erreur(_colonne(e.champ), e.raison)
        justification = texte(cellules.get("justification"))
        if not erreurs:
            doutes, plausibilite = controler_plausibilite(
                indicateur, donnees, ref.population.get(collectivite), justification
            )
            for e in doutes:
                erreur(e.champ, e.raison)
        if not erreurs:
            cle = (collectivite, indicateur.pk, annee)
            if cle in vues:
                erreur("indicateur", _("doublon de la ligne %s") % vues[cle])
            else:
                vues[cle] = ligne
                lues.append((ligne, cle, donnees, plausibilite))
        rapport.erreurs += erreurs
    if rapport.lignes == 0:
        rapport.erreurs.append(ErreurLigne(None, "", _("aucune ligne de données")))
    _comparer(lues, rapport, user)
    return rapport


def _existantes(cles):
    """The stored values for these keys, one query per batch of collectivities."""
    par_cle = {}
    collectivites = sorted({c for c, _i, _a in cles})
    indicateurs = {i for _c, i, _a in cles}
    annees = {a for _c, _i, a in cles}
    for debut in range(0, len(collectivites), LOT):
        # A stored number that breaks today's rules reads as None: the row replaces it.
        for valeur in lire_sures(
            Valeur.objects.filter(
                collectivite_id__in=collectivites[debut : debut + LOT],
                indicateur_id__in=indicateurs,
                annee__in=annees,
                synthetique=False,
            )
        ):
            par_cle[(valeur.collectivite_id, valeur.indicateur_id, valeur.annee)] = valeur
    return par_cle


def _comparer(lues, rapport, user):
    """Split the checked rows into new, changed and unchanged values. Both sides hold numbers
    already rounded to the stored precision, so an identical file compares equal."""
    existantes = _existantes([cle for _l, cle, _d, _p in lues])
    rapport.quand = maintenant = timezone.now()
    saisi_par = user if user is not None and user.is_authenticated else None
    for ligne, cle, donnees, plausibilite in lues:
        collectivite, indicateur, annee = cle
        actuelle = existantes.get(cle)
        if actuelle is None:
            rapport.changements.append(Changement(ligne, *cle, donnees))
            rapport.nouvelles.append(
                NouvelleValeur(
                    collectivite,
                    indicateur,
                    annee,
                    saisi_par and saisi_par.pk,
                    plausibilite=plausibilite,
                    **donnees,
                )
            )
        elif any(actuelle.contenu().get(c) != donnees.get(c) for c in CHAMPS_COMPARES):
            rapport.changements.append(
                Changement(ligne, *cle, donnees, actuelle.contenu(), actuelle.etat_travail)
            )
            if actuelle.etat == EtatPublication.PUBLIE:
                # The public keeps the published content until a validator publishes this.
                rapport.corrections.append(
                    Correction(
                        actuelle.collectivite_id,
                        indicateur,
                        annee,
                        actuelle.contenu(publie=True),
                        {**donnees, "plausibilite": plausibilite},
                    )
                )
            for champ, valeur in donnees.items():
                setattr(actuelle, champ, valeur)
            actuelle.plausibilite = plausibilite
            # The writer decides on the row as stored: a draft gets this content back in
            # draft, a published value a pending correction (ecriture.py).
            actuelle.etat = EtatPublication.BROUILLON
            actuelle.saisi_par, actuelle.modifie_le = saisi_par, maintenant
            rapport.modifiees.append(actuelle)
        else:
            rapport.inchangees += 1


def ecrire(rapport, user=None, raison="import"):
    """Write a checked report; refuses (writes nothing) if it holds a single error. Safe to run
    beside another write of the same keys: the report then tells what this one changed."""
    if rapport.refuse:
        return rapport
    user_id = user.pk if user is not None and user.is_authenticated else None
    # What the public sees never changes here: a published value only gets a correction.
    with transaction.atomic():
        ecrites = ecrire_valeurs(
            [*rapport.nouvelles, *rapport.modifiees], rapport.quand, user_id, raison
        )
    _recompter(rapport, ecrites)
    rapport.ecrit = True
    return rapport


def _recompter(rapport, ecrites):
    """What was written, which differs from the dry run's comparison when another write stored
    some of these keys in between (created meanwhile → changed; stored alike → unchanged)."""
    valeurs = [*rapport.nouvelles, *rapport.modifiees]
    creees = {cle for cle, creee in ecrites.items() if creee}
    rapport.corrections = [
        c for c in rapport.corrections if (c.collectivite_id, c.indicateur_id, c.annee) in ecrites
    ]
    rapport.nouvelles, rapport.modifiees = [], []
    for v in valeurs:
        cle = (v.collectivite_id, v.indicateur_id, v.annee)
        if cle not in ecrites:
            rapport.inchangees += 1
        else:
            (rapport.nouvelles if cle in creees else rapport.modifiees).append(v)


def rapport_refuse(refus):
    rapport = Rapport()
    rapport.erreurs.append(ErreurLigne(None, "", str(refus)))
    return rapport


def importer(contenu, nom, user=None, *, essai=False):
    """The whole import of one file: `essai` (dry run) checks and reports, writes nothing."""
    try:
        entetes, dataset = lire_fichier(contenu, nom)
    except FichierRefuse as refus:
        return rapport_refuse(refus)
    rapport = analyser(entetes, dataset, user)
    return rapport if essai else ecrire(rapport, user, raison=f"import {nom}")
