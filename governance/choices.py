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
    CLAIM_RULE = "claim_rule", _("Single sign-on group")


class GrantRequestStatus(models.TextChoices):
    """A grant of a global privileged role waits for a second CoE member."""

    PENDING = "pending", _("Waiting for a second CoE member")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class ReviewStatus(models.TextChoices):
    """A gate review's state. ``changes_requested`` is still live: it waits for the owner's answer, then signing
    resumes (``GateReview.is_live``)."""

    OPEN = "open", _("Open")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested: waiting for the owner")
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


class AnswerType(models.TextChoices):
    """How a question of a compliance questionnaire is answered."""

    YES_NO = "yes_no", _("Yes or no")
    TEXT = "text", _("Text")
    CHOICE = "choice", _("One of a list")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ActionItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class ReminderKind(models.TextChoices):
    """The reminders the CoE configures (PRODUCT.md §5); each has one ReminderPolicy row."""

    PHASE_TIME_BOX = "phase_time_box", _("Phase time box")
    GATE_REVIEW = "gate_review", _("Open gate review")
    COMPLIANCE_REVIEW = "compliance_review", _("Compliance review")
    WAIVER_EXPIRY = "waiver_expiry", _("Waiver about to expire")
    STALE_EVIDENCE = "stale_evidence", _("Stale evidence")
    EXECUTIVE_DIGEST = "executive_digest", _("Weekly executive digest")
    COMPLIANCE_ACTION = "compliance_action", _("Compliance action item")
    FILING_DUE = "filing_due", _("Filing due")
    FILING_WAITING = "filing_waiting", _("Filing awaiting the authority's answer")
    INCIDENT_DEADLINE = "incident_deadline", _("Incident report deadline")


class Audience(models.TextChoices):
    """Who a reminder step goes to: a role, or a person's relation to the item reminded about."""

    INITIATIVE_OWNER = "initiative_owner", _("The initiative's owner")
    BUSINESS_SPONSOR = "business_sponsor", _("The initiative's business sponsor")
    COE_ADMIN = "coe_admin", _("CoE portfolio managers")
    COMPLIANCE_LEAD = "compliance_lead", _("The compliance lead (global compliance officers)")
    EXECUTIVE = "executive", _("Executives")
    ELIGIBLE_SIGNERS = "eligible_signers", _("Everyone who may sign an unsigned slot")
    ASSIGNEE = "assignee", _("The compliance officer assigned to the review")
    WAIVER_AUTHOR = "waiver_author", _("Whoever granted the waiver")
    ACTION_OWNER = "action_owner", _("The owner of the compliance action item")


class NotificationKind(models.TextChoices):
    """What a notification is about; the email templates and texts are chosen by it."""

    PHASE_TIME_BOX = "phase_time_box", _("Phase time box")
    GATE_REVIEW_WAITING = "gate_review_waiting", _("Gate review waiting")
    COMPLIANCE_REVIEW_DUE = "compliance_review_due", _("Compliance review due")
    WAIVER_EXPIRING = "waiver_expiring", _("Waiver expiring")
    CRITERION_STALE = "criterion_stale", _("Criterion stale")
    EXECUTIVE_DIGEST = "executive_digest", _("Executive digest")
    REVIEW_REQUESTED = "review_requested", _("Gate review requested")
    SIGNOFF_RECORDED = "signoff_recorded", _("Sign-off recorded")
    REVIEW_STALE = "review_stale", _("Gate review must be signed again")
    REVIEW_ANSWERED = "review_answered", _("Gate review answered by its owner")
    INITIATIVE_ADVANCED = "initiative_advanced", _("Initiative advanced")
    INITIATIVE_ENTERED_PRODUCTION = "initiative_entered_production", _("Initiative in production")
    INITIATIVE_STOPPED = "initiative_stopped", _("Initiative stopped")
    INITIATIVE_HELD = "initiative_held", _("Initiative on hold")
    WEBHOOK_DISABLED = "webhook_disabled", _("Webhook disabled")
    EVALUATION_REGRESSION = "evaluation_regression", _("Evaluation regression")
    COMPLIANCE_ACTION_DUE = "compliance_action_due", _("Compliance action item due")
    PROPOSAL_SUBMITTED = "proposal_submitted", _("New proposal to triage")
    PROPOSAL_DECIDED = "proposal_decided", _("Proposal triaged")
    FILING_DUE = "filing_due", _("Filing due")
    FILING_WAITING = "filing_waiting", _("Filing awaiting an answer")
    INCIDENT_RECORDED = "incident_recorded", _("Incident recorded")
    INCIDENT_DEADLINE = "incident_deadline", _("Incident report deadline")
    OBLIGATIONS_CHANGED = "obligations_changed", _("Regulatory obligations changed")
