"""Admin URLs of the read side (mounted under /admin/ by wagtail_hooks)."""

from django.urls import path

from publication import admin_views

urlpatterns = [
    path("editions/", admin_views.liste, name="publication_editions"),
    path("editions/<int:annee>/figer/", admin_views.figer, name="publication_figer"),
]
