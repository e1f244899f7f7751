"""How views obtain their objects: always through the permission layer.

An object outside what the user may see is a 404 (its existence is not revealed); one the user
may see but not change is a 403.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from acces.permissions import collectivites_pour, peut
from acces.roles import Action

from ..models import Evaluation


def collectivite_ou_404(user, pk, action=Action.VOIR):
    collectivite = get_object_or_404(collectivites_pour(user, Action.VOIR), pk=pk)
    if not peut(user, collectivite, action):
        raise PermissionDenied
    return collectivite


def evaluation_ou_404(user, pk):
    return get_object_or_404(
        Evaluation.objects.filter(
            collectivite__in=collectivites_pour(user, Action.VOIR)
        ).select_related("collectivite", "campagne", "engagement"),
        pk=pk,
    )
