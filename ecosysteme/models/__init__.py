from .acteurs import Acteur, ActeurZone, TypeActeur, acteurs_servant
from .annuaire import AnnuairePage, url_acteur
from .lexique import LexiquePage, Terme, termes_pour
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
    "LexiquePage",
    "RessourceDocument",
    "RessourcePage",
    "Terme",
    "TypeActeur",
    "TypeRessource",
    "acteurs_servant",
    "ressources_pour",
    "termes_pour",
    "url_acteur",
]
