from .collectivite import ClasseTaille, Collectivite, NatureEPCI, TypeCollectivite
from .referentiel import Ambition, DescripteurNiveau, Engagement, NiveauMaturite, Referentiel

__all__ = [
    "Ambition",
    "ClasseTaille",
    "Collectivite",
    "DescripteurNiveau",
    "Engagement",
    "NatureEPCI",
    "NiveauMaturite",
    "Referentiel",
    "TypeCollectivite",
]
