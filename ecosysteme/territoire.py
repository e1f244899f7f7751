"""Where a collectivity sits in the territorial hierarchy, and finding one from what people type."""

from manifeste.models import Collectivite

MAX_CANDIDATS = 10


def englobants(collectivite):
    """The collectivity and those containing it (EPCI, département, région): an actor serving
    any of them serves it."""
    ids = [
        collectivite.pk,
        collectivite.epci_id,
        collectivite.departement_id,
        collectivite.region_id,
    ]
    return [pk for pk in ids if pk is not None]


def resoudre_territoire(texte, types=None):
    """Collectivities matching a slug, a SIREN, an INSEE code or a name, most precise first.

    An INSEE code may be shared by levels ("84" is a région and a département): every match is
    returned and the caller lets the visitor choose. `types` restricts the levels searched.
    """
    texte = (texte or "").strip()
    if not texte:
        return []
    qs = Collectivite.objects.actives()
    if types:
        qs = qs.filter(type__in=types)
    for essai in (
        qs.filter(slug=texte),
        qs.par_identifiant(texte),
        qs.filter(nom__iexact=texte),
        qs.filter(nom__icontains=texte),
    ):
        trouves = list(essai.order_by("type", "nom")[:MAX_CANDIDATS])
        if trouves:
            return trouves
    return []
