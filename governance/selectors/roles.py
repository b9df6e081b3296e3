"""Reads of role assignments, restricted to what the user may see."""

from __future__ import annotations

from django.db.models import QuerySet

from adoption.choices import Role
from governance import access
from governance.models import RoleAssignment

# Roles that see every assignment in the organisation: the CoE manages them, the auditor reviews them.
_SEE_ALL_ROLES = frozenset({Role.COE_ADMIN, Role.AUDITOR})


def _with_labels(queryset: QuerySet[RoleAssignment]) -> QuerySet[RoleAssignment]:
    # Everything ``scope_label`` and a list row show, in the same query.
    return queryset.select_related("user", "business_unit", "initiative", "granted_by", "revoked_by")


def role_assignments_visible(user) -> QuerySet[RoleAssignment]:
    """Assignments ``user`` may see, revoked and expired ones included (two queries whatever their number).

    CoE portfolio managers and auditors see all of them; everyone else sees their own.
    """
    if not user.is_authenticated or not user.is_active:
        return RoleAssignment.objects.none()
    queryset = RoleAssignment.objects.all()
    if not (access.global_roles(user) & _SEE_ALL_ROLES):
        queryset = queryset.filter(user=user)
    return _with_labels(queryset).order_by("user__username", "role", "-granted_at", "pk")


def my_roles(user) -> QuerySet[RoleAssignment]:
    """The assignments in force for ``user`` now (not revoked, not expired), with what each is scoped to."""
    if not user.is_authenticated or not user.is_active:
        return RoleAssignment.objects.none()
    return _with_labels(access.active_assignments().filter(user=user)).order_by("role", "scope", "pk")
