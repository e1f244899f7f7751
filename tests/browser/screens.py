"""Screens outside the public pages (those are benchmarks.pages.PUBLIC_PAGES) that axe checks.

One line per screen. Admin paths name demo objects by placeholders, filled from the database by
`chemins()` (primary keys differ between SQLite and PostgreSQL runs): {paris} is the demo
collectivity Paris, {annee} the year of the campaign open today (the demo's drafts).
"""

# Reached anonymously.
ANONYMOUS_SCREENS = ["/admin/login/"]
# The officers' main screens, reached as a contributor of Paris (OFFICER).
OFFICER = "contrib-paris"
OFFICER_SCREENS = [
    "/admin/",  # Wagtail's dashboard
    "/admin/mes-collectivites/",  # list of assessments, with completion
    "/admin/mes-collectivites/{paris}/{annee}/A2E2/",  # assessment edit form (a draft)
    "/admin/indicateurs/",  # import upload form and the grids one may fill
    "/admin/indicateurs/{paris}/{annee}/",  # indicator grid entry of a collectivity and year
]
# The national body's, reached as the demo administrator.
NATIONAL_SCREENS = [
    "/admin/annuaire/suggestions/",  # moderation of suggested actors
    "/admin/snippets/ecosysteme/acteur/",  # the directory's actors
    "/admin/signataires/",  # national list of signatories
    "/admin/invitations/",  # inviting a member
]
# The import's dry-run report answers a POST: tests/browser/test_accessibility.py uploads a file.


def valeurs_demo():
    from commitments.models import Campagne
    from commitments.services import aujourd_hui
    from manifeste.models import Collectivite

    return {
        "paris": Collectivite.objects.get(slug="paris-75056").pk,
        "annee": Campagne.objects.ouverte(aujourd_hui()).annee,
    }


ADMIN_SCREENS = OFFICER_SCREENS + NATIONAL_SCREENS


def chemins(screens):
    valeurs = valeurs_demo()
    return [screen.format(**valeurs) for screen in screens]
