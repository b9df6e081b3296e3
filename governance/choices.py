"""Enumerations of the governance domain."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from adoption.choices import Role

# Roles that can fill a sign-off slot of a gate review.
SIGNER_ROLES = (
    Role.BUSINESS_SPONSOR,
    Role.COE_ADMIN,
    Role.COMPLIANCE_OFFICER,
    Role.SECURITY_REVIEWER,
    Role.DATA_STEWARD,
)


class Scope(models.TextChoices):
    GLOBAL = "global", _("Global")
    BUSINESS_UNIT = "business_unit", _("Business unit")
    INITIATIVE = "initiative", _("Initiative")


class AssignmentSource(models.TextChoices):
    MANUAL = "manual", _("Granted")
    OWNER_FIELD = "owner_field", _("Initiative owner field")
    SPONSOR_FIELD = "sponsor_field", _("Initiative sponsor field")


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Open")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Decision(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    REQUEST_CHANGES = "request_changes", _("Request changes")


class RiskChangeStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class ComplianceReviewStatus(models.TextChoices):
    OPEN = "open", _("Open")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class ComplianceOutcome(models.TextChoices):
    PASS = "pass", _("Pass")
    PASS_WITH_ACTIONS = "pass_with_actions", _("Pass with actions")
    FAIL = "fail", _("Fail")
