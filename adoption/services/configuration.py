"""The CoE's configuration of the path: phase time boxes, phase extensions and gate criterion templates.

There are always exactly three phases; nothing here adds or removes one. A template edit writes a new version and
leaves criteria already instantiated on the version they came from; time-box and template changes apply to phases
entered afterwards.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption import derivations, display
from adoption.choices import Comparator, CriterionKind, Phase, Role
from adoption.models import GateCriterionTemplate, Initiative, PhaseDefinition
from adoption.services._input import Errors, add, clean_choice, clean_decimal, clean_int, clean_text
from core.exceptions import InvalidInput, StaleVersion
from governance import access, actions
from governance.audit import audit_record, audit_save, snapshot

TIME_BOX_MAX_DAYS = 365
EXTENSION_MAX_DAYS = 365
REASON_LIMIT = 2000
VALIDITY_MAX_DAYS = 3650
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
TEMPLATE_FIELDS = [
    "order",
    "title",
    "guidance",
    "kind",
    "comparator",
    "threshold",
    "unit",
    "mandatory",
    "validity_days",
    "waivable_by_role",
    "evaluation_metric",
    "derived",
]
# Roles that may be named to waive a criterion: those who judge or sign gates (never the owner or a reader).
WAIVER_ROLES = (
    Role.COE_ADMIN,
    Role.COMPLIANCE_OFFICER,
    Role.SECURITY_REVIEWER,
    Role.DATA_STEWARD,
    Role.BUSINESS_SPONSOR,
)


def phase_time_box_set(*, actor, phase: str, days: int) -> PhaseDefinition:
    """Set a phase's time box (1–365 days, CoE only); initiatives already in the phase keep their planned end."""
    access.require_coe(actor, _("Only the CoE sets phase time boxes."))
    errors: Errors = {}
    clean_choice(errors, "phase", phase, Phase)
    clean_int(errors, "days", days, minimum=1, maximum=TIME_BOX_MAX_DAYS)
    if errors:
        raise InvalidInput(_("The time box was not changed."), fields=errors)
    with transaction.atomic():
        definition = PhaseDefinition.objects.select_for_update().get(phase=phase)
        before = snapshot(definition, ["phase", "time_box_days"])
        if definition.time_box_days == days:
            return definition
        definition.time_box_days = days
        definition.save(update_fields=["time_box_days", "updated_at"])
        after = snapshot(definition, ["phase", "time_box_days"])
        audit_record(actor=actor, verb="phase.time_box_set", target=definition, before=before, after=after)
    return definition


def _clean_new_end(errors: Errors, value: Any) -> datetime.datetime | None:
    if isinstance(value, datetime.datetime):
        if timezone.is_naive(value):
            add(errors, "new_end", _("Give the new end with its time zone."))
            return None
        return value
    if isinstance(value, datetime.date):
        # A day means the end of that day where the CoE works.
        return timezone.make_aware(datetime.datetime.combine(value, datetime.time(23, 59, 59)))
    add(errors, "new_end", _("Enter a date and time."))
    return None


def phase_extend(*, actor, initiative: Initiative, new_end: datetime.datetime, reason: str) -> Initiative:
    """Move the planned end of the initiative's current phase later, with a reason (``extend_phase``)."""
    errors: Errors = {}
    reason = clean_text(errors, "reason", reason, limit=REASON_LIMIT, required=True)
    new_end = _clean_new_end(errors, new_end)
    if errors:
        raise InvalidInput(_("The phase was not extended."), fields=errors)
    with transaction.atomic():
        initiative = actions.action_lock("extend_phase", user=actor, initiative=initiative)
        now = timezone.now()
        current = initiative.planned_phase_end
        if new_end <= current:
            add(
                errors,
                "new_end",
                _("The new end must be later than the current planned end, %(end)s.")
                % {"end": display.date_time(current)},
            )
        elif new_end <= now:
            add(errors, "new_end", _("The new end must be in the future."))
        elif new_end > now + datetime.timedelta(days=EXTENSION_MAX_DAYS):
            add(
                errors,
                "new_end",
                _("An extension reaches at most %(days)d days ahead.") % {"days": EXTENSION_MAX_DAYS},
            )
        if errors:
            raise InvalidInput(_("The phase was not extended."), fields=errors)
        initiative.planned_phase_end = new_end
        initiative.version += 1
        audit_save(
            initiative,
            ["planned_phase_end", "version", "updated_at"],
            actor=actor,
            verb="initiative.phase_extended",
            initiative=initiative,
            before={"planned_phase_end": current, "phase": initiative.phase},
            after={"planned_phase_end": new_end, "phase": initiative.phase, "reason": reason},
        )
    return initiative


def _clean_template(errors: Errors, values: dict[str, Any]) -> dict[str, Any]:
    """Check a full set of template values; comparator and threshold are cleared for kinds that measure nothing."""
    cleaned = dict(values)
    cleaned["title"] = clean_text(errors, "title", values["title"], limit=200, required=True)
    cleaned["guidance"] = clean_text(errors, "guidance", values["guidance"])
    cleaned["unit"] = clean_text(errors, "unit", values["unit"], limit=40)
    cleaned["kind"] = clean_choice(errors, "kind", values["kind"], CriterionKind)
    cleaned["order"] = clean_int(errors, "order", values["order"], minimum=0, maximum=32767)
    if not isinstance(values["mandatory"], bool):
        add(errors, "mandatory", _("Answer yes or no."))
    if values["validity_days"] is not None:
        cleaned["validity_days"] = clean_int(
            errors, "validity_days", values["validity_days"], minimum=1, maximum=VALIDITY_MAX_DAYS
        )
    if values["waivable_by_role"]:
        cleaned["waivable_by_role"] = clean_choice(
            errors, "waivable_by_role", values["waivable_by_role"], Role, exclude=tuple(set(Role) - set(WAIVER_ROLES))
        )
    if cleaned["kind"] == CriterionKind.REALITY_GAP:
        # The gap between the offline score and real success may be at most the threshold.
        values = {**values, "comparator": Comparator.LTE}
    if cleaned["kind"] in (CriterionKind.METRIC, CriterionKind.DURATION, CriterionKind.REALITY_GAP):
        cleaned["comparator"] = clean_choice(errors, "comparator", values["comparator"], Comparator)
        cleaned["threshold"] = clean_decimal(errors, "threshold", values["threshold"], max_digits=14, decimal_places=4)
        if cleaned["kind"] == CriterionKind.DURATION and cleaned["threshold"] is not None and cleaned["threshold"] < 0:
            add(errors, "threshold", _("A duration is a number of days and cannot be negative."))
        metric = values.get("evaluation_metric") or ""
        cleaned["evaluation_metric"] = clean_text(errors, "evaluation_metric", metric, limit=100)
    else:
        cleaned["comparator"] = ""
        cleaned["threshold"] = None
        if values.get("evaluation_metric"):
            add(errors, "evaluation_metric", _("Only a measured criterion takes its value from an evaluation run."))
        cleaned["evaluation_metric"] = ""
    cleaned["derived"] = _clean_derived(errors, values.get("derived") or "", cleaned["kind"])
    return cleaned


def _clean_derived(errors: Errors, derived: str, kind: str) -> str:
    """The derivation that judges the criterion from the initiative's data ("" for none), fit for its kind."""
    if not derived:
        return ""
    derivation = derivations.DERIVATIONS.get(derived) if isinstance(derived, str) else None
    if derivation is None:
        add(errors, "derived", _("“%(value)s” is not a valid choice.") % {"value": derived})
    elif derivation.kinds and kind not in derivation.kinds:
        add(
            errors,
            "derived",
            _("“%(value)s” judges only criteria of the kind %(kinds)s.")
            % {"value": derived, "kinds": ", ".join(f"“{CriterionKind(k).label}”" for k in derivation.kinds)},
        )
    return derived


def criterion_template_add(
    *,
    actor,
    phase: str,
    code: str,
    title: str,
    kind: str,
    guidance: str = "",
    comparator: str = "",
    threshold=None,
    unit: str = "",
    mandatory: bool = True,
    validity_days: int | None = None,
    waivable_by_role: str = "",
    order: int | None = None,
    evaluation_metric: str = "",
    derived: str = "",
) -> GateCriterionTemplate:
    """Add a criterion to a phase's gate (CoE only), as version 1; initiatives entering the phase later get it."""
    access.require_coe(actor, _("Only the CoE edits gate templates."))
    errors: Errors = {}
    clean_choice(errors, "phase", phase, Phase)
    if not isinstance(code, str) or not CODE_RE.match(code):
        add(
            errors,
            "code",
            _("Use 1–60 lower-case letters, digits, hyphens or underscores, starting with a letter or digit."),
        )
    values = _clean_template(
        errors,
        {
            "order": 0 if order is None else order,
            "title": title,
            "guidance": guidance,
            "kind": kind,
            "comparator": comparator,
            "threshold": threshold,
            "unit": unit,
            "mandatory": mandatory,
            "validity_days": validity_days,
            "waivable_by_role": waivable_by_role,
            "evaluation_metric": evaluation_metric,
            "derived": derived,
        },
    )
    if errors:
        raise InvalidInput(_("The criterion was not added."), fields=errors)
    with transaction.atomic():
        # Lock the phase so that two additions to it cannot race for the same code or position.
        PhaseDefinition.objects.select_for_update().get(phase=phase)
        if GateCriterionTemplate.objects.filter(phase=phase, code=code).exists():
            raise InvalidInput(
                _("The criterion was not added."),
                fields={
                    "code": [
                        _("The %(phase)s gate already has a criterion “%(code)s”.") % {"phase": phase, "code": code}
                    ]
                },
            )
        if order is None:
            last = GateCriterionTemplate.objects.filter(phase=phase).aggregate(last=Max("order"))["last"] or 0
            values["order"] = last + 1
        template = GateCriterionTemplate.objects.create(phase=phase, code=code, version=1, is_current=True, **values)
        after = snapshot(template, ["phase", "code", "version", *TEMPLATE_FIELDS])
        audit_record(actor=actor, verb="criterion_template.added", target=template, after=after)
    return template


def criterion_template_revise(*, actor, template: GateCriterionTemplate, **changes: Any) -> GateCriterionTemplate:
    """Write a new version of a template with ``changes`` (CoE only); the old version stops being current.

    Criteria already instantiated keep the version they came from; phases entered afterwards use the new one.
    """
    access.require_coe(actor, _("Only the CoE edits gate templates."))
    unknown = set(changes) - set(TEMPLATE_FIELDS)
    if unknown:
        raise InvalidInput(
            _("Unknown fields."), fields={name: [_("This field cannot be changed here.")] for name in sorted(unknown)}
        )
    if not changes:
        raise InvalidInput(_("Nothing to change."))
    with transaction.atomic():
        old = GateCriterionTemplate.objects.select_for_update().get(pk=template.pk)
        if not old.is_current:
            raise StaleVersion(
                _("Version %(version)d of “%(code)s” has been replaced; edit the current version.")
                % {"version": old.version, "code": old.code}
            )
        errors: Errors = {}
        values = _clean_template(errors, {**{name: getattr(old, name) for name in TEMPLATE_FIELDS}, **changes})
        if errors:
            raise InvalidInput(_("The criterion template was not changed."), fields=errors)
        before = snapshot(old, ["phase", "code", "version", *TEMPLATE_FIELDS])
        if all(getattr(old, name) == values[name] for name in TEMPLATE_FIELDS):
            raise InvalidInput(_("Nothing to change: the values are those of the current version."))
        old.is_current = False
        old.save(update_fields=["is_current"])
        new = GateCriterionTemplate.objects.create(
            phase=old.phase, code=old.code, version=old.version + 1, is_current=True, **values
        )
        after = snapshot(new, ["phase", "code", "version", *TEMPLATE_FIELDS])
        audit_record(actor=actor, verb="criterion_template.revised", target=new, before=before, after=after)
    return new
