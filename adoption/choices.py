"""Enumerations of the adoption domain: phases, statuses, risk tiers, criteria, ROI and failure modes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    EXPLORATION = "exploration", _("Exploration")
    VALIDATION = "validation", _("Validation")
    SCALING = "scaling", _("Scaling")


PHASE_ORDER = [Phase.EXPLORATION, Phase.VALIDATION, Phase.SCALING]


def next_phase(phase: str) -> str | None:
    """The phase after ``phase``, or None after scaling (the initiative then goes to production)."""
    index = PHASE_ORDER.index(phase)
    return PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    ON_HOLD = "on_hold", _("On hold")
    STOPPED = "stopped", _("Stopped")
    IN_PRODUCTION = "in_production", _("In production")
    RETIRED = "retired", _("Retired")
    # Registered by mistake (or twice): kept with its records, left out of the funnel, the board and the reminders.
    VOIDED = "voided", _("Voided")


class HoldCause(models.TextChoices):
    """Why an initiative is on hold: it decides who may resume it (segregation of duties)."""

    DECISION = "decision", _("Put on hold by its sponsor or the CoE")
    COMPLIANCE_FAILED = "compliance_failed", _("A compliance review failed")
    PROHIBITED = "prohibited", _("The risk tier was confirmed as prohibited")


class RiskTier(models.TextChoices):
    """EU AI Act risk tiers; ``unassessed`` until the initiative is first classified."""

    UNASSESSED = "unassessed", _("Not yet assessed")
    MINIMAL = "minimal", _("Minimal")
    LIMITED = "limited", _("Limited")
    HIGH = "high", _("High")
    PROHIBITED = "prohibited", _("Prohibited")


class DataClassification(models.TextChoices):
    UNCLASSIFIED = "unclassified", _("Not yet classified")
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")
    CONFIDENTIAL = "confidential", _("Confidential")
    RESTRICTED = "restricted", _("Restricted")


class Sourcing(models.TextChoices):
    UNDECIDED = "undecided", _("Undecided")
    CLOSED_API = "closed_api", _("Closed API")
    OPEN_SOURCE_SELF_HOSTED = "open_source_self_hosted", _("Open-source, self-hosted")
    HYBRID = "hybrid", _("Hybrid")


class FailureMode(models.TextChoices):
    """The six failure modes of enterprise GenAI adoption (seed 001, section 2)."""

    NO_VALUE_HYPOTHESIS = "no_value_hypothesis", _("No clear business-value hypothesis")
    DATA_GOVERNANCE = "data_governance", _("Data governance ignored")
    VENDOR_LOCK_IN = "vendor_lock_in", _("Over-reliance on a single model vendor")
    ENGINEERING_UNDERESTIMATED = "engineering_underestimated", _("Engineering complexity underestimated")
    NO_EVALUATION = "no_evaluation", _("No systematic evaluation framework")
    ORGANISATION_UNPREPARED = "organisation_unprepared", _("Organisation and talent not prepared")


class CriterionKind(models.TextChoices):
    CHECKLIST = "checklist", _("Checklist")
    EVIDENCE = "evidence", _("Evidence")
    METRIC = "metric", _("Metric")
    DURATION = "duration", _("Duration (days)")
    # The offline evaluation score against the task success real users had: the gap is the measured value.
    REALITY_GAP = "reality_gap", _("Benchmark against reality")


class Comparator(models.TextChoices):
    GTE = "gte", "≥"
    LTE = "lte", "≤"


class CriterionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    WAIVED = "waived", _("Waived")
    STALE = "stale", _("Stale")


class EvidenceKind(models.TextChoices):
    TEXT = "text", _("Text")
    LINK = "link", _("Link")
    FILE = "file", _("File")


class Confidence(models.TextChoices):
    """Confidence of an ROI estimate, each with its stated band."""

    LOW = "low", _("Low (±50%)")
    MEDIUM = "medium", _("Medium (±25%)")
    HIGH = "high", _("High (±10%)")


CONFIDENCE_BAND = {Confidence.LOW: "0.50", Confidence.MEDIUM: "0.25", Confidence.HIGH: "0.10"}


class BenefitCategory(models.TextChoices):
    CASH_SAVING = "cash_saving", _("Cash saving")
    COST_AVOIDANCE = "cost_avoidance", _("Cost avoidance")
    REVENUE = "revenue", _("Revenue")
    PRODUCTIVITY = "productivity", _("Productivity (hours × rate)")


class SpendCategory(models.TextChoices):
    MODEL = "model", _("Model and tokens")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    PEOPLE = "people", _("People")
    OTHER = "other", _("Other")


class Role(models.TextChoices):
    """Roles a person can hold (governance assigns them; adoption names them, e.g. who may waive a criterion)."""

    COE_ADMIN = "coe_admin", _("CoE portfolio manager")
    INITIATIVE_OWNER = "initiative_owner", _("Initiative owner")
    CONTRIBUTOR = "contributor", _("Contributor")
    BUSINESS_SPONSOR = "business_sponsor", _("Business sponsor")
    COMPLIANCE_OFFICER = "compliance_officer", _("Compliance officer")
    SECURITY_REVIEWER = "security_reviewer", _("Security reviewer")
    DATA_STEWARD = "data_steward", _("Data steward")
    EXECUTIVE = "executive", _("Executive")
    AUDITOR = "auditor", _("Auditor")
    # FSC third-party review of high-risk systems: an extra sign-off slot a regime's obligation may add.
    INDEPENDENT_REVIEWER = "independent_reviewer", _("Independent reviewer")


class PhaseOutcome(models.TextChoices):
    """How a stay in a phase ended."""

    ADVANCED = "advanced", _("Advanced")
    STOPPED = "stopped", _("Stopped")
