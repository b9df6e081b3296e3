"""Adoption models: the portfolio (business units, initiatives), phases, gate criteria, evidence and ROI."""

from .criteria import EvidenceVersion, GateCriterion, GateCriterionTemplate
from .evaluations import EvaluationRun
from .funnel import FunnelDays, FunnelTally
from .portfolio import BusinessUnit, Initiative, PhaseDefinition, PhaseStint
from .roi import ModelOption, RealisedValueEntry, RoiVersion, SelectionWeights, SpendEntry
from .saved_views import SavedView
from .tags import Tag
from .tracks import Track
from .weekly import WeeklySnapshot

__all__ = [
    "BusinessUnit",
    "EvaluationRun",
    "EvidenceVersion",
    "FunnelDays",
    "FunnelTally",
    "GateCriterion",
    "GateCriterionTemplate",
    "Initiative",
    "ModelOption",
    "PhaseDefinition",
    "PhaseStint",
    "RealisedValueEntry",
    "RoiVersion",
    "SavedView",
    "SelectionWeights",
    "SpendEntry",
    "Tag",
    "Track",
    "WeeklySnapshot",
]
