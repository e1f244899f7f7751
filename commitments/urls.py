"""Public URLs of the app (outside the admin): accepting an invitation."""

from django.urls import path

from .views.invitations import accepter_invitation

app_name = "commitments"
urlpatterns = [
    path("<str:jeton>/", accepter_invitation, name="accepter_invitation"),
]
