from .dashboard import RapportPage, TableauDeBordPage
from .engagement import EngagementIndexPage, EngagementPage
from .home import HomePage
from .profil import CollectivitesPage

__all__ = [
    "CollectivitesPage",
    "EngagementIndexPage",
    "EngagementPage",
    "HomePage",
    "RapportPage",
    "TableauDeBordPage",
]
