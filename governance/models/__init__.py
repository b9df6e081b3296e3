"""Governance models: roles and object permissions, gate reviews, compliance reviews, audit trail, notifications
and reminder policy."""

from .audit import AuditChainHead, AuditEvent
from .compliance import (
    ComplianceActionItem,
    ComplianceAttachment,
    ComplianceFinding,
    ComplianceQuestionnaire,
    ComplianceReview,
    RiskTierChange,
)
from .delegations import DELEGATION_MAX_DAYS, Delegation
from .notifications import Notification, NotificationStatus
from .receipts import DecisionReceipt
from .reminders import DateStyle, HandledEvent, ReminderMark, ReminderPolicy, UserPreference
from .reviews import LIVE_REVIEW, GateReview, ReviewAnswer, ReviewSlot, SignOff, SignoffMatrixEntry
from .roles import (
    BusinessUnitUserObjectPermission,
    InitiativeUserObjectPermission,
    RoleAssignment,
    RoleGrantRequest,
)
from .sso import ClaimRoleRule, ExternalIdentity
from .tokens import ApiToken, TokenScope
from .webhooks import DeliveryStatus, EndpointFormat, WebhookDelivery, WebhookEndpoint, WebhookFeedMark

__all__ = [
    "DELEGATION_MAX_DAYS",
    "LIVE_REVIEW",
    "ApiToken",
    "AuditChainHead",
    "AuditEvent",
    "BusinessUnitUserObjectPermission",
    "ClaimRoleRule",
    "ComplianceActionItem",
    "ComplianceAttachment",
    "ComplianceFinding",
    "ComplianceQuestionnaire",
    "ComplianceReview",
    "DateStyle",
    "DecisionReceipt",
    "Delegation",
    "DeliveryStatus",
    "EndpointFormat",
    "ExternalIdentity",
    "GateReview",
    "HandledEvent",
    "InitiativeUserObjectPermission",
    "Notification",
    "NotificationStatus",
    "ReminderMark",
    "ReminderPolicy",
    "ReviewAnswer",
    "ReviewSlot",
    "RiskTierChange",
    "RoleAssignment",
    "RoleGrantRequest",
    "SignOff",
    "SignoffMatrixEntry",
    "TokenScope",
    "UserPreference",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookFeedMark",
]
