"""Reads of role assignments, restricted to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.choices import PHASE_ORDER, Role
from adoption.models import BusinessUnit
from adoption.selectors.people import people_for_registration, person_condition
from core.exceptions import NotFound
from governance import access, person_facts
from governance.choices import GrantRequestStatus
from governance.eligibility import unit_signers
from governance.gate import gate_roles
from governance.models import RoleAssignment, RoleGrantRequest

# Roles that see every assignment in the organisation: the CoE manages them, the auditor reviews them.
_SEE_ALL_ROLES = frozenset({Role.COE_ADMIN, Role.AUDITOR})


def _with_labels(queryset: QuerySet[RoleAssignment]) -> QuerySet[RoleAssignment]:
    # Everything ``scope_label`` and a list row show, in the same query.
    return queryset.select_related("user", "business_unit", "initiative", "granted_by", "revoked_by")


def sees_every_assignment(user) -> bool:
    """The CoE and auditors see everyone's roles (and the page's filters and signing matrix); others their own."""
    return bool(user.is_authenticated and user.is_active and access.global_roles(user) & _SEE_ALL_ROLES)


def role_assignments_visible(
    user, *, person: str = "", role: str = "", business_unit: BusinessUnit | None = None
) -> QuerySet[RoleAssignment]:
    """Assignments ``user`` may see, revoked and expired ones included (two queries whatever their number),
    optionally of people whose name or login contains ``person``, of one ``role``, or held in ``business_unit``
    (on the unit itself, a sub-unit, or an initiative of either).

    CoE portfolio managers and auditors see all of them; everyone else sees their own.
    """
    if not user.is_authenticated or not user.is_active:
        return RoleAssignment.objects.none()
    queryset = RoleAssignment.objects.all()
    if not sees_every_assignment(user):
        queryset = queryset.filter(user=user)
    if person:
        queryset = queryset.filter(person_condition(person, prefix="user__"))
    if role:
        queryset = queryset.filter(role=role)
    if business_unit is not None:
        queryset = queryset.filter(
            Q(business_unit__path__startswith=business_unit.path)
            | Q(initiative__business_unit__path__startswith=business_unit.path)
        )
    return _with_labels(queryset).order_by("user__first_name", "user__last_name", "user__username", "role", "pk")


@dataclass(frozen=True)
class UnitSigners:
    """One business unit of the "who may sign what" matrix: each role its gates need, the gates, and its holders."""

    unit: BusinessUnit
    rows: list[tuple[str, list[str], list]]  # (role, phases whose gate needs it, people who hold it there)


def signing_matrix(*, user) -> list[UnitSigners]:
    """Who may sign which gate's slots in each business unit (the CoE and auditors; empty for anyone else): the
    matrix's roles (``governance.gate.gate_roles``) and their holders (``governance.eligibility.unit_signers``), in
    three queries whatever the number of units and people."""
    if not sees_every_assignment(user):
        return []
    matrix = gate_roles()
    phases_of: dict[str, list[str]] = {}
    for phase in PHASE_ORDER:
        for role in matrix.get(phase, []):
            phases_of.setdefault(role, []).append(phase)
    if Role.COMPLIANCE_OFFICER not in phases_of and matrix:
        phases_of[Role.COMPLIANCE_OFFICER] = []  # the second officer of a high-risk gate
    units = list(BusinessUnit.objects.order_by("path"))
    holders = unit_signers(roles=phases_of, units=units)
    return [
        UnitSigners(unit=unit, rows=[(role, phases, holders[unit.pk][role]) for role, phases in phases_of.items()])
        for unit in units
    ]


def my_roles(user) -> QuerySet[RoleAssignment]:
    """The assignments in force for ``user`` now (not revoked, not expired), with what each is scoped to."""
    if not user.is_authenticated or not user.is_active:
        return RoleAssignment.objects.none()
    return _with_labels(access.active_assignments().filter(user=user)).order_by("role", "scope", "pk")


def roles_in_force(user) -> list[RoleAssignment]:
    """``my_roles(user)`` as a list, cached for a few seconds (governance.person_facts; a grant or revocation
    forgets it), for the navigation of every page and GET /users/me/. An assignment that expires meanwhile is left
    out at once: its expiry is checked here on every call, as ``access.active_assignments()`` checks it."""
    if not user.is_authenticated or not user.is_active:
        return []
    now = timezone.now()
    held = person_facts.remembered(person_facts.ROLES, user.pk, lambda: list(my_roles(user)))
    return [assignment for assignment in held if assignment.expires_at is None or assignment.expires_at > now]


def people_to_grant(*, user) -> QuerySet:
    """Active people the CoE member ``user`` may grant a role to: everyone but themselves."""
    return people_for_registration().exclude(pk=user.pk)


def nav_roles(*, user) -> dict[str, set[str]]:
    """The roles ``user`` holds now, globally and anywhere (``roles_in_force``), to decide what the navigation
    offers."""
    held: dict[str, set[str]] = {"global": set(), "any": set()}
    for assignment in roles_in_force(user):
        held["any"].add(assignment.role)
        if assignment.scope == "global":
            held["global"].add(assignment.role)
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
