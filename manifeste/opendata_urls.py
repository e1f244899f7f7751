"""Open data pages outside the API: dataset downloads and the printable reports."""

from django.urls import path, re_path

from manifeste import rapport_views as rapport
from manifeste.exports import views as exports

urlpatterns = [
    path("donnees/", exports.index, name="donnees"),
    re_path(r"^donnees/(?P<annee>\d{4})\.zip$", exports.archive, name="donnees-archive"),
    re_path(r"^donnees/(?P<slug>[a-z0-9-]+)\.schema\.json$", exports.schema, name="donnees-schema"),
    re_path(
        r"^donnees/(?P<slug>[a-z0-9-]+)\.(?P<extension>csv|xlsx)$",
        exports.telecharger,
        name="donnees-fichier",
    ),
    re_path(r"^rapport/(?P<slug>[\w-]+)/(?P<annee>\d{4})/$", rapport.page, name="rapport"),
    re_path(r"^rapport/(?P<slug>[\w-]+)/(?P<annee>\d{4})\.pdf$", rapport.pdf, name="rapport-pdf"),
]
