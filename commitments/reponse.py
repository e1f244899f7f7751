"""The answer to an engagement, as one choice: a level of the scale, « non concerné » or « non
renseigné ». The model keeps it as a state and a level; the form and the history speak of it
as one thing, so that choosing a level is enough to say the engagement is assessed."""

from django.utils.translation import gettext_lazy as _

from manifeste.maturite import NIVEAUX, Etat

NON_CONCERNE = Etat.NON_CONCERNE.value
NON_RENSEIGNE = Etat.NON_RENSEIGNE.value


def reponse(etat, niveau):
    """The choice standing for a stored (state, level): « 2 », « non_concerne »…"""
    return str(niveau) if etat == Etat.EVALUE and niveau is not None else etat


def etat_et_niveau(choix):
    """The stored (state, level) of a choice; a digit is a level, hence « évalué »."""
    if choix.isdigit():
        return Etat.EVALUE, int(choix)
    return Etat(choix), None


def choix_reponse():
    """Levels first, then the two answers off the scale."""
    return [
        *((str(n), str(n)) for n in NIVEAUX),
        (NON_CONCERNE, Etat.NON_CONCERNE.label),
        (NON_RENSEIGNE, _("Pas encore évalué")),
    ]


def libelle_reponse(etat, niveau):
    """How the history names an answer: « 2 », « non concerné », « non renseigné »."""
    if etat == Etat.EVALUE and niveau is not None:
        return str(niveau)
    try:
        return str(Etat(etat).label).lower()
    except ValueError:
        return str(etat)


def descripteur_niveau_zero(engagement):
    """Level 0's meaning for an engagement whose referential gives none."""
    return _("Rien n'est encore engagé sur « %(engagement)s ».") % {"engagement": engagement.titre}
