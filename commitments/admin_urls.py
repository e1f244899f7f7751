"""Admin URLs of the officer's workspace (mounted under /admin/ by wagtail_hooks)."""

from django.urls import path

from .views import aide, invitations, national, workspace

urlpatterns = [
    path("aide/", aide.aide, name="commitments_aide"),
    path("mes-collectivites/", workspace.mes_collectivites, name="commitments_mes_collectivites"),
    path(
        "mes-collectivites/<int:collectivite_id>/<int:annee>/<str:code>/",
        workspace.evaluation,
        name="commitments_evaluation",
    ),
    path(
        "mes-collectivites/<int:collectivite_id>/<int:annee>/reporter",
        workspace.reporter,
        name="commitments_reporter",
    ),
    path(
        "mes-collectivites/<int:collectivite_id>/<int:annee>/rouvrir",
        workspace.rouvrir,
        name="commitments_rouvrir",
    ),
    path("evaluations/<int:pk>/etat/", workspace.transition, name="commitments_transition"),
    path("evaluations/<int:pk>/revue/", workspace.revue, name="commitments_revue"),
    path("invitations/", invitations.inviter, name="commitments_inviter"),
    path("signataires/", national.signataires_view, name="commitments_signataires"),
    path(
        "signataires/export.<str:format>",
        national.export_signataires,
        name="commitments_export",
    ),
]
