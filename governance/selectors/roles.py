"""Reads of role assignments, restricted to what the user may see."""

from __future__ import annotations

from django.db.models import (
    QuerySet,
)
from django.utils.translation import gettext as _

from adoption.choices import Role
from adoption.selectors.people import people_for_registration
from core.exceptions import NotFound
from governance import access
from governance.choices import GrantRequestStatus
from governance.models import RoleAssignment, RoleGrantRequest

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


def people_to_grant(*, user) -> QuerySet:
    """Active people the CoE member ``user`` may grant a role to: everyone but themselves."""
    return people_for_registration().exclude(pk=user.pk)


def nav_roles(*, user) -> dict[str, set[str]]:
    """The roles ``user`` holds now, globally and anywhere (one query), to decide what the navigation offers."""
    held: dict[str, set[str]] = {"global": set(), "any": set()}
    if not user.is_authenticated or not user.is_active:
        return held
    for role, scope in access.active_assignments().filter(user=user).values_list("role", "scope"):
        held["any"].add(role)
        if scope == "global":
            held["global"].add(role)
    return held


def role_assignment_get(*, user, pk: int) -> RoleAssignment:
    """One role assignment ``user`` may read; NotFound otherwise."""
    assignment = role_assignments_visible(user).filter(pk=pk).first()
    if assignment is None:
        raise NotFound(_("Role assignment not found."))
    return assignment


def role_grant_requests(*, user, pending_only: bool = False) -> QuerySet[RoleGrantRequest]:
    """Grants of global privileged roles: the CoE decides them, auditors review them; nobody else sees any."""
    if not user.is_authenticated or not user.is_active or not (access.global_roles(user) & _SEE_ALL_ROLES):
        return RoleGrantRequest.objects.none()
    requests = RoleGrantRequest.objects.select_related("user", "requested_by", "decided_by")
    if pending_only:
        requests = requests.filter(status=GrantRequestStatus.PENDING)
    return requests.order_by("-requested_at", "-pk")
