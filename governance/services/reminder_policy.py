"""The CoE's reminder policy: when each kind of reminder is sent and to whom (versioned and audited)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from adoption.choices import Role
from core.exceptions import Forbidden, InvalidInput, NotFound, StaleVersion
from governance import access
from governance.audit import audit_record, changed
from governance.choices import Audience, ReminderKind
from governance.models import ReminderPolicy

MAX_STEPS = 10
_UNSET: Any = object()

A = Audience
_INITIATIVE_PEOPLE = {A.INITIATIVE_OWNER, A.BUSINESS_SPONSOR, A.COE_ADMIN, A.COMPLIANCE_LEAD}

# For each kind: what ``at`` counts and its bounds, and who may be told.
RULES: dict[str, dict[str, Any]] = {
    ReminderKind.PHASE_TIME_BOX: {"range": (1, 1000), "audiences": _INITIATIVE_PEOPLE},
    ReminderKind.GATE_REVIEW: {"range": (0, 365), "audiences": _INITIATIVE_PEOPLE | {A.ELIGIBLE_SIGNERS}},
    ReminderKind.COMPLIANCE_REVIEW: {
        "range": (-365, 365),
        "audiences": _INITIATIVE_PEOPLE | {A.ASSIGNEE},
        "repeat": True,
    },
    ReminderKind.WAIVER_EXPIRY: {"range": (0, 365), "audiences": _INITIATIVE_PEOPLE | {A.WAIVER_AUTHOR}},
    ReminderKind.COMPLIANCE_ACTION: {
        "range": (-365, 365),
        "audiences": _INITIATIVE_PEOPLE | {A.ACTION_OWNER},
        "repeat": True,
    },
    ReminderKind.STALE_EVIDENCE: {"range": (0, 0), "audiences": {A.INITIATIVE_OWNER, A.BUSINESS_SPONSOR}},
    ReminderKind.EXECUTIVE_DIGEST: {"range": (0, 0), "audiences": {A.EXECUTIVE, A.COE_ADMIN}},
    ReminderKind.FILING_DUE: {"range": (-365, 365), "audiences": _INITIATIVE_PEOPLE, "repeat": True},
    ReminderKind.FILING_WAITING: {"range": (0, 365), "audiences": _INITIATIVE_PEOPLE},
    ReminderKind.INCIDENT_DEADLINE: {"range": (1, 100), "audiences": _INITIATIVE_PEOPLE},
}
# Stale evidence is sent when it happens and the digest once a week: each has a single step, at 0.
SINGLE_STEP = {ReminderKind.STALE_EVIDENCE, ReminderKind.EXECUTIVE_DIGEST}


def _whole_number_between(value: Any, low: int, high: int) -> bool:
    # JSON true/false are ints to Python; a step at "True" days is a mistake, not 1.
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _clean_audiences(errors: dict, name: str, value: Any, allowed: set[str], *, required: bool) -> list[str]:
    if not isinstance(value, list | tuple) or (required and not value):
        errors.setdefault(name, []).append(_("Name at least one recipient."))
        return []
    bad = [str(a) for a in value if a not in allowed]
    if bad:
        errors.setdefault(name, []).append(
            _("Not a recipient of this reminder: %(bad)s. Choose from %(allowed)s.")
            % {"bad": ", ".join(bad)[:200], "allowed": ", ".join(sorted(allowed))}
        )
        return []
    return list(dict.fromkeys(value))


def clean_steps(kind: str, steps: Any) -> tuple[list[dict], dict[str, list[str]]]:
    """The steps in canonical form (sorted by ``at``), and the problems found, by field."""
    errors: dict[str, list[str]] = {}
    rules = RULES[kind]
    low, high = rules["range"]
    if not isinstance(steps, list | tuple) or not steps:
        return [], {"steps": [_("Give at least one step.")]}
    if len(steps) > MAX_STEPS:
        return [], {"steps": [_("At most %(n)d steps.") % {"n": MAX_STEPS}]}
    if kind in SINGLE_STEP and len(steps) != 1:
        return [], {"steps": [_("This reminder has exactly one step.")]}
    cleaned = []
    for step in steps:
        if not isinstance(step, dict):
            errors.setdefault("steps", []).append(_("Each step is an object with “at” and “notify”."))
            continue
        at = step.get("at")
        if not _whole_number_between(at, low, high):
            errors.setdefault("steps", []).append(
                _("“at” must be a whole number from %(low)d to %(high)d.") % {"low": low, "high": high}
            )
            continue
        notify = _clean_audiences(errors, "steps", step.get("notify"), rules["audiences"], required=True)
        escalation = step.get("escalation", False)
        if not isinstance(escalation, bool):
            errors.setdefault("steps", []).append(_("“escalation” is true or false."))
            continue
        cleaned.append({"at": at, "notify": notify, **({"escalation": True} if escalation else {})})
    ats = [s["at"] for s in cleaned]
    if len(set(ats)) != len(ats):
        errors.setdefault("steps", []).append(_("Two steps cannot share the same “at”."))
    return sorted(cleaned, key=lambda s: s["at"]), errors


def reminder_policy_update(
    *,
    actor,
    kind: str,
    enabled: bool | None = None,
    steps: list[dict] | None = None,
    repeat_every_days: int | None = _UNSET,
    repeat_audiences: list[str] | None = None,
    version: int | None = None,
) -> ReminderPolicy:
    """Change the reminder policy of ``kind`` (CoE only). Pass ``version`` to refuse a change based on an old read."""
    if not access.holds_global_role(user=actor, role=Role.COE_ADMIN):
        raise Forbidden(_("Only the CoE changes the reminder policy."))
    message = _("The reminder policy was not changed.")
    if kind not in RULES:
        raise NotFound(_("There is no reminder “%(kind)s”.") % {"kind": str(kind)[:60]})
    errors: dict[str, list[str]] = {}
    if enabled is not None and not isinstance(enabled, bool):
        errors["enabled"] = [_("“enabled” is true or false.")]
    if steps is not None:
        steps, step_errors = clean_steps(kind, steps)
        errors.update(step_errors)
    if repeat_every_days is not _UNSET and repeat_every_days is not None:
        if not RULES[kind].get("repeat"):
            errors["repeat_every_days"] = [_("This reminder does not repeat.")]
        elif not _whole_number_between(repeat_every_days, 1, 365):
            errors["repeat_every_days"] = [_("A number of days from 1 to 365.")]
    if repeat_audiences is not None:
        repeat_audiences = _clean_audiences(
            errors, "repeat_audiences", repeat_audiences, RULES[kind]["audiences"], required=False
        )
        if repeat_audiences and not RULES[kind].get("repeat"):
            errors["repeat_audiences"] = [_("This reminder does not repeat.")]
    if errors:
        raise InvalidInput(message, fields=errors)

    with transaction.atomic():
        policy = ReminderPolicy.objects.select_for_update().filter(kind=kind).first()
        if policy is None:
            policy = ReminderPolicy.objects.create(kind=kind, steps=[])
        if version is not None and version != policy.version:
            raise StaleVersion(
                message, reasons=[_("Someone changed this policy since you read it; reload and try again.")]
            )
        fields = ["enabled", "steps", "repeat_every_days", "repeat_audiences"]
        before = {name: getattr(policy, name) for name in fields}
        if enabled is not None:
            policy.enabled = enabled
        if steps is not None:
            policy.steps = steps
        if repeat_every_days is not _UNSET:
            policy.repeat_every_days = repeat_every_days
        if repeat_audiences is not None:
            policy.repeat_audiences = repeat_audiences
        if policy.repeat_every_days and not policy.repeat_audiences:
            raise InvalidInput(message, fields={"repeat_audiences": [_("Name who receives the repeated reminder.")]})
        after = {name: getattr(policy, name) for name in fields}
        if after == before:
            return policy
        policy.version += 1
        policy.updated_by = actor
        policy.save()
        old, new = changed(before, after)
        old["version"] = policy.version - 1
        new.update(kind=kind, version=policy.version)
        audit_record(actor=actor, verb="reminder_policy.updated", target=policy, before=old, after=new)
    return policy
