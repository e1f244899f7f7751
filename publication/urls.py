"""Public addresses that are not pages: dataset downloads, charts' CSV, printable reports."""

from django.urls import path, re_path

from publication import opendata_views as exports
from publication import views

urlpatterns = [
    path("donnees/", exports.index, name="donnees"),
    re_path(r"^donnees/(?P<annee>\d{4})\.zip$", exports.archive, name="donnees-archive"),
    re_path(r"^donnees/(?P<slug>[a-z0-9-]+)\.schema\.json$", exports.schema, name="donnees-schema"),
    re_path(
        r"^donnees/(?P<slug>[a-z0-9-]+)\.(?P<extension>csv|xlsx)$",
        exports.telecharger,
        name="donnees-fichier",
    ),
    re_path(
        r"^donnees/editions/(?P<annee>\d{4})\.zip$", exports.archive_edition, name="edition-archive"
    ),
    path("donnees/diffusion.json", views.etat_diffusion, name="diffusion-etat"),
    path("donnees/graphiques/<slug:key>.csv", views.chart_csv, name="chart_csv"),
    re_path(r"^rapport/(?P<slug>[\w-]+)/(?P<annee>\d{4})/$", views.page, name="rapport"),
    re_path(r"^rapport/(?P<slug>[\w-]+)/(?P<annee>\d{4})\.pdf$", views.pdf, name="rapport-pdf"),
]
