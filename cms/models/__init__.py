from .annuaire import Acteur, ActeurZone, AnnuairePage, TypeActeur, acteurs_servant
from .dashboard import RapportPage, TableauDeBordPage
from .engagement import EngagementIndexPage, EngagementPage
from .home import HomePage
from .lexique import LexiquePage, Terme
from .profil import CollectivitesPage
from .ressources import (
    BoiteAOutilsPage,
    RessourceDocument,
    RessourcePage,
    TypeRessource,
    ressources_pour,
)

__all__ = [
    "Acteur",
    "ActeurZone",
    "AnnuairePage",
    "BoiteAOutilsPage",
    "CollectivitesPage",
    "EngagementIndexPage",
    "EngagementPage",
    "HomePage",
    "LexiquePage",
    "RapportPage",
    "RessourceDocument",
    "RessourcePage",
    "TableauDeBordPage",
    "Terme",
    "TypeActeur",
    "TypeRessource",
    "acteurs_servant",
    "ressources_pour",
]
