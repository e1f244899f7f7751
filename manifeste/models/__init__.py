from .collectivite import ClasseTaille, Collectivite, NatureEPCI, TypeCollectivite
from .demonstration import Demonstration
from .referentiel import Ambition, DescripteurNiveau, Engagement, NiveauMaturite, Referentiel

__all__ = [
    "Ambition",
    "ClasseTaille",
    "Collectivite",
    "Demonstration",
    "DescripteurNiveau",
    "Engagement",
    "NatureEPCI",
    "NiveauMaturite",
    "Referentiel",
    "TypeCollectivite",
]
