"""What a published assessment shows outside the site: plain text, never the stored HTML.

The narrative is rich text; the API, the open datasets and the printed report publish its text
only (paragraphs kept as blank lines), so no markup, script or link target written in the
editor or slipped into the database reaches a reuser.
"""

import html
import re

from django.utils.html import strip_tags

from .models import Evaluation

_FIN_DE_BLOC = re.compile(r"<br\s*/?>|</(p|li|h[1-6]|div|ol|ul)\s*>", re.IGNORECASE)
_LIGNES_VIDES = re.compile(r"\n\s*\n+")


def texte_narratif(narratif):
    """Rich-text narrative → plain text, one paragraph per block."""
    texte = html.unescape(strip_tags(_FIN_DE_BLOC.sub("\n\n", narratif or "")))
    lignes = "\n".join(ligne.strip() for ligne in texte.splitlines())
    return _LIGNES_VIDES.sub("\n\n", lignes).strip()


def evaluations_publiees():
    """Published assessments with what every public output names, in a stable order."""
    return (
        Evaluation.objects.publiees()
        .select_related("collectivite", "engagement", "campagne")
        .order_by(
            "campagne__annee",
            "collectivite__nom",
            "collectivite__code_insee",
            "engagement__code",
            "pk",
        )
    )
