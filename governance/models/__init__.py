"""Governance models: role assignments and object permissions, gate reviews, compliance reviews, audit trail."""

from .audit import AuditChainHead, AuditEvent
from .compliance import ComplianceReview, RiskTierChange
from .reviews import GateReview, ReviewSlot, SignOff, SignoffMatrixEntry
from .roles import BusinessUnitUserObjectPermission, InitiativeUserObjectPermission, RoleAssignment

__all__ = [
    "AuditChainHead",
    "AuditEvent",
    "BusinessUnitUserObjectPermission",
    "ComplianceReview",
    "GateReview",
    "InitiativeUserObjectPermission",
    "ReviewSlot",
    "RiskTierChange",
    "RoleAssignment",
    "SignOff",
    "SignoffMatrixEntry",
]
