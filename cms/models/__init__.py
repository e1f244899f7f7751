from .annuaire import Acteur, ActeurZone, AnnuairePage, TypeActeur, acteurs_servant
from .home import HomePage
from .lexique import LexiquePage, Terme
from .ressources import (
    BoiteAOutilsPage,
    RessourceDocument,
    RessourcePage,
    TypeRessource,
    ressources_pour,
)

__all__ = ["HomePage"]
__all__ += ["Acteur", "ActeurZone", "AnnuairePage", "TypeActeur", "acteurs_servant"]
__all__ += ["BoiteAOutilsPage", "RessourceDocument", "RessourcePage", "TypeRessource"]
__all__ += ["ressources_pour", "LexiquePage", "Terme"]
