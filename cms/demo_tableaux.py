"""Demo pages of the public dashboards (idempotent): engagement pages, collectivities, national
dashboard and an annual report composed of blocks."""

from cms.models import (
    CollectivitesPage,
    EngagementIndexPage,
    EngagementPage,
    HomePage,
    RapportPage,
    TableauDeBordPage,
)
from manifeste.models import Engagement

RAPPORT_CORPS = [
    (
        "texte",
        "<h2>Une année d'engagements</h2><p>Ce rapport est composé de blocs : texte, chiffres "
        "clés, graphiques et cartes, modifiables dans l'administration sans développeur.</p>",
    ),
    (
        "chiffre_cle",
        {"libelle": "engagements dans le manifeste", "valeur": 9, "unite": "", "source": ""},
    ),
    (
        "graphique",
        {"indicateur": "A1E1-01", "titre": "", "groupe": "type", "annees": "", "type": "line"},
    ),
    ("carte", {"indicateur": "A1E1", "titre": "", "annee": 2025, "niveau": "region"}),
]


def _enfant(parent, modele, slug, **champs):
    """The child page of that type and slug, created (and published) if missing."""
    page = modele.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = parent.add_child(instance=modele(slug=slug, **champs))
    return page


def seed(log):
    home = HomePage.objects.first()
    if home is None:
        log("Pages de démonstration : pas de page d'accueil, rien à faire.")
        return
    index = _enfant(
        home,
        EngagementIndexPage,
        "engagements",
        title="Les 9 engagements",
        chapo="Trois ambitions, neuf engagements : le texte, les niveaux et où en sont les collectivités.",
    )
    engagements = Engagement.objects.courants().select_related("ambition")
    for engagement in engagements:
        if not EngagementPage.objects.filter(engagement=engagement).exists():
            index.add_child(
                instance=EngagementPage(
                    title=f"{engagement.code} – {engagement.titre_fr}",
                    slug=engagement.code.lower(),
                    engagement=engagement,
                )
            )
    _enfant(
        home,
        CollectivitesPage,
        "collectivites",
        title="Collectivités",
        chapo="Le profil de chaque collectivité, et la comparaison de 2 à 6 collectivités.",
    )
    _enfant(home, TableauDeBordPage, "tableau-de-bord", title="Tableau de bord national")
    _enfant(
        home,
        RapportPage,
        "rapport-annuel",
        title="Rapport annuel (démonstration)",
        corps=RAPPORT_CORPS,
    )
    log(
        f"Pages publiques : {len(engagements)} engagements, collectivités, tableau de bord, rapport."
    )
