"""Default reminder policy, from PRODUCT.md §5. Loaded by a data migration and again after every ``flush``."""

from governance.choices import Audience, ReminderKind

OWNER, SPONSOR, COE = Audience.INITIATIVE_OWNER.value, Audience.BUSINESS_SPONSOR.value, Audience.COE_ADMIN.value

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
}


def ensure_defaults(apps) -> None:
    """Create the policy of every reminder kind that has none (idempotent; existing edits are kept)."""
    try:
        ReminderPolicy = apps.get_model("governance", "ReminderPolicy")
    except LookupError:  # migrated only part of the way
        return
    for kind, values in DEFAULT_REMINDER_POLICIES.items():
        ReminderPolicy.objects.get_or_create(kind=kind, defaults=values)
