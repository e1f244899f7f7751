"""The template people fill: one row per collectivity × indicator, the import's columns beside
what one needs to fill them (name, unit, expected type, plausible range, last year's published
value), data validation where it helps, a frozen header and an « Instructions » sheet.

The import reads the columns it knows by their names and ignores the others, so the descriptive
columns cost nothing: the filled file goes back as it is, and the older code-only files still
import. XLSX as openpyxl writes it (no macro, no external link), which LibreOffice opens.
"""

import io
from dataclasses import dataclass

import tablib
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from manifeste.exports.formats import cellule_xlsx

from .anomalies import lire_sures
from .cells import LIBELLES, texte_valeur
from .models import Indicateur, Valeur
from .numbers import LIMITE
from .resources import COLONNES
from .validation import affiche, champs_attendus, plage_plausible, texte_plage

FEUILLE_VALEURS = "Valeurs"
FEUILLE_INSTRUCTIONS = "Instructions"
# Excel refuses to open a file whose validation messages are longer (LibreOffice does not).
TITRE_MAX, MESSAGE_MAX = 32, 255
A_REMPLIR = PatternFill("solid", fgColor="FFF2CC")  # pale yellow: the cells to fill
SANS_OBJET = PatternFill("solid", fgColor="E7E6E6")  # grey: not used by this indicator
ENTETE = Font(bold=True)


@dataclass(frozen=True)
class Colonne:
    cle: str
    largeur: int
    titre: str = ""  # the import's columns keep their names, which the import reads

    @property
    def entete(self):
        return self.titre or self.cle


def colonnes(annee):
    """In reading order: what the row is about, then the cells to fill, then who it is for."""
    return [
        Colonne("indicateur", 11),
        Colonne("nom_indicateur", 48, _("Nom de l'indicateur")),
        Colonne("unite", 18, _("Unité")),
        Colonne("type_attendu", 40, _("Type attendu")),
        Colonne("plage_plausible", 30, _("Plage plausible")),
        Colonne("publiee", 22, _("Publiée pour %s") % (annee - 1)),
        Colonne("valeur", 13),
        Colonne("numerateur", 13),
        Colonne("denominateur", 13),
        Colonne("poids", 11),
        Colonne("commentaire", 30),
        Colonne("justification", 30),
        Colonne("annee", 8),
        Colonne("collectivite", 12),
        Colonne("type_collectivite", 17),
        Colonne("nom_collectivite", 30, _("Nom de la collectivité")),
    ]


def champs_a_remplir(indicateur):
    """The template's columns holding this indicator's value (a yes/no goes in `valeur`)."""
    return ["valeur" if c == "booleen" else c for c in champs_attendus(indicateur)]


def _positif(indicateur, champ):
    """The fields `validation.verifier_signes` keeps at or above zero."""
    return champ != "valeur" or indicateur.nature in ("count", "quantity", "mean")


def type_attendu(indicateur):
    """What to write, in words: « oui ou non », « numérateur : agents formés ; … »."""
    if indicateur.nature == "bool":
        return _("oui ou non")
    entiers = set(indicateur.champs_entiers or ())
    parties = []
    # The catalogue describes a ratio's two parts, and a mean's weight as its « dénominateur ».
    descriptions = {
        "numerateur": indicateur.numerateur,
        "denominateur": indicateur.denominateur,
        "poids": indicateur.denominateur,
    }
    for champ in champs_a_remplir(indicateur):
        quoi = descriptions.get(champ, "")
        genre = _("nombre entier") if champ in entiers else _("nombre")
        if _positif(indicateur, champ):
            genre += " ≥ 0"
        parties.append(f"{LIBELLES[champ]} : {quoi + ', ' if quoi else ''}{genre}")
    bornes = _bornes_strictes(indicateur)
    if bornes:
        parties.append(bornes)
    return " ; ".join(parties)


def _bornes_strictes(indicateur):
    mini, maxi = indicateur.minimum, indicateur.maximum
    if mini is None and maxi is None:
        return ""
    quoi = _("taux") if indicateur.nature == "ratio" else _("valeur")
    if mini is not None and maxi is not None:
        return _("%(quoi)s de %(min)s à %(max)s") % {
            "quoi": quoi,
            "min": affiche(mini),
            "max": affiche(maxi),
        }
    if mini is not None:
        return _("%(quoi)s au moins %(min)s") % {"quoi": quoi, "min": affiche(mini)}
    return _("%(quoi)s au plus %(max)s") % {"quoi": quoi, "max": affiche(maxi)}


def texte_plausible(indicateur, population):
    plage = plage_plausible(indicateur, population)
    if plage is None:
        return ""
    return f"{texte_plage(indicateur, plage, population)} ({indicateur.unite})"


def _publiees(collectivites, annee, indicateurs):
    """{(collectivity, indicator): public content} of the year before `annee`."""
    valeurs = Valeur.objects.publiees().filter(
        collectivite__in=[c.pk for c in collectivites],
        indicateur__in=[i.pk for i in indicateurs],
        annee=annee - 1,
    )
    return {
        (v.collectivite_id, v.indicateur_id): v.contenu(publie=True) for v in lire_sures(valeurs)
    }


def rangees(collectivites, annee, indicateurs=None):
    """(collectivity, indicator, {column key: cell}) of every template row, in catalogue order."""
    indicateurs = list(indicateurs if indicateurs is not None else Indicateur.objects.partages())
    publiees = _publiees(collectivites, annee, indicateurs)
    for collectivite in collectivites:
        for indicateur in indicateurs:
            publiee = publiees.get((collectivite.pk, indicateur.pk))
            yield (
                collectivite,
                indicateur,
                {
                    "indicateur": indicateur.code,
                    "nom_indicateur": indicateur.nom_fr,
                    "unite": indicateur.unite,
                    "type_attendu": type_attendu(indicateur),
                    "plage_plausible": texte_plausible(indicateur, collectivite.population),
                    "publiee": texte_valeur(indicateur, publiee) if publiee else "",
                    "annee": annee,
                    "collectivite": collectivite.identifiant,
                    "type_collectivite": collectivite.type,
                    "nom_collectivite": collectivite.nom,
                },
            )


def modele(collectivites, annee, indicateurs=None):
    """The template as a tablib Dataset (its CSV form): the same columns, no styling."""
    cols = colonnes(annee)
    dataset = tablib.Dataset(headers=[c.entete for c in cols])
    for _c, _i, cellules in rangees(collectivites, annee, indicateurs):
        dataset.append([cellules.get(c.cle, "") for c in cols])
    return dataset


def _message(texte, limite):
    return texte if len(texte) <= limite else texte[: limite - 1] + "…"


def _validation(indicateur, champ):
    """The data validation of one field of an indicator, on every row of it: a list for yes/no,
    a number within the hard bounds otherwise. Warnings, not stops: the import accepts more than
    a spreadsheet checks (« 12,5 » typed as text, « o » for oui) and checks everything again.
    One per field, not per row (the row's plausible range is in its column): every validation
    is parsed again when the file comes back."""
    titre = _message(f"{indicateur.code} — {LIBELLES[champ]}", TITRE_MAX)
    aide = [type_attendu(indicateur)]
    if indicateur.plausible_min is not None or indicateur.plausible_max is not None:
        aide.append(_("Hors de la plage plausible (colonne « Plage plausible »), justifiez."))
    if indicateur.nature == "bool":
        validation = DataValidation(type="list", formula1='"oui,non"', allow_blank=True)
        erreur = _("Répondez oui ou non.")
    else:
        mini = 0 if _positif(indicateur, champ) else -LIMITE + 1
        maxi = LIMITE - 1
        if champ == "valeur" and indicateur.nature != "ratio":
            mini = max(mini, indicateur.minimum) if indicateur.minimum is not None else mini
            maxi = indicateur.maximum if indicateur.maximum is not None else maxi
        entier = champ in (indicateur.champs_entiers or ())
        validation = DataValidation(
            type="whole" if entier else "decimal",
            operator="between",
            formula1=str(mini),
            formula2=str(maxi),
            allow_blank=True,
        )
        erreur = _("%(genre)s de %(min)s à %(max)s attendu (virgule décimale acceptée).") % {
            "genre": _("Nombre entier") if entier else _("Nombre"),
            "min": affiche(mini),
            "max": affiche(maxi),
        }
        aide.append(_("Virgule décimale acceptée."))
    validation.errorStyle = "warning"
    validation.showErrorMessage = validation.showInputMessage = True
    validation.promptTitle, validation.prompt = titre, _message(" ".join(aide), MESSAGE_MAX)
    validation.errorTitle, validation.error = titre, _message(erreur, MESSAGE_MAX)
    return validation


def _feuille_valeurs(feuille, collectivites, annee, indicateurs):
    cols = colonnes(annee)
    position = {c.cle: i for i, c in enumerate(cols, start=1)}
    feuille.append([c.entete for c in cols])
    for i, c in enumerate(cols, start=1):
        feuille.column_dimensions[get_column_letter(i)].width = c.largeur
        cellule = feuille.cell(row=1, column=i)
        cellule.font = ENTETE
        cellule.alignment = Alignment(wrap_text=True, vertical="top")
        if c.cle in COLONNES and c.cle not in ("collectivite", "type_collectivite", "annee"):
            cellule.fill = A_REMPLIR
    validations = {}
    ligne = 1
    for ligne, (_collectivite, indicateur, cellules) in enumerate(
        rangees(collectivites, annee, indicateurs), start=2
    ):
        feuille.append([cellule_xlsx(cellules.get(c.cle)) for c in cols])
        a_remplir = champs_a_remplir(indicateur)
        for champ in ("valeur", "numerateur", "denominateur", "poids"):
            cellule = feuille.cell(row=ligne, column=position[champ])
            if champ not in a_remplir:
                cellule.fill = SANS_OBJET
                continue
            cellule.fill = A_REMPLIR
            cle = (indicateur.pk, champ)
            if cle not in validations:
                validations[cle] = _validation(indicateur, champ)
                feuille.add_data_validation(validations[cle])
            validations[cle].add(cellule.coordinate)
        for champ in ("commentaire", "justification"):
            feuille.cell(row=ligne, column=position[champ]).fill = A_REMPLIR
    feuille.freeze_panes = "C2"  # the header, and each row's code and name, stay in sight
    feuille.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{ligne}"


def instructions(annee):
    """The « Instructions » sheet's paragraphs: (text, is a heading)."""
    publiee = _("Publiée pour %s") % (annee - 1)
    return [
        (_("Modèle d'import des indicateurs — données %s") % annee, True),
        (_("Ce qu'il faut remplir"), True),
        (
            _(
                "Sur la feuille « %(feuille)s », une ligne par indicateur. Remplissez les "
                "cellules jaunes : « valeur » pour un nombre ou un oui / non, « numerateur » et "
                "« denominateur » pour un taux (le taux est calculé), « valeur » et « poids » "
                "pour une moyenne. Les cellules grises ne servent pas pour cet indicateur : "
                "laissez-les vides. La colonne « Type attendu » dit quoi écrire ; sélectionnez "
                "une cellule pour voir son aide."
            )
            % {"feuille": FEUILLE_VALEURS},
            False,
        ),
        (
            _(
                "Nombres : virgule ou point décimal (12,5 ou 12.5), espaces entre les milliers "
                "(1 234 567), jamais de point ni de virgule pour les milliers. Au plus 14 "
                "chiffres avant la virgule ; au-delà de 6 décimales, le nombre est arrondi. "
                "Une cellule au format date n'est pas un nombre."
            ),
            False,
        ),
        (_("Oui / non : « oui » ou « non » (o / n, vrai / faux, 1 / 0 sont aussi lus)."), False),
        (
            _(
                "Plage plausible : une valeur en dehors n'est pas refusée, mais elle doit être "
                "justifiée dans la colonne « justification » ; un valideur la vérifiera avant "
                "sa publication. Le commentaire est facultatif (2 000 caractères au plus)."
            ),
            False,
        ),
        (_("Ce qui est ignoré"), True),
        (
            _(
                "Les colonnes descriptives (Nom de l'indicateur, Unité, Type attendu, Plage "
                "plausible, %(publiee)s, Nom de la collectivité) et toute colonne que vous "
                "ajoutez ; les lignes laissées vides, qui ne changent rien à ce qui est déjà "
                "saisi ; les autres feuilles, dont celle-ci. Une formule est lue par son "
                "résultat."
            )
            % {"publiee": publiee},
            False,
        ),
        (
            _(
                "Ne modifiez pas les colonnes indicateur, annee, collectivite et "
                "type_collectivite (elles disent à quoi correspond la ligne), ni les noms de "
                "colonnes de la ligne 1. Vous pouvez trier ou filtrer les lignes, renommer ou "
                "déplacer les feuilles."
            ),
            False,
        ),
        (_("Ce qui sera enregistré"), True),
        (
            _(
                "Une valeur du fichier remplace celle déjà saisie pour la même collectivité, le "
                "même indicateur et la même année, et repasse en brouillon : elle se soumet puis "
                "se valide comme dans la grille. Une valeur déjà publiée le reste telle quelle "
                "jusqu'à ce qu'un valideur publie sa correction."
            ),
            False,
        ),
        (_("Comment l'envoyer"), True),
        (
            _(
                "1. Enregistrez le fichier au format .xlsx (ou .csv). 2. Dans l'administration, "
                "menu « Saisie des indicateurs », rubrique « Importer un fichier », choisissez "
                "le fichier puis « Vérifier » : rien n'est encore écrit. 3. Relisez la "
                "simulation : chaque changement (ancienne → nouvelle valeur), les nouvelles "
                "valeurs, le nombre de valeurs inchangées, et les erreurs éventuelles (ligne, "
                "colonne, raison). 4. S'il n'y a pas d'erreur, « Confirmer l'import ». Un "
                "fichier qui contient une seule erreur est refusé en entier : corrigez-le et "
                "recommencez."
            ),
            False,
        ),
    ]


def _feuille_instructions(feuille, annee):
    feuille.column_dimensions["A"].width = 110
    for ligne, (texte, titre) in enumerate(instructions(annee), start=1):
        cellule = feuille.cell(row=ligne, column=1, value=texte)
        cellule.alignment = Alignment(wrap_text=True, vertical="top")
        if titre:
            cellule.font = Font(bold=True, size=14 if ligne == 1 else 12)


def modele_xlsx(collectivites, annee, indicateurs=None):
    """The template's bytes: « Valeurs » first and active (the sheet the import reads when the
    file comes back untouched), « Instructions » second."""
    classeur = Workbook()
    valeurs = classeur.active
    valeurs.title = FEUILLE_VALEURS
    _feuille_valeurs(valeurs, collectivites, annee, indicateurs)
    _feuille_instructions(classeur.create_sheet(FEUILLE_INSTRUCTIONS), annee)
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()
