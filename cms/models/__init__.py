from .home import HomePage

__all__ = ["HomePage"]

from .dashboard import RapportPage, TableauDeBordPage  # noqa: E402
from .engagement import EngagementIndexPage, EngagementPage  # noqa: E402
from .profil import CollectivitesPage  # noqa: E402

__all__ += [
    "CollectivitesPage",
    "EngagementIndexPage",
    "EngagementPage",
    "RapportPage",
    "TableauDeBordPage",
]
