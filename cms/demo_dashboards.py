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
from manifeste.pages import page_enfant

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


def seed(log):
    home = HomePage.objects.first()
    if home is None:
        log("Pages de démonstration : pas de page d'accueil, rien à faire.")
        return
    index = page_enfant(
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
    page_enfant(
        home,
        CollectivitesPage,
        "collectivites",
        title="Collectivités",
        chapo="Le profil de chaque collectivité, et la comparaison de 2 à 6 collectivités.",
    )
    page_enfant(home, TableauDeBordPage, "tableau-de-bord", title="Tableau de bord")
    page_enfant(
        home,
        RapportPage,
        "rapport-annuel",
        title="Rapport annuel (démonstration)",
        corps=RAPPORT_CORPS,
    )
    log(
        f"Pages publiques : {len(engagements)} engagements, collectivités, tableau de bord, rapport."
    )
