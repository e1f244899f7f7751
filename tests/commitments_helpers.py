"""Helpers shared by the commitments view tests."""

from django.urls import reverse

from commitments.forms import EvaluationForm
from commitments.reponse import reponse


def narratif(html):
    """What the Draftail editor posts for `html` (Wagtail converts and sanitises it back)."""
    return EvaluationForm().fields["narratif"].widget.format_value(html)


def donnees(etat="evalue", niveau=2, justification="", html="<p>Texte</p>", **extra):
    """What the form posts: one answer (a level, « non_concerne » or « non_renseigne »)."""
    data = {
        "reponse": "" if etat == "evalue" and niveau is None else reponse(etat, niveau),
        "justification": justification,
        "narratif": narratif(html),
        "actions-TOTAL_FORMS": "0",
        "actions-INITIAL_FORMS": "0",
        "preuves-TOTAL_FORMS": "0",
        "preuves-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def url_evaluation(monde, collectivite, code="A1E1"):
    return reverse("commitments_evaluation", args=[collectivite.pk, monde.campagne.annee, code])
