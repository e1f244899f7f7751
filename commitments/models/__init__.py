"""The commitments' models, one module per concern."""

from .evaluation import (
    ActionEvaluation,
    CorrectionEvaluation,
    Evaluation,
    Preuve,
    Reouverture,
    StatutAction,
    TransitionEvaluation,
)
from .invitation import Invitation
from .participation import Campagne, Membre, ProfilNational, Signature
from .rappel import Rappel

__all__ = [
    "ActionEvaluation",
    "Campagne",
    "CorrectionEvaluation",
    "Evaluation",
    "Invitation",
    "Membre",
    "Preuve",
    "ProfilNational",
    "Rappel",
    "Reouverture",
    "Signature",
    "StatutAction",
    "TransitionEvaluation",
]
