"""The referential's and the collectivities' endpoints, and what every router shares (core)."""

from . import collectivites, referentiel

ROUTERS = [("/referentiel", referentiel.router), ("/collectivites", collectivites.router)]
