"""Creating and editing initiatives and business units."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.choices import DataClassification, Phase, RiskTier, Role, Sourcing
from adoption.models import BusinessUnit, Initiative
from adoption.services.criteria import criteria_derive
from adoption.services.phases import phase_enter
from core.exceptions import Forbidden, InvalidInput, StaleVersion
from governance import access, actions
from governance.audit import audit_record, changed, snapshot

User = get_user_model()

EDITABLE_FIELDS = (
    "title",
    "business_unit",
    "owner",
    "sponsor",
    "pain_point",
    "value_driver",
    "kpi",
    "kpi_baseline",
    "kpi_target",
    "data_classification",
    "sourcing",
    "models_used",
    "selection_rationale",
)
AUDITED_FIELDS = [*EDITABLE_FIELDS, "phase", "status", "risk_tier", "planned_phase_end", "version"]
TEXT_LIMITS = {"title": 200, "kpi": 200, "kpi_baseline": 100, "kpi_target": 100, "models_used": 500}


def _validate_text(values: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name, value in values.items():
        if isinstance(value, str):
            if "\x00" in value:
                errors.setdefault(name, []).append(_("Text may not contain NUL characters."))
            limit = TEXT_LIMITS.get(name, 20000)
            if len(value) > limit:
                errors.setdefault(name, []).append(
                    _("At most %(limit)d characters (this has %(n)d).") % {"limit": limit, "n": len(value)}
                )
    if "title" in values and not str(values["title"] or "").strip():
        errors.setdefault("title", []).append(_("A title is required."))
    for name, choices in (("data_classification", DataClassification), ("sourcing", Sourcing)):
        if name in values and values[name] not in choices.values:
            errors.setdefault(name, []).append(_("“%(value)s” is not a valid choice.") % {"value": values[name]})
    return errors


def _check_people(*, actor, owner, sponsor) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name, person in (("owner", owner), ("sponsor", sponsor)):
        if person is None:
            continue
        if not person.is_active:
            errors.setdefault(name, []).append(_("%(user)s is not an active user.") % {"user": person.get_username()})
        if person.pk == actor.pk:
            errors.setdefault(name, []).append(
                _("You cannot make yourself the %(field)s: nobody grants a role to themselves.") % {"field": name}
            )
    if owner is not None and sponsor is not None and owner.pk == sponsor.pk:
        errors.setdefault("sponsor", []).append(_("The sponsor must be a different person from the owner."))
    return errors


def _audit_role_changes(*, actor, initiative: Initiative, changes) -> None:
    for change, assignment in changes:
        audit_record(
            actor=actor,
            verb=f"role.{change}",
            target=assignment,
            initiative=initiative,
            after={
                "user": assignment.user_id,
                "role": assignment.role,
                "scope": assignment.scope,
                "source": assignment.source,
            },
        )


def business_unit_create(*, actor, code: str, name: str, parent: BusinessUnit | None = None) -> BusinessUnit:
    """Add a unit to the organisation tree (CoE only)."""
    if not access.holds_global_role(user=actor, role=Role.COE_ADMIN):
        raise Forbidden(_("Only the CoE can add business units."))
    errors = {}
    if not code or len(code) > 40 or not code.replace("-", "").replace("_", "").isalnum():
        errors["code"] = [_("Use 1–40 letters, digits, hyphens or underscores.")]
    if not name or len(name) > 200 or "\x00" in name:
        errors["name"] = [_("A name of at most 200 characters is required.")]
    if not errors and BusinessUnit.objects.filter(code=code).exists():
        errors["code"] = [_("A business unit with code %(code)s already exists.") % {"code": code}]
    if errors:
        raise InvalidInput(_("The business unit was not created."), fields=errors)
    with transaction.atomic():
        unit = BusinessUnit.objects.create(code=code, name=name, parent=parent, path="")
        unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
        unit.save(update_fields=["path"])
        audit_record(
            actor=actor, verb="business_unit.created", target=unit, after=snapshot(unit, ["code", "name", "parent"])
        )
    return unit


def _next_number() -> int:
    # A sequence never hands out a number twice, even to concurrent transactions (gaps after a rollback are fine).
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('adoption_initiative_number_seq')")
        return cursor.fetchone()[0]


def initiative_create(
    *,
    actor,
    title: str,
    business_unit: BusinessUnit,
    owner,
    sponsor=None,
    risk_tier: str = RiskTier.UNASSESSED,
    track=None,
    **fields: Any,
) -> Initiative:
    """Register an initiative in exploration (CoE only); owner and sponsor get their roles in the same transaction.
    ``track`` (an ``adoption.models.Track``; none: the standard route) decides its criteria and slots."""
    if not access.holds_global_role(user=actor, role=Role.COE_ADMIN):
        raise Forbidden(_("Only the CoE can register initiatives."))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(_("Unknown fields."), fields={name: [_("This field cannot be set.")] for name in unknown})
    errors = _validate_text({"title": title, **fields})
    errors.update(_check_people(actor=actor, owner=owner, sponsor=sponsor))
    if risk_tier not in RiskTier.values:
        errors["risk_tier"] = [_("“%(value)s” is not a valid risk tier.") % {"value": risk_tier}]
    if errors:
        raise InvalidInput(_("The initiative was not created."), fields=errors)
    now = timezone.now()
    with transaction.atomic():
        number = _next_number()
        initiative = Initiative(
            number=number,
            key=f"AI-{number:04d}",
            title=title.strip(),
            business_unit=business_unit,
            owner=owner,
            sponsor=sponsor,
            risk_tier=risk_tier,
            track=track,
            created_by=actor,
            phase_entered_at=now,
            planned_phase_end=now,
            **fields,
        )
        initiative.save()
        phase_enter(initiative=initiative, phase=Phase.EXPLORATION, at=now)
        if risk_tier == RiskTier.PROHIBITED:
            initiative.status = "on_hold"
            initiative.status_before_hold = "active"
            initiative.hold_reason = _("Prohibited risk tier.")
            initiative.hold_started_at = now
        initiative.save()
        after = snapshot(initiative, AUDITED_FIELDS)
        if track is not None:
            after["track"] = track.code
        audit_record(actor=actor, verb="initiative.created", target=initiative, initiative=initiative, after=after)
        criteria_derive(actor=actor, initiative=initiative)
        _audit_role_changes(
            actor=actor, initiative=initiative, changes=access.sync_field_roles(initiative=initiative, actor=actor)
        )
    return initiative


def initiative_update(
    *, actor, initiative: Initiative, expected_version: int | None = None, **changes: Any
) -> Initiative:
    """Edit an initiative's descriptive fields (owner or CoE). ``expected_version`` guards against lost updates."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(
            _("Unknown fields."), fields={name: [_("This field cannot be changed here.")] for name in unknown}
        )
    with transaction.atomic():
        initiative = actions.action_lock("edit", user=actor, initiative=initiative)
        if expected_version is not None and expected_version != initiative.version:
            raise StaleVersion(
                _("%(key)s was changed by someone else (version %(current)d, you had %(yours)d). Reload and retry.")
                % {"key": initiative.key, "current": initiative.version, "yours": expected_version}
            )
        if ({"owner", "sponsor", "business_unit"} & set(changes)) and not access.holds_global_role(
            user=actor, role=Role.COE_ADMIN
        ):
            raise Forbidden(_("Only the CoE can change the owner, the sponsor or the business unit."))
        errors = _validate_text(changes)
        owner = changes.get("owner", initiative.owner)
        sponsor = changes.get("sponsor", initiative.sponsor)
        people = _check_people(
            actor=actor,
            owner=changes.get("owner"),
            sponsor=changes.get("sponsor"),
        )
        if owner is not None and sponsor is not None and owner.pk == sponsor.pk:
            people.setdefault("sponsor", []).append(_("The sponsor must be a different person from the owner."))
        errors.update(people)
        if errors:
            raise InvalidInput(_("%(key)s was not changed.") % {"key": initiative.key}, fields=errors)
        before = snapshot(initiative, AUDITED_FIELDS)
        for name, value in changes.items():
            setattr(initiative, name, value.strip() if name == "title" else value)
        initiative.version += 1
        initiative.save()
        old, new = changed(before, snapshot(initiative, AUDITED_FIELDS))
        audit_record(
            actor=actor, verb="initiative.updated", target=initiative, initiative=initiative, before=old, after=new
        )
        criteria_derive(actor=actor, initiative=initiative)
        if {"owner", "sponsor"} & set(changes):
            _audit_role_changes(
                actor=actor, initiative=initiative, changes=access.sync_field_roles(initiative=initiative, actor=actor)
            )
    return initiative
