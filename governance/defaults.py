"""Default sign-off matrix (PRODUCT.md §4) and reminder policy (§5). Loaded by data migrations and again after every
``flush``."""

from governance.choices import Audience, ReminderKind
from governance.questionnaire import ensure_questionnaires

OWNER, SPONSOR, COE = Audience.INITIATIVE_OWNER.value, Audience.BUSINESS_SPONSOR.value, Audience.COE_ADMIN.value

# The roles whose slots each phase's gate needs, in the order the review page shows them (PRODUCT.md §4).
DEFAULT_SIGNOFF_MATRIX: dict[str, list[str]] = {
    "exploration": ["business_sponsor", "coe_admin", "compliance_officer"],
    "validation": ["coe_admin", "compliance_officer", "security_reviewer", "data_steward", "business_sponsor"],
    "scaling": ["coe_admin", "compliance_officer", "security_reviewer", "business_sponsor"],
}

DEFAULT_REMINDER_POLICIES: dict[str, dict] = {
    # Percent of the phase time box used, time on hold excluded.
    ReminderKind.PHASE_TIME_BOX.value: {
        "steps": [
            {"at": 75, "notify": [OWNER]},
            {"at": 100, "notify": [OWNER, COE]},
            {"at": 125, "notify": [SPONSOR], "escalation": True},
        ],
    },
    # Days since the gate review was requested without a decision.
    ReminderKind.GATE_REVIEW.value: {
        "steps": [
            {"at": 3, "notify": [Audience.ELIGIBLE_SIGNERS.value]},
            {"at": 7, "notify": [COE], "escalation": True},
        ],
    },
    # Days relative to the due date: 14 and 3 before, on the day, then weekly; overdue goes to the lead and the CoE.
    ReminderKind.COMPLIANCE_REVIEW.value: {
        "steps": [
            {"at": -14, "notify": [Audience.ASSIGNEE.value]},
            {"at": -3, "notify": [Audience.ASSIGNEE.value]},
            {"at": 0, "notify": [Audience.ASSIGNEE.value]},
            {"at": 1, "notify": [Audience.COMPLIANCE_LEAD.value, COE], "escalation": True},
        ],
        "repeat_every_days": 7,
        "repeat_audiences": [Audience.ASSIGNEE.value],
    },
    # Days before the waiver expires.
    ReminderKind.WAIVER_EXPIRY.value: {
        "steps": [{"at": 7, "notify": [Audience.WAIVER_AUTHOR.value, OWNER]}],
    },
    # When a criterion turns stale.
    ReminderKind.STALE_EVIDENCE.value: {"steps": [{"at": 0, "notify": [OWNER]}]},
    # Once a week.
    ReminderKind.EXECUTIVE_DIGEST.value: {"steps": [{"at": 0, "notify": [Audience.EXECUTIVE.value]}]},
    # Days relative to a compliance action item's due date: its owner 3 days before and on the day, weekly after
    # it; the compliance lead a week late.
    ReminderKind.COMPLIANCE_ACTION.value: {
        "steps": [
            {"at": -3, "notify": [Audience.ACTION_OWNER.value]},
            {"at": 0, "notify": [Audience.ACTION_OWNER.value]},
            {"at": 7, "notify": [Audience.COMPLIANCE_LEAD.value], "escalation": True},
        ],
        "repeat_every_days": 7,
        "repeat_audiences": [Audience.ACTION_OWNER.value],
    },
    # Days relative to a filing's due date while it is not made: the owner 14 and 3 days before, the owner and the
    # compliance lead on the day, the owner weekly after it.
    ReminderKind.FILING_DUE.value: {
        "steps": [
            {"at": -14, "notify": [OWNER]},
            {"at": -3, "notify": [OWNER]},
            {"at": 0, "notify": [OWNER, Audience.COMPLIANCE_LEAD.value], "escalation": True},
        ],
        "repeat_every_days": 7,
        "repeat_audiences": [OWNER],
    },
    # Days since a filing was submitted without the authority's answer.
    ReminderKind.FILING_WAITING.value: {
        "steps": [
            {"at": 30, "notify": [OWNER]},
            {"at": 60, "notify": [OWNER, Audience.COMPLIANCE_LEAD.value], "escalation": True},
        ],
    },
    # Percent of the time between an incident's detection and its report deadline used.
    ReminderKind.INCIDENT_DEADLINE.value: {
        "steps": [
            {"at": 50, "notify": [OWNER, Audience.COMPLIANCE_LEAD.value]},
            {"at": 80, "notify": [OWNER, Audience.COMPLIANCE_LEAD.value, COE], "escalation": True},
        ],
    },
}


def ensure_signoff_matrix(apps) -> None:
    """Create the default sign-off matrix when it is empty (idempotent; the CoE's edits are kept)."""
    SignoffMatrixEntry = apps.get_model("governance", "SignoffMatrixEntry")
    if not SignoffMatrixEntry.objects.exists():
        for phase, roles in DEFAULT_SIGNOFF_MATRIX.items():
            for order, role in enumerate(roles, start=1):
                SignoffMatrixEntry.objects.create(phase=phase, role=role, order=order)


def ensure_defaults(apps) -> None:
    """Create the sign-off matrix, the compliance questionnaires and the policy of every reminder kind where missing
    (idempotent)."""
    ensure_signoff_matrix(apps)
    ensure_questionnaires(apps)
    try:
        ReminderPolicy = apps.get_model("governance", "ReminderPolicy")
    except LookupError:  # migrated only part of the way
        return
    for kind, values in DEFAULT_REMINDER_POLICIES.items():
        ReminderPolicy.objects.get_or_create(kind=kind, defaults=values)
