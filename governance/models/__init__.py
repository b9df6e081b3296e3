"""Governance models: role assignments and object permissions, gate reviews, compliance reviews, audit trail."""

from .audit import AuditChainHead, AuditEvent
from .compliance import ComplianceReview, RiskTierChange
from .notifications import Notification, NotificationStatus
from .reviews import GateReview, ReviewSlot, SignOff, SignoffMatrixEntry
from .roles import BusinessUnitUserObjectPermission, InitiativeUserObjectPermission, RoleAssignment

__all__ = [
    "AuditChainHead",
    "AuditEvent",
    "BusinessUnitUserObjectPermission",
    "ComplianceReview",
    "GateReview",
    "InitiativeUserObjectPermission",
    "Notification",
    "NotificationStatus",
    "ReviewSlot",
    "RiskTierChange",
    "RoleAssignment",
    "SignOff",
    "SignoffMatrixEntry",
]
