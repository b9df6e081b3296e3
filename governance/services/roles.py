"""Granting and revoking roles: the only way role assignments and their object permissions change."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.choices import Role
from adoption.models import BusinessUnit, Initiative
from core.exceptions import Forbidden, InvalidInput, NotFound, Refused
from governance import access
from governance.audit import AuditEntry, audit_record, audit_record_many, audit_save
from governance.choices import AssignmentSource, GrantRequestStatus, Scope
from governance.models import RoleAssignment, RoleGrantRequest
from governance.permissions import FIELD_ROLES, GLOBAL_ONLY_ROLES, GRANT_REQUEST_DAYS, SECOND_APPROVAL_ROLES


def _assignment_data(assignment: RoleAssignment) -> dict:
    return {
        "user": assignment.user_id,
        "role": assignment.role,
        "scope": assignment.scope,
        "business_unit": assignment.business_unit_id,
        "initiative": assignment.initiative_id,
        "expires_at": assignment.expires_at.isoformat() if assignment.expires_at else None,
        "source": assignment.source,
    }


def role_grant(
    *,
    actor,
    user,
    role: str,
    business_unit: BusinessUnit | None = None,
    initiative: Initiative | None = None,
    expires_at: datetime.datetime | None = None,
) -> RoleAssignment | RoleGrantRequest:
    """Grant ``role`` to ``user`` globally, in ``business_unit`` (and its sub-units) or on ``initiative``. A global
    CoE or compliance role is not granted yet: the returned request waits for a second CoE member."""
    access.require_coe(actor, _("Only the CoE manages role assignments."))
    errors: dict[str, list[str]] = {}
    if role not in Role.values:
        errors["role"] = [_("“%(value)s” is not a role.") % {"value": role}]
    if user.pk == actor.pk:
        raise Forbidden(_("Nobody grants a role to themselves; ask another CoE member."))
    if not user.is_active:
        errors["user"] = [_("%(user)s is not an active user.") % {"user": user.get_username()}]
    if business_unit is not None and initiative is not None:
        errors["scope"] = [_("Choose a business unit or an initiative, not both.")]
    scope = Scope.INITIATIVE if initiative else Scope.BUSINESS_UNIT if business_unit else Scope.GLOBAL
    if role in GLOBAL_ONLY_ROLES and scope != Scope.GLOBAL:
        errors["scope"] = [_("This role is held for the whole organisation only.")]
    if role in FIELD_ROLES and scope == Scope.INITIATIVE:
        errors["role"] = [
            _("Set the initiative's %(field)s instead; the role follows that field.") % {"field": FIELD_ROLES[role]}
        ]
    if role == Role.INITIATIVE_OWNER:
        errors["role"] = [_("Owners are set on the initiative itself.")]
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = [_("The expiry must be in the future.")]
    if errors:
        raise InvalidInput(_("The role was not granted."), fields=errors)
    if scope == Scope.GLOBAL and role in SECOND_APPROVAL_ROLES:
        return _grant_request(actor=actor, user=user, role=role, expires_at=expires_at)
    with transaction.atomic():
        return _assignment_create(
            granted_by=actor,
            user=user,
            role=role,
            business_unit=business_unit,
            initiative=initiative,
            expires_at=expires_at,
            scope=scope,
        )


def _already_holds(user, role: str, scope: str, business_unit=None, initiative=None) -> None:
    existing = access.active_assignments().filter(
        user=user, role=role, scope=scope, business_unit=business_unit, initiative=initiative
    )
    if existing.exists():
        raise Refused(_("%(user)s already holds this role in this scope.") % {"user": user.get_username()})


def _assignment_create(
    *, granted_by, user, role: str, scope: str, business_unit=None, initiative=None, expires_at=None, approved_by=None
) -> RoleAssignment:
    """Create the assignment and its permission rows, audited, in the caller's transaction."""
    _already_holds(user, role, scope, business_unit, initiative)
    # An expired assignment the sweep has not closed yet would block the unique constraint: close it first,
    # as the sweep would (permission rows dropped, expiry audited).
    now = timezone.now()
    _close_expired(
        RoleAssignment.objects.select_for_update(of=("self",)).filter(
            expires_at__lte=now,
            user=user,
            role=role,
            scope=scope,
            business_unit=business_unit,
            initiative=initiative,
            revoked_at__isnull=True,
        ),
        now=now,
    )
    try:
        with transaction.atomic():
            assignment = RoleAssignment.objects.create(
                user=user,
                role=role,
                scope=scope,
                business_unit=business_unit,
                initiative=initiative,
                granted_by=granted_by,
                expires_at=expires_at,
                source=AssignmentSource.MANUAL,
            )
    except IntegrityError as error:
        if getattr(getattr(error.__cause__, "diag", None), "constraint_name", "") != "assignment_one_active":
            raise
        # A concurrent grant of the same role in the same scope committed first.
        raise Refused(_("%(user)s already holds this role in this scope.") % {"user": user.get_username()}) from None
    access.write_object_permissions(assignment)
    after = _assignment_data(assignment)
    if approved_by is not None:
        after["approved_by"] = approved_by.pk
    audit_record(
        actor=approved_by or granted_by, verb="role.granted", target=assignment, initiative=initiative, after=after
    )
    return assignment


def _grant_request(*, actor, user, role: str, expires_at) -> RoleGrantRequest:
    """A global privileged role waits for a second CoE member: record the request, audited."""
    with transaction.atomic():
        _already_holds(user, role, Scope.GLOBAL)
        pending = RoleGrantRequest.objects.select_for_update().filter(
            user=user, role=role, status=GrantRequestStatus.PENDING
        )
        for request in pending:
            if not request.lapsed:
                raise Refused(
                    _("A grant of this role to %(user)s already waits for a second CoE member.")
                    % {"user": user.get_username()}
                )
            request.status = GrantRequestStatus.DECLINED
            request.decision_note = "lapsed"
            request.decided_at = timezone.now()
            request.save(update_fields=["status", "decision_note", "decided_at"])
        request = RoleGrantRequest.objects.create(user=user, role=role, expires_at=expires_at, requested_by=actor)
        audit_record(
            actor=actor,
            verb="role.grant_requested",
            target=request,
            after={"user": user.pk, "role": role, "expires_at": expires_at.isoformat() if expires_at else None},
        )
    return request


def role_grant_decide(*, actor, request_id: int, approve: bool, note: str = "") -> RoleGrantRequest:
    """A second CoE member approves (the role is granted) or declines a pending grant of a global privileged role.
    Neither the member who asked nor the person who would receive the role may decide."""
    access.require_coe(actor, _("Only the CoE manages role assignments."))
    if len(note) > 500 or "\x00" in note:
        raise InvalidInput(
            _("The decision was not recorded."), fields={"note": [_("Keep the note under 500 characters.")]}
        )
    with transaction.atomic():
        request = RoleGrantRequest.objects.select_for_update().select_related("user").filter(pk=request_id).first()
        if request is None:
            raise NotFound(_("No such role grant request."))
        if request.status != GrantRequestStatus.PENDING:
            raise Refused(_("This grant was already decided."))
        if request.lapsed:
            raise Refused(
                _("This grant lapsed unapproved after %(days)d days; grant the role again.")
                % {"days": GRANT_REQUEST_DAYS}
            )
        if actor.pk == request.requested_by_id:
            raise Forbidden(_("A second CoE member decides: you asked for this grant yourself."))
        if actor.pk == request.user_id:
            raise Forbidden(_("Nobody decides a grant of a role to themselves."))
        request.decided_by, request.decided_at, request.decision_note = actor, timezone.now(), note.strip()
        if approve:
            request.user.refresh_from_db(fields=["is_active"])
            if not request.user.is_active:
                raise Refused(_("%(user)s is not an active user.") % {"user": request.user.get_username()})
            request.assignment = _assignment_create(
                granted_by=request.requested_by,
                user=request.user,
                role=request.role,
                scope=Scope.GLOBAL,
                expires_at=request.expires_at,
                approved_by=actor,
            )
            request.status = GrantRequestStatus.APPROVED
        else:
            request.status = GrantRequestStatus.DECLINED
        audit_save(
            request,
            ["decided_by", "decided_at", "decision_note", "assignment", "status"],
            actor=actor,
            verb="role.grant_approved" if approve else "role.grant_declined",
            after={"user": request.user_id, "role": request.role, "note": request.decision_note},
        )
    return request


def role_revoke(*, actor, assignment: RoleAssignment, reason: str = "") -> RoleAssignment:
    """Revoke a manually granted assignment (owner and sponsor follow the initiative's fields), saying why: the
    reason is stored on the assignment and in the audit event."""
    access.require_coe(actor, _("Only the CoE manages role assignments."))
    reason = str(reason or "").strip()
    if len(reason) > 500 or "\x00" in reason:
        raise InvalidInput(_("The role was not revoked."), fields={"reason": [_("At most 500 characters.")]})
    if not reason:
        raise InvalidInput(_("The role was not revoked."), fields={"reason": [_("Say why the role is revoked.")]})
    with transaction.atomic():
        assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.user_id == actor.pk:
            raise Forbidden(_("Nobody changes their own roles; ask another CoE member."))
        if assignment.revoked_at is not None:
            raise Refused(_("This assignment was already revoked."))
        if assignment.source != AssignmentSource.MANUAL:
            raise Refused(_("This role follows the initiative's owner or sponsor field; change the field instead."))
        assignment.revoked_at = timezone.now()
        assignment.revoked_by = actor
        assignment.revoke_reason = reason
        assignment.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        access.remove_object_permissions(assignment)
        audit_record(
            actor=actor,
            verb="role.revoked",
            target=assignment,
            initiative=assignment.initiative,
            before=_assignment_data(assignment),
            after={"reason": reason},
        )
    return assignment


def role_assignments_expire(*, now: datetime.datetime | None = None) -> int:
    """Close assignments past their expiry and drop their permission rows (checks already ignore them): at most
    1,000 per call, in a constant number of queries."""
    now = now or timezone.now()
    with transaction.atomic():
        return _close_expired(
            RoleAssignment.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(revoked_at__isnull=True, expires_at__lte=now)
            .order_by("pk")[:1000],
            now=now,
        )


def _close_expired(assignments, *, now: datetime.datetime) -> int:
    """Revoke ``assignments`` (expired, locked by the caller), drop their permission rows, audit ``role.expired``:
    six queries however many there are."""
    # The audit event names the holder and the scope: load them with the assignments.
    assignments = list(assignments.select_related("user", "business_unit", "initiative"))
    if not assignments:
        return 0
    ids = [assignment.pk for assignment in assignments]
    RoleAssignment.objects.filter(pk__in=ids).update(revoked_at=now, revoke_reason="expired")
    access.remove_object_permissions(*assignments)
    entries = []
    for assignment in assignments:
        assignment.revoked_at = now
        assignment.revoke_reason = "expired"
        entries.append(
            AuditEntry(assignment, initiative_id=assignment.initiative_id, before=_assignment_data(assignment))
        )
    audit_record_many(actor=None, verb="role.expired", entries=entries)
    return len(assignments)


def bootstrap_global_role(*, user, role: str, granted_by=None) -> RoleAssignment:
    """Give the first CoE member (or a demo user) a global role when nobody can grant it yet.

    Used by ``manage.py grant_role --bootstrap`` and the demo loader only; audited like any grant.
    """
    with transaction.atomic():
        now = timezone.now()
        # An expired, not yet swept global assignment must not pass for the one asked for.
        _close_expired(
            RoleAssignment.objects.select_for_update(of=("self",)).filter(
                user=user, role=role, scope=Scope.GLOBAL, revoked_at__isnull=True, expires_at__lte=now
            ),
            now=now,
        )
        assignment, created = RoleAssignment.objects.get_or_create(
            user=user,
            role=role,
            scope=Scope.GLOBAL,
            revoked_at__isnull=True,
            defaults={"granted_by": granted_by, "source": AssignmentSource.MANUAL},
        )
        if created:
            audit_record(actor=granted_by, verb="role.granted", target=assignment, after=_assignment_data(assignment))
    return assignment
