"""Delegation of signing: a signer lends one signing role they hold to a named person for a fixed period, and the
delegator or the CoE revokes it. Who may then sign what lives in ``governance.eligibility`` (the one home)."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.choices import Role
from core.db import lock_one
from core.exceptions import Forbidden, InvalidInput, Refused
from core.web import person_name
from governance import access
from governance.audit import audit_record
from governance.choices import SIGNER_ROLES, Scope
from governance.inputs import DelegationInput
from governance.models import DELEGATION_MAX_DAYS, Delegation, RoleAssignment

User = get_user_model()


def _data(delegation: Delegation) -> dict:
    return {
        "delegator": person_name(delegation.delegator),
        "delegate": person_name(delegation.delegate),
        "role": delegation.role,
        "scope": delegation.scope,
        "scope_label": delegation.scope_label,
        "assignment": delegation.assignment_id,
        "starts_on": delegation.starts_on.isoformat(),
        "ends_on": delegation.ends_on.isoformat(),
        "reason": delegation.reason,
    }


def covers(assignment: RoleAssignment, *, scope: str, business_unit=None, initiative=None) -> bool:
    """Does ``assignment`` hold for the whole of a scope (globally, in the unit or a unit above it, or on the
    initiative or a unit above the initiative's)?"""
    if assignment.scope == Scope.GLOBAL:
        return True
    if assignment.scope == Scope.BUSINESS_UNIT:
        unit = business_unit if scope == Scope.BUSINESS_UNIT else initiative.business_unit if initiative else None
        return unit is not None and assignment.business_unit_id in unit.ancestor_ids
    return scope == Scope.INITIATIVE and assignment.initiative_id == getattr(initiative, "pk", None)


def delegation_create(
    *,
    actor,
    assignment: int,
    delegate: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    reason: str = "",
) -> Delegation:
    """Lend the signing role of ``assignment`` (one of ``actor``'s own, in force) to the person whose login name is
    ``delegate``, from ``starts_on`` to ``ends_on`` (both included; at most DELEGATION_MAX_DAYS days, not starting
    in the past). The delegate must be someone else, active, holding a role of their own in force that covers the
    whole scope of the assignment (so they see what they would sign), and not already holding the same lent role
    from the same assignment for an overlapping period."""
    data = DelegationInput.clean_arguments(locals())
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if data["starts_on"] < today:
        errors["starts_on"] = [_("A delegation cannot start in the past.")]
    days = (data["ends_on"] - data["starts_on"]).days + 1
    if days > DELEGATION_MAX_DAYS:
        errors["ends_on"] = [
            _("A delegation lasts at most %(max)s days (this one: %(days)s).")
            % {"max": DELEGATION_MAX_DAYS, "days": days}
        ]
    person = User.objects.filter(username=data["delegate"], is_active=True).first()
    if person is None:
        errors["delegate"] = [_("No active user has the login name “%(name)s”.") % {"name": data["delegate"][:150]}]
    elif person.pk == actor.pk:
        errors["delegate"] = [_("You cannot delegate to yourself.")]
    if errors:
        raise InvalidInput(str(DelegationInput.refused), fields=errors)
    with transaction.atomic():
        grant = lock_one(
            access.active_assignments().filter(user=actor, pk=data["assignment"]),
            _("You hold no such role assignment in force."),
        )
        if grant.role not in SIGNER_ROLES:
            raise InvalidInput(
                str(DelegationInput.refused),
                fields={"assignment": [_("Only a role that signs gate reviews can be delegated.")]},
            )
        scope = {"scope": grant.scope, "business_unit": grant.business_unit, "initiative": grant.initiative}
        if not any(
            covers(own, **scope)
            for own in access.active_assignments()
            .filter(user=person)
            .select_related("business_unit", "initiative__business_unit")
        ):
            raise InvalidInput(
                str(DelegationInput.refused),
                fields={
                    "delegate": [
                        _("%(name)s holds no role in %(scope)s: a delegate must work in the same scope.")
                        % {"name": person_name(person), "scope": grant.scope_label}
                    ]
                },
            )
        overlapping = Delegation.objects.filter(assignment=grant, delegate=person, revoked_at__isnull=True).filter(
            Q(starts_on__lte=data["ends_on"]) & Q(ends_on__gte=data["starts_on"])
        )
        if overlapping.exists():
            raise Refused(
                str(DelegationInput.refused),
                reasons=[
                    _("%(name)s already holds this delegation for part of that period.") % {"name": person_name(person)}
                ],
            )
        delegation = Delegation.objects.create(
            delegator=actor,
            delegate=person,
            assignment=grant,
            role=grant.role,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            reason=data["reason"],
            **scope,
        )
        audit_record(
            actor=actor,
            verb="delegation.created",
            target=delegation,
            initiative=grant.initiative,
            after=_data(delegation),
        )
    return delegation


def delegation_revoke(*, actor, delegation_id: int) -> Delegation:
    """End a delegation now: its delegator or the CoE (someone else's is not found; the delegate cannot revoke, only
    not sign). Revoking one already revoked or ended changes nothing."""
    coe = access.holds_global_role(user=actor, role=Role.COE_ADMIN)
    visible = Delegation.objects.all() if coe else Delegation.objects.filter(Q(delegator=actor) | Q(delegate=actor))
    with transaction.atomic():
        delegation = lock_one(
            visible.filter(pk=delegation_id),
            _("No such delegation."),
        )
        if delegation.delegator_id != actor.pk and not coe:
            raise Forbidden(_("Only the delegator or the CoE revokes a delegation."))
        if delegation.revoked_at is None and delegation.ends_on >= timezone.localdate():
            delegation.revoked_at = timezone.now()
            delegation.revoked_by = actor
            delegation.save(update_fields=["revoked_at", "revoked_by"])
            audit_record(
                actor=actor,
                verb="delegation.revoked",
                target=delegation,
                initiative=delegation.initiative,
                before={"ends_on": delegation.ends_on.isoformat()},
                after={**_data(delegation), "revoked_on": timezone.localdate().isoformat()},
            )
    return delegation
