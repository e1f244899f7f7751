"""The entry grid of one collectivity × one year: parse, check (validation.py), save what is valid.

Kept apart from the view so the grid's behaviour is tested without HTML.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.db import IntegrityError, models, transaction
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from acces.roles import Action
from commitments.models import Campagne
from commitments.workflow import (
    EtatPublication,
    quatre_yeux_bloque,
    refus_quatre_yeux,
    transitions_possibles,
    verifier_transition,
)

from . import denominateurs, mediane_pairs, secret_statistique
from .anomalies import charger, lire_sures
from .models import CHAMPS_CORRECTION, CONTENU, BasePlausible, Indicateur, Plausibilite, Valeur
from .numbers import ecrire_nombre, lire_nombre
from .resources import lire_booleen
from .validation import (
    CHAMPS_VALEUR,
    Erreur,
    affiche,
    champs_attendus,
    controler_plausibilite,
    est_vide,
    plage_plausible,
    taux,
    valider,
)

TEXTES = ("commentaire", "justification")


class Resultat(StrEnum):
    """What a save did with one line, said in its status cell."""

    ENREGISTREE = "enregistree"
    SUPPRIMEE = "supprimee"
    INCHANGEE = "inchangee"
    ERREUR = "erreur"
    CONFLIT = "conflit"


class Decision(StrEnum):
    INCHANGEE = "inchangee"
    ECRIRE = "ecrire"
    CONFLIT = "conflit"
    SUPPRIMER = "supprimer"


def decider(lu, saisi, stocke, version_lue, version_stockee, supprimer=False):
    """What a save does with one line of the grid. `lu`, `saisi`, `stocke`: {field: text} as
    read into the form, as typed (canonical where it reads), as stored now (None: no value);
    versions: the token the form carried (None: the line was not in the form) and the stored
    one. A line the user did not change is never written; one changed over a newer stored
    value is a conflict, unless what is stored is already what was typed."""
    if version_lue is None:
        return Decision.INCHANGEE
    actuel = stocke or {}
    perimee = version_lue != version_stockee and any(
        actuel.get(c, "") != lu.get(c, "") for c in {*lu, *actuel}
    )
    if supprimer:
        if stocke is None:
            return Decision.INCHANGEE
        return Decision.CONFLIT if perimee else Decision.SUPPRIMER
    if all(saisi[c] == lu.get(c, "") for c in saisi):
        return Decision.INCHANGEE
    if all(saisi[c] == actuel.get(c, "") for c in saisi):
        return Decision.INCHANGEE
    return Decision.CONFLIT if perimee else Decision.ECRIRE


@dataclass
class Ligne:
    indicateur: Indicateur
    valeur: Valeur | None
    precedente: Valeur | None
    saisie: dict = field(default_factory=dict)  # field → text shown in the form
    erreurs: list = field(default_factory=list)
    lu: dict = field(default_factory=dict)  # field → text the form was read with
    version: str = ""  # the token of the stored value the form was read at ("" : none)
    conflit: dict | None = None  # field → text stored meanwhile, to choose from
    rafraichie: bool = False  # changed by someone else, untouched here: now shows theirs
    resultat: str = ""  # Resultat of the save that returned the line ("": not saved)
    aide: str = ""  # the unit and the ranges, read with each field
    mediane: mediane_pairs.Mediane | None = None
    sources: dict = field(default_factory=dict)  # field → where its pre-filled figure comes from

    @property
    def champs(self):
        return champs_attendus(self.indicateur)

    @property
    def publiee(self):
        return self.valeur is not None and self.valeur.etat == EtatPublication.PUBLIE

    @property
    def a_verifier(self):
        if self.valeur is None:
            return False
        champ = "correction_plausibilite" if self.valeur.en_correction else "plausibilite"
        return getattr(self.valeur, champ) == Plausibilite.A_VERIFIER

    @property
    def texte_publie(self):
        """{field: text} the public sees, when a correction waits beside it."""
        if not (self.valeur and self.valeur.en_correction):
            return None
        return textes(self.valeur, self.champs, publie=True)

    @property
    def demande_justification(self):
        """The justification field is shown with the warning, or once one was given."""
        return bool(self.erreurs_de("justification") or self.saisie.get("justification"))

    @property
    def taux_precedent(self):
        """Last year's rate of a ratio, in its unit (« 62,2 % »), shown beside its two parts."""
        v = self.precedente
        if v is None or self.indicateur.nature != "ratio":
            return ""
        chiffre = taux(
            self.indicateur, {"numerateur": v.numerateur, "denominateur": v.denominateur}
        )
        return "" if chiffre is None else f"{arrondi(chiffre)} {self.indicateur.unite}"

    @property
    def texte_mediane(self):
        """« 35,2 % (2025, 27 pairs) », or why no figure is shown."""
        m = self.mediane
        if m is None:
            return ""
        if not m.diffusable:
            return f"{secret_statistique.texte_insuffisant(m.n)} ({m.annee})"
        unite = secret_statistique.unite_agregat(self.indicateur)
        return _("%(valeur)s %(unite)s (%(annee)s, %(n)s pairs)") % {
            "valeur": arrondi(m.valeur),
            "unite": unite,
            "annee": m.annee,
            "n": secret_statistique.entier(m.n),
        }

    @property
    def texte_erreurs(self):
        """Every reason the line was not saved, each naming its field, for its status."""
        return " ; ".join(
            f"{libelle_champ(self.indicateur, e.champ)} : {e.raison}" for e in self.erreurs
        )

    def erreurs_de(self, champ):
        return [e.raison for e in self.erreurs if e.champ == champ]

    def conflit_de(self, champ):
        return None if self.conflit is None else self.conflit.get(champ)


def arrondi(nombre):
    """A figure to compare with, not to copy: one decimal is enough from 1 on."""
    return affiche(round(nombre, 1) if abs(nombre) >= 1 else nombre)


def nom_champ(indicateur, champ):
    return f"{indicateur.code}__{champ}"


def libelle_champ(indicateur, champ):
    """The label of a field as the grid shows it."""
    libelles = {
        "numerateur": indicateur.numerateur or _("numérateur"),
        "denominateur": indicateur.denominateur or _("dénominateur"),
        "poids": indicateur.denominateur or _("poids"),
        "booleen": _("oui / non"),
        "commentaire": _("commentaire"),
        "justification": _("justification"),
    }
    return libelles.get(champ, indicateur.unite or _("valeur"))


def aide(indicateur, population):
    """The help read with a line's fields: its unit, its hard bounds and its plausible range
    for this collectivity (per inhabitant ranges computed on its population)."""
    parties = [_("Unité : %s") % indicateur.unite]
    if indicateur.nature == "ratio":
        parties[0] += " " + _("(numérateur ÷ dénominateur × %s)") % affiche(indicateur.echelle)
    mini, maxi = indicateur.minimum, indicateur.maximum
    if mini is not None or maxi is not None:
        parties.append(
            _("valeur possible : de %(min)s à %(max)s")
            % {
                "min": affiche(mini) if mini is not None else "−∞",
                "max": affiche(maxi) if maxi is not None else "∞",
            }
        )
    plage = plage_plausible(indicateur, population)
    if plage is not None:
        texte = _("plage plausible : de %(min)s à %(max)s") % {
            "min": affiche(plage[0] or 0),
            "max": affiche(plage[1]) if plage[1] is not None else "∞",
        }
        if indicateur.plausible_par == BasePlausible.HABITANT:
            texte += " " + _("pour %s habitants") % affiche(population)
        parties.append(texte)
    if indicateur.champs_entiers:
        parties.append(_("nombres entiers"))
    return " ; ".join(parties) + "."


def preremplir(ligne, connus):
    """An empty line gets the denominator the product knows, as if read from the form: left
    untouched, it is not saved; typed with its numerator, it is saved with it. A line left as
    it was read follows what is known now (a denominator saved meanwhile on another line)."""
    champ = denominateurs.champ(ligne.indicateur, ligne.champs)
    connu = connus.get(denominateurs.nom(ligne.indicateur)) if champ else None
    if connu is None or ligne.valeur is not None:
        ligne.sources = {}
        return
    intacte = ligne.saisie[champ] == ligne.lu.get(champ, "")
    if intacte and (not ligne.lu.get(champ) or champ in ligne.sources):
        ligne.saisie[champ] = ligne.lu[champ] = connu.texte
        ligne.sources = {champ: connu.source}


def _texte(brut, champ):
    if champ in TEXTES:
        return brut
    if champ == "booleen":
        return "" if brut is None else ("oui" if brut else "non")
    return ecrire_nombre(brut)


def textes(valeur, champs, publie=False):
    """{field: text} of a stored value's content (its pending correction, unless `publie`)."""
    if valeur is None:
        return dict.fromkeys([*champs, *TEXTES], "")
    contenu = valeur.contenu(publie=publie)
    return {c: _texte(contenu[c], c) for c in [*champs, *TEXTES]}


def jeton(valeur):
    return "" if valeur is None else f"{valeur.pk}:{valeur.version}"


def _afficher(ligne):
    """The line as stored now: what the form shows and is read with."""
    ligne.saisie = textes(ligne.valeur, ligne.champs)
    ligne.lu = dict(ligne.saisie)
    ligne.version = jeton(ligne.valeur)
    ligne.erreurs = list(ligne.valeur.anomalies) if ligne.valeur else []


def indicateurs_de(collectivite):
    """The shared indicators and the collectivity's own."""
    return Indicateur.objects.filter(collectivite__isnull=True) | Indicateur.objects.filter(
        collectivite=collectivite
    )


def codes_postes(donnees_post):
    """The indicators whose lines a POST carries (each carries its version)."""
    return {nom.removesuffix("__version") for nom in donnees_post if nom.endswith("__version")}


def avec_denominateurs_partages(collectivite, codes):
    """`codes` and the indicators sharing an entered denominator with them: the lines an
    autosave returns, since saving one may pre-fill the others."""
    indicateurs = list(indicateurs_de(collectivite).only("code", "denominateur"))
    noms = {denominateurs.nom(i) for i in indicateurs if i.code in codes}
    noms -= {"", denominateurs.POPULATION}  # the population does not come from the grid
    return set(codes) | {i.code for i in indicateurs if denominateurs.nom(i) in noms}


def lignes(collectivite, annee, verrou=False, codes=None):
    """Every shared and own indicator (or those of `codes`), with this year's and last year's
    values, the help of its fields, its peers' median and its known denominator pre-filled; a
    stored value that breaks today's rules comes with its reasons as the line's errors, to be
    corrected. `verrou`: the rows are held until the transaction ends (a save decides on them)."""
    indicateurs = indicateurs_de(collectivite).select_related("engagement__ambition")
    qs = Valeur.objects.reelles().filter(collectivite=collectivite, annee__in=[annee, annee - 1])
    if codes is not None:
        indicateurs = indicateurs.filter(code__in=codes)
        qs = qs.filter(indicateur__code__in=codes)
    if verrou:
        # Locked in the natural key's order, as the import's upsert does: never a deadlock.
        qs = qs.select_for_update(of=("self",)).order_by("indicateur_id", "annee")
    valeurs = {(v.indicateur_id, v.annee): v for v in charger(qs)}
    # A save holds its rows: the peers' median, maybe computed now, waits until it is done.
    medianes = {} if verrou else mediane_pairs.medianes(collectivite, annee)
    connus = denominateurs.connus(collectivite, annee)
    resultat = []
    for indicateur in indicateurs.order_by(
        "engagement__ambition__ordre", "engagement__ordre", "code"
    ):
        ligne = Ligne(
            indicateur,
            valeurs.get((indicateur.pk, annee)),
            valeurs.get((indicateur.pk, annee - 1)),
            aide=aide(indicateur, collectivite.population),
            mediane=medianes.get(indicateur.pk),
        )
        _afficher(ligne)
        preremplir(ligne, connus)
        resultat.append(ligne)
    return resultat


def _lire(ligne, donnees_post):
    """Parse the line's fields as posted; a field absent from the POST keeps what was read
    (it never deletes). Returns the parsed data; `ligne.saisie` holds the typed texts."""
    donnees = {}
    for champ in [*ligne.champs, *TEXTES]:
        nom = nom_champ(ligne.indicateur, champ)
        ligne.lu[champ] = donnees_post.get(f"{nom}__lu", ligne.lu.get(champ, ""))
        ligne.saisie[champ] = donnees_post.get(nom, ligne.lu[champ]).strip()
    for champ in ligne.champs:
        brut = ligne.saisie[champ]
        try:
            donnees[champ] = lire_booleen(brut) if champ == "booleen" else lire_nombre(brut)
        except ValueError as erreur:
            ligne.erreurs.append(Erreur(champ, str(erreur)))
    for champ in TEXTES:
        donnees[champ] = ligne.saisie[champ]  # lengths checked by validation.valider
    return donnees


def _canonique(ligne, donnees):
    """The typed texts as the form would show them once stored (3,50 reads as 3,5)."""
    return {
        **{c: _texte(donnees.get(c), c) for c in ligne.champs},
        **{c: ligne.saisie[c] for c in TEXTES},
    }


@dataclass
class Bilan:
    enregistrees: int = 0
    supprimees: int = 0
    conflits: int = 0


def _verifier(ligne, donnees, collectivite, annee, annees_campagnes):
    """The rules and the plausible range of a line to write: (errors, plausibility)."""
    erreurs = valider(ligne.indicateur, donnees, annee, annees_campagnes)
    if erreurs:
        return erreurs, Plausibilite.PLAUSIBLE
    return controler_plausibilite(
        ligne.indicateur, donnees, collectivite.population, ligne.saisie["justification"]
    )


def _ecrire(ligne, contenu, collectivite, annee, user):
    """Store the line's new content: a draft gets it back in draft, a published value keeps
    what the public sees and holds it as a pending correction (cleared if it gives the
    published content back). False if another save created the value meanwhile."""
    valeur = ligne.valeur
    if valeur is None:
        valeur = Valeur(collectivite=collectivite, indicateur=ligne.indicateur, annee=annee)
    if valeur.etat == EtatPublication.PUBLIE:
        corrige = any(getattr(valeur, c) != v for c, v in contenu.items() if c != "plausibilite")
        for champ, v in contenu.items():
            vide = "" if champ in (*TEXTES, "plausibilite") else None
            setattr(valeur, f"correction_{champ}", v if corrige else vide)
        valeur.correction_etat = EtatPublication.BROUILLON if corrige else None
        valeur.correction_par = user if corrige else None
        valeur.correction_seule = True
        valeur._change_reason = _("correction en grille") if corrige else _("correction retirée")
        champs = [*CHAMPS_CORRECTION, "modifie_le"]  # the published fields stay as stored
    else:
        for champ, v in contenu.items():
            setattr(valeur, champ, v)
        valeur.etat = EtatPublication.BROUILLON  # changed → to be validated again
        valeur.saisi_par = user
        valeur._change_reason = _("saisie en grille")
        champs = None
    valeur._history_user = user
    try:
        with transaction.atomic():  # a concurrent creation of the same key: a conflict
            valeur.save(update_fields=champs)
    except IntegrityError:
        return False
    ligne.valeur = valeur
    return True


def _supprimer(ligne, actions, user):
    """Explicit deletion, with its history line. On a published value it first drops the
    pending correction; the published value itself only a validator withdraws."""
    valeur = ligne.valeur
    valeur._history_user = user
    if valeur.en_correction:
        _vider_correction(valeur)
        valeur.correction_seule = True
        valeur._change_reason = _("correction supprimée en grille")
        valeur.save(update_fields=[*CHAMPS_CORRECTION, "modifie_le"])
        return True
    if valeur.etat == EtatPublication.PUBLIE and Action.VALIDER not in actions:
        ligne.erreurs.append(
            Erreur(
                ligne.champs[0],
                _("valeur publiée : seul un valideur peut la retirer ; saisissez une correction"),
            )
        )
        return False
    valeur._change_reason = _("suppression en grille")
    valeur.delete()
    ligne.valeur = None
    return True


def _enregistrer_ligne(ligne, donnees_post, collectivite, annee, annees_campagnes, user, actions):
    """Save one line of the POST if it changed, is valid and not stale: its Resultat."""
    nom = ligne.indicateur.code
    version_lue = donnees_post[f"{nom}__version"]
    stocke = None if ligne.valeur is None else dict(ligne.saisie)
    ligne.erreurs = []  # a stored value's anomalies come back with it if left unchanged
    donnees = _lire(ligne, donnees_post)
    supprimer = bool(donnees_post.get(f"{nom}__supprimer"))
    choix = donnees_post.get(f"{nom}__choix")
    if f"{nom}__conflit" in donnees_post and not supprimer:
        if choix == "leur":
            _afficher(ligne)
            return Resultat.INCHANGEE
        if choix != "mien":
            ligne.conflit = stocke or textes(None, ligne.champs)
            ligne.erreurs.append(
                Erreur(
                    ligne.champs[0],
                    _("choisissez : garder votre saisie ou prendre la valeur enregistrée"),
                )
            )
            return Resultat.ERREUR
    if ligne.erreurs:
        return Resultat.ERREUR
    decision = decider(
        ligne.lu,
        _canonique(ligne, donnees),
        stocke,
        version_lue,
        jeton(ligne.valeur),
        supprimer,
    )
    if decision == Decision.CONFLIT:
        ligne.conflit = stocke or textes(None, ligne.champs)
        ligne.lu, ligne.version = dict(ligne.conflit), jeton(ligne.valeur)
        return Resultat.CONFLIT
    if decision == Decision.INCHANGEE:
        ligne.rafraichie = stocke is not None and version_lue != jeton(ligne.valeur)
        _afficher(ligne)
        return Resultat.INCHANGEE
    if decision == Decision.SUPPRIMER:
        if not _supprimer(ligne, actions, user):
            return Resultat.ERREUR
        _afficher(ligne)
        return Resultat.SUPPRIMEE
    if est_vide(donnees):
        ligne.erreurs.append(
            Erreur(
                ligne.champs[0],
                _("aucune valeur saisie : pour retirer la valeur, cochez « Supprimer »"),
            )
        )
        return Resultat.ERREUR
    ligne.erreurs, plausibilite = _verifier(ligne, donnees, collectivite, annee, annees_campagnes)
    if ligne.erreurs:
        return Resultat.ERREUR
    contenu = {c: donnees.get(c) for c in CHAMPS_VALEUR}
    contenu.update({c: ligne.saisie[c] for c in TEXTES}, plausibilite=plausibilite)
    if not _ecrire(ligne, contenu, collectivite, annee, user):
        ligne.valeur = Valeur.objects.reelles().get(
            collectivite=collectivite, indicateur=ligne.indicateur, annee=annee
        )
        ligne.conflit = textes(ligne.valeur, ligne.champs)
        ligne.lu, ligne.version = dict(ligne.conflit), jeton(ligne.valeur)
        return Resultat.CONFLIT
    ligne.valeur = next(charger(Valeur.objects.filter(pk=ligne.valeur.pk)))
    _afficher(ligne)
    return Resultat.ENREGISTREE


def enregistrer(
    collectivite, annee, annees_campagnes, donnees_post, user, actions=frozenset(), codes=None
):
    """Save the lines the user changed that are valid and not stale; leave the others
    untouched. `codes`: only these lines are read and returned (one cell's autosave), else
    all. Returns (lines, Bilan)."""
    resultat, bilan = _enregistrer(
        collectivite, annee, annees_campagnes, donnees_post, user, actions, codes
    )
    medianes = mediane_pairs.medianes(collectivite, annee)
    for ligne in resultat:
        ligne.mediane = medianes.get(ligne.indicateur.pk)
    return resultat, bilan


@transaction.atomic
def _enregistrer(collectivite, annee, annees_campagnes, donnees_post, user, actions, codes):
    resultat = lignes(collectivite, annee, verrou=True, codes=codes)
    bilan = Bilan()
    for ligne in resultat:
        if f"{ligne.indicateur.code}__version" not in donnees_post:
            continue  # not in this form: shown as stored
        ligne.resultat = _enregistrer_ligne(
            ligne, donnees_post, collectivite, annee, annees_campagnes, user, actions
        )
        bilan.enregistrees += ligne.resultat == Resultat.ENREGISTREE
        bilan.supprimees += ligne.resultat == Resultat.SUPPRIMEE
        bilan.conflits += ligne.resultat == Resultat.CONFLIT
    # A denominator saved here is offered to the empty lines that share it.
    connus = denominateurs.connus(collectivite, annee)
    for ligne in resultat:
        if ligne.resultat not in (Resultat.ERREUR, Resultat.CONFLIT):  # what was typed stays
            preremplir(ligne, connus)
    return resultat, bilan


def _en_etat(qs):
    """A value is worked on in its pending correction's state, if any."""
    return qs.annotate(etat_travail_=Coalesce("correction_etat", "etat"))


def transitions_valeurs(collectivite, annee, actions):
    """The forward moves of the publication workflow this user may apply to the grid's values:
    (from, to, how many values are in `from`); a published value with a pending correction is
    in its correction's state. Withdrawing a publication is a validator's act, line by line."""
    nombres = dict(
        _en_etat(Valeur.objects.reelles().filter(collectivite=collectivite, annee=annee))
        .values_list("etat_travail_")
        .annotate(n=models.Count("pk"))
    )
    ordre = list(EtatPublication)
    return [
        (de, vers, nombres[de])
        for de, vers in zip(ordre, ordre[1:], strict=False)
        if nombres.get(de) and vers in transitions_possibles(de, actions)
    ]


def _vider_correction(valeur):
    for champ in CONTENU:
        vide = "" if champ in (*TEXTES, "plausibilite") else None
        setattr(valeur, f"correction_{champ}", vide)
    valeur.correction_etat, valeur.correction_par = None, None


def _publier_correction(valeur):
    """What the public sees becomes the correction, checked by the validator publishing it."""
    for champ, v in valeur.contenu().items():
        setattr(valeur, champ, v)
    if valeur.plausibilite == Plausibilite.A_VERIFIER:
        valeur.plausibilite = Plausibilite.VERIFIEE
    valeur.saisi_par = valeur.correction_par
    _vider_correction(valeur)


@transaction.atomic
def changer_etat_valeurs(collectivite, annee, de, vers, actions, user):
    """Move every value of the grid in state `de` to `vers`, as the assessments' workflow does;
    raises TransitionRefusee. Saved one by one: history and the dashboards' cache follow.
    A validator's move (validate, publish) confirms the values flagged « à vérifier »; a
    pending correction moves on its own, and publishing it replaces the published content."""
    verifier_transition(de, vers, actions)
    valeurs = list(
        lire_sures(
            _en_etat(Valeur.objects.reelles().select_for_update(of=("self",)))
            .filter(collectivite=collectivite, annee=annee, etat_travail_=de)
            .order_by("indicateur_id")  # the upsert's key order (see lignes)
        )
    )
    campagne = Campagne.objects.filter(annee=annee).first()
    actif = campagne.quatre_yeux if campagne else True
    if bloquees := sum(quatre_yeux_bloque(vers, v.soumis_par_id, user.pk, actif) for v in valeurs):
        raise refus_quatre_yeux(bloquees)
    confirme = vers in (EtatPublication.VALIDE, EtatPublication.PUBLIE)
    soumission = vers == EtatPublication.SOUMIS
    for valeur in valeurs:
        if soumission:
            valeur.soumis_par = user
        champ = "correction_plausibilite" if valeur.en_correction else "plausibilite"
        if confirme and getattr(valeur, champ) == Plausibilite.A_VERIFIER:
            setattr(valeur, champ, Plausibilite.VERIFIEE)
        champs = None  # publishing a correction writes it all
        if not valeur.en_correction:
            valeur.etat = vers
            champs = ["etat", "plausibilite", "soumis_par", "modifie_le"]
        elif vers == EtatPublication.PUBLIE:
            _publier_correction(valeur)
        else:
            valeur.correction_etat = vers
            valeur.correction_seule = True
            champs = [*CHAMPS_CORRECTION, "soumis_par", "modifie_le"]
        valeur._history_user = user
        valeur._change_reason = _("passage en « %(etat)s »") % {"etat": EtatPublication(vers).label}
        valeur.save(update_fields=champs)
    return len(valeurs)


@transaction.atomic
def retirer_publication(collectivite, annee, indicateur, actions, user):
    """A validator takes one published value back to draft (its pending correction, if any,
    becomes the draft's content); raises TransitionRefusee. False if it was not published."""
    verifier_transition(EtatPublication.PUBLIE, EtatPublication.BROUILLON, actions)
    valeur = next(
        lire_sures(
            Valeur.objects.reelles()
            .select_for_update()
            .filter(collectivite=collectivite, annee=annee, indicateur__code=indicateur)
            .filter(etat=EtatPublication.PUBLIE)
        ),
        None,
    )
    if valeur is None:
        return False
    if valeur.en_correction:
        for champ, v in valeur.contenu().items():
            setattr(valeur, champ, v)
        _vider_correction(valeur)
    valeur.etat = EtatPublication.BROUILLON
    valeur._history_user = user
    valeur._change_reason = _("publication retirée")
    valeur.save()
    return True
