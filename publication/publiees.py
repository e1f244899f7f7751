"""What « has published » means everywhere: a collectivity's published assessments and values."""

from django.db.models import Exists, OuterRef

from commitments.models import Evaluation
from indicators.models import Valeur

# In a subquery: the collectivity of the row being annotated or filtered.
LIGNE = OuterRef("pk")


def publications(collectivite=LIGNE, annee=None):
    """The published assessments and values of `collectivite` (of the year `annee` if given):
    what « has published » means everywhere."""
    evaluations = Evaluation.objects.publiees().filter(collectivite=collectivite)
    valeurs = Valeur.objects.publiees().filter(collectivite=collectivite)
    if annee:
        evaluations = evaluations.filter(campagne__annee=annee)
        valeurs = valeurs.filter(annee=annee)
    return evaluations, valeurs


def declarantes(collectivites, annee=None):
    """Those of `collectivites` that published anything (in `annee` if given). EXISTS per
    collectivity: a join with millions of values then DISTINCT would not end."""
    evaluations, valeurs = publications(annee=annee)
    return collectivites.filter(Exists(evaluations) | Exists(valeurs))
